// SPDX-License-Identifier: Apache-2.0
#include "mobility/gtfs/id_table.h"

namespace cityos::mobility::gtfs {

index_t id_table::intern(std::string_view id) {
  if (auto it = index_.find(id); it != index_.end()) return it->second;
  auto const i = static_cast<index_t>(names_.size());
  names_.emplace_back(id);
  index_.emplace(names_.back(), i);
  return i;
}

std::optional<index_t> id_table::find(std::string_view id) const {
  if (auto it = index_.find(id); it != index_.end()) return it->second;
  return std::nullopt;
}

}  // namespace cityos::mobility::gtfs
