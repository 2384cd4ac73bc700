// SPDX-License-Identifier: Apache-2.0
// The Points of one GeoProperty, in a grid of cells 1/128 degree wide; each
// cell keeps its entries in id order. A geo-query with a limit merges the
// cells that overlap its box and stops after the first matches in id order,
// so a `near` for 20 entities reads about 20 entries however many lie in the
// box, where an R-tree hands out all of them to be sorted. Not thread-safe:
// the owning store guards it with its lock.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <unordered_map>
#include <vector>

#include "store/memory/entity_codec.h"
#include "store/memory/id_order.h"
#include "store/store.h"

namespace cityos::store {

// An entity as the owning store's id map holds it: (id, stored form). Indexes
// keep pointers to such map nodes, which must stay put while indexed.
using indexed_entity = std::pair<std::string const, entity_blob>;

// A located entity in id order: the key of its id, then the id (on ties).
struct located {
  id_key key;
  indexed_entity const* entity;
  double lon, lat;
};
bool id_less(located const& a, located const& b);

class point_grid {
 public:
  // Adds a Point of `entity`. With `sorted` false the cell's order is
  // restored only by sort() (bulk loading).
  void add(indexed_entity const* entity, double lon, double lat, bool sorted = true);
  // Removes that Point of `entity`; false if it is not there.
  bool remove(indexed_entity const* entity, double lon, double lat);
  // Restores the id order of cells added to unsorted.
  void sort();
  // The cells that overlap `box`, each in id order (they may hold Points
  // outside the box).
  void cells(geo_box const& box, std::vector<std::span<located const>>& out) const;
  std::size_t size() const { return size_; }

 private:
  static constexpr double kCellsPerDegree = 128;
  static std::int64_t column(double lon);
  static std::int64_t row(double lat);
  static std::uint64_t cell_of(std::int64_t column, std::int64_t row);

  std::unordered_map<std::uint64_t, std::vector<located>> cells_;
  std::vector<std::uint64_t> unsorted_;  // cells added to since sort()
  std::size_t size_ = 0;
};

// Calls visit(entity) for the entities of `points` inside `box` for which
// keep(their box) holds (if set) and of `others` (already in id order), in
// id order, each entity once, until visit returns false.
void visit_located_in_id_order(std::span<std::span<located const> const> points,
                               geo_box const& box,
                               std::function<bool(geo_box const&)> const& keep,
                               std::span<located const> others,
                               std::function<bool(indexed_entity const*)> const& visit);

}  // namespace cityos::store
