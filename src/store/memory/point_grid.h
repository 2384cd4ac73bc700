// SPDX-License-Identifier: Apache-2.0
// The Points of one GeoProperty, in a grid of cells 1/128 degree wide; each
// cell keeps its entries in id order, in chunks (located_list). A geo-query
// with a limit merges the cells that overlap its box and stops after the
// first matches in id order, so a `near` for 20 entities reads about 20
// entries however many lie in the box, where an R-tree hands out all of them
// to be sorted. Not thread-safe: the owning store guards it with its lock.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <span>
#include <tuple>
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
struct id_less {
  bool operator()(located const& a, located const& b) const;
};

// Located entities in id order (one entity may appear more than once), in
// sorted chunks of at most 512: an insert moves at most a chunk, so many
// entities at one place (a default location) stay cheap, and reading runs
// through contiguous memory.
class located_list {
 public:
  void insert(located const& e);
  // Adds `e` out of order (bulk loading); sort() restores the order, which
  // insert(), erase() and reading need. Returns true if the list was in
  // order before.
  bool append(located const& e);
  void sort();
  bool sorted() const { return sorted_; }
  // An entry's identity without reading its entity (which may be gone by
  // the time it is used): address, key (entities at a reused address differ
  // in it) and place.
  using place = std::tuple<indexed_entity const*, id_key, double, double>;
  // Before sort(): erases one entry per element of `gone`; returns how many.
  std::size_t drop(std::multiset<place> gone);
  // Erases one entry equal to `e` (same entity and place); false if none.
  bool erase(located const& e);
  bool empty() const { return chunks_.empty(); }

  // Reads the entries in order.
  class cursor {
   public:
    cursor() = default;
    explicit cursor(located_list const& l);
    bool done() const { return at_ == end_; }
    located const& operator*() const { return *at_; }
    void next();

   private:
    std::vector<std::vector<located>>::const_iterator chunk_, last_chunk_;
    located const* at_ = nullptr;
    located const* end_ = nullptr;
  };

 private:
  static constexpr std::size_t kChunk = 512;
  std::vector<std::vector<located>> chunks_;  // each sorted, non-empty, in order
  bool sorted_ = true;
};

class point_grid {
 public:
  // Adds a Point of `entity`. With `bulk`, the cell is ordered only by
  // sort() (loading), and queries must wait for that.
  void add(indexed_entity const* entity, double lon, double lat, bool bulk = false);
  // Removes that Point of `entity` (still in the owning map); false if it is
  // not there. From a cell added to in bulk it is removed by sort(), so the
  // entity may be erased from the map before then.
  bool remove(indexed_entity const* entity, double lon, double lat);
  // Takes out the Points removed since bulk adds, then orders the cells.
  void sort();
  // The cells that overlap `box` (they may hold Points outside it).
  void cells(geo_box const& box, std::vector<located_list const*>& out) const;
  std::size_t size() const { return size_; }

 private:
  static constexpr double kCellsPerDegree = 128;
  static std::int64_t column(double lon);
  static std::int64_t row(double lat);
  static std::uint64_t cell_of(std::int64_t column, std::int64_t row);

  std::unordered_map<std::uint64_t, located_list> cells_;
  std::vector<std::uint64_t> unsorted_;  // cells added to in bulk since sort()
  std::unordered_map<std::uint64_t, std::multiset<located_list::place>> gone_;  // their removals
  std::size_t size_ = 0;
};

// Calls visit(entity) for the entities in the cells `points` whose Point is
// inside `box` and passes keep(its box) (if set), and for those of `others`,
// in id order, each entity once, until visit returns false. Only as many
// entries are read as the visits take.
void visit_located_in_id_order(std::span<located_list const* const> points, geo_box const& box,
                               std::function<bool(geo_box const&)> const& keep,
                               located_list const& others,
                               std::function<bool(indexed_entity const*)> const& visit);

}  // namespace cityos::store
