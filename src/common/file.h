// SPDX-License-Identifier: Apache-2.0
// Whole-file reads for configuration and data files.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace cityos {

// The bytes of `path`, or nullopt if it cannot be opened or read (callers say
// which file and what it was for).
std::optional<std::string> read_file(std::filesystem::path const& path);

}  // namespace cityos
