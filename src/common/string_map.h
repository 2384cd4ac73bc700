// SPDX-License-Identifier: Apache-2.0
// A hash map keyed by std::string that is looked up with any string_view
// (heterogeneous lookup), so a lookup builds no std::string.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cityos {

struct string_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

template <typename V>
using string_map = std::unordered_map<std::string, V, string_hash, std::equal_to<>>;

}  // namespace cityos
