// SPDX-License-Identifier: Apache-2.0
#include "store/memory/point_grid.h"

#include <algorithm>
#include <cmath>
#include <queue>

namespace cityos::store {

bool id_less(located const& a, located const& b) {
  if (a.key != b.key) return a.key < b.key;
  if (a.entity == b.entity) return false;
  return a.entity->first < b.entity->first;
}

std::int64_t point_grid::column(double lon) {
  return static_cast<std::int64_t>(std::floor((std::clamp(lon, -180.0, 180.0) + 180) * kCellsPerDegree));
}

std::int64_t point_grid::row(double lat) {
  return static_cast<std::int64_t>(std::floor((std::clamp(lat, -90.0, 90.0) + 90) * kCellsPerDegree));
}

std::uint64_t point_grid::cell_of(std::int64_t column, std::int64_t row) {
  return (static_cast<std::uint64_t>(column) << 32) | static_cast<std::uint64_t>(row);
}

void point_grid::add(indexed_entity const* entity, double lon, double lat, bool sorted) {
  auto const cell = cell_of(column(lon), row(lat));
  auto& entries = cells_[cell];
  located const e{id_key::of(entity->first), entity, lon, lat};
  if (sorted) {
    entries.insert(std::upper_bound(entries.begin(), entries.end(), e, id_less), e);
  } else {
    if (entries.empty() || !id_less(entries.back(), e)) unsorted_.push_back(cell);
    entries.push_back(e);
  }
  ++size_;
}

bool point_grid::remove(indexed_entity const* entity, double lon, double lat) {
  auto it = cells_.find(cell_of(column(lon), row(lat)));
  if (it == cells_.end()) return false;
  auto& entries = it->second;
  auto const e = std::find_if(entries.begin(), entries.end(), [&](located const& x) {
    return x.entity == entity && x.lon == lon && x.lat == lat;
  });
  if (e == entries.end()) return false;
  entries.erase(e);
  if (entries.empty()) cells_.erase(it);
  --size_;
  return true;
}

void point_grid::sort() {
  std::sort(unsorted_.begin(), unsorted_.end());
  unsorted_.erase(std::unique(unsorted_.begin(), unsorted_.end()), unsorted_.end());
  for (auto cell : unsorted_) {
    if (auto it = cells_.find(cell); it != cells_.end()) {
      std::sort(it->second.begin(), it->second.end(), id_less);
    }
  }
  unsorted_.clear();
}

void point_grid::cells(geo_box const& box, std::vector<std::span<located const>>& out) const {
  auto const c0 = column(box.min_lon), c1 = column(box.max_lon);
  auto const r0 = row(box.min_lat), r1 = row(box.max_lat);
  auto const span = static_cast<double>(c1 - c0 + 1) * static_cast<double>(r1 - r0 + 1);
  if (span > static_cast<double>(cells_.size())) {
    // A box wider than the occupied cells: walk those instead.
    for (auto const& [cell, entries] : cells_) {
      auto const c = static_cast<std::int64_t>(cell >> 32);
      auto const r = static_cast<std::int64_t>(cell & 0xffffffffu);
      if (c >= c0 && c <= c1 && r >= r0 && r <= r1) out.emplace_back(entries);
    }
    return;
  }
  for (auto c = c0; c <= c1; ++c) {
    for (auto r = r0; r <= r1; ++r) {
      if (auto it = cells_.find(cell_of(c, r)); it != cells_.end()) out.emplace_back(it->second);
    }
  }
}

void visit_located_in_id_order(std::span<std::span<located const> const> points,
                               geo_box const& box,
                               std::function<bool(geo_box const&)> const& keep,
                               std::span<located const> others,
                               std::function<bool(indexed_entity const*)> const& visit) {
  struct cursor {
    located const* at;
    located const* end;
    bool check;  // a grid cell: skip Points outside the box or not kept
  };
  auto const wanted = [&](located const& p) {
    return p.lon >= box.min_lon && p.lon <= box.max_lon && p.lat >= box.min_lat &&
           p.lat <= box.max_lat && (!keep || keep(geo_box{p.lon, p.lat, p.lon, p.lat}));
  };
  auto const settle = [&](cursor& c) {
    if (!c.check) return;
    while (c.at != c.end && !wanted(*c.at)) ++c.at;
  };
  auto const later = [](cursor const& a, cursor const& b) { return id_less(*b.at, *a.at); };
  std::priority_queue<cursor, std::vector<cursor>, decltype(later)> heap(later);
  auto const push = [&](cursor c) {
    settle(c);
    if (c.at != c.end) heap.push(c);
  };
  for (auto cell : points) push({cell.data(), cell.data() + cell.size(), true});
  push({others.data(), others.data() + others.size(), false});
  indexed_entity const* last = nullptr;
  while (!heap.empty()) {
    cursor c = heap.top();
    heap.pop();
    indexed_entity const* const e = c.at->entity;
    ++c.at;
    push(c);
    if (e == last) continue;  // one entity with several Points or boxes
    last = e;
    if (!visit(e)) return;
  }
}

}  // namespace cityos::store
