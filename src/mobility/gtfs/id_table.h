// SPDX-License-Identifier: Apache-2.0
// Interns GTFS string ids to dense integer indexes 0..size()-1, so that the big
// tables (stop_times, shapes, fare_rules) hold 4-byte indexes instead of strings.
// Indexes are stable; names live as long as the table. Not thread-safe for writes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cityos::mobility::gtfs {

using index_t = std::uint32_t;
inline constexpr index_t no_index = UINT32_MAX;

class id_table {
 public:
  // The index of `id`, adding it if new.
  index_t intern(std::string_view id);
  // The index of `id`, or nullopt if it was never interned.
  std::optional<index_t> find(std::string_view id) const;
  std::string const& name(index_t i) const { return names_[i]; }
  std::size_t size() const { return names_.size(); }

 private:
  struct hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, index_t, hash, std::equal_to<>> index_;
  std::vector<std::string> names_;
};

}  // namespace cityos::mobility::gtfs
