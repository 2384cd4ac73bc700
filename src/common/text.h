// SPDX-License-Identifier: Apache-2.0
// Small text helpers shared by the layers. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace cityos {

// Returns `s` with ASCII letters lower-cased (HTTP header names, media types).
std::string to_lower(std::string_view s);

}  // namespace cityos
