// SPDX-License-Identifier: Apache-2.0
// Small text helpers shared by the layers. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cityos {

// Returns `s` with ASCII letters lower-cased (HTTP header names, media types).
std::string to_lower(std::string_view s);

// Reads the `n` ASCII digits of `s` at `pos` as a number into `out`; false
// (out unspecified) if `s` is too short or one of them is not a digit.
bool parse_digits(std::string_view s, std::size_t pos, std::size_t n, int& out);

}  // namespace cityos
