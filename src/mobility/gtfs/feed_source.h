// SPDX-License-Identifier: Apache-2.0
// Where a feed's files come from: a folder or a .zip archive (files at the top or
// in one sub-folder of the archive). Not thread-safe.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace cityos::mobility::gtfs {

class feed_source {
 public:
  virtual ~feed_source() = default;
  // The whole content of file `name` ("stops.txt"); nullopt if the feed has no
  // such file; an error (internal) if it exists but cannot be read.
  virtual result<std::optional<std::string>> read(std::string_view name) = 0;
};

// Opens `path`: a directory, or a file ending in .zip (any case).
// Errors: not_found if the path does not exist, bad_request if it is neither a
// directory nor a readable zip archive.
result<std::unique_ptr<feed_source>> open_feed_source(std::filesystem::path const& path);

}  // namespace cityos::mobility::gtfs
