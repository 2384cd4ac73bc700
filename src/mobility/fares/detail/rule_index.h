// SPDX-License-Identifier: Apache-2.0
// fare_rules.txt read into lookup structures, row by row: a row without
// contains_id says "this fare applies to a ride set on route R (any if empty)
// from zone O to zone D (any if empty)"; rows of one fare with the same
// (route, origin, destination) and a contains_id form one group whose zones
// must equal the zones passed through. A fare without any rule is one row with
// every field empty (only if it names an agency or the feed has one agency).
// Built once, read-only after. Private to mobility/fares.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "mobility/fares/detail/price_table.h"
#include "mobility/gtfs/feed.h"

namespace cityos::mobility::fares::detail {

using gtfs::index_t;
using gtfs::no_index;

// One row (route, origin, destination; no_index = any) of one fare.
struct fare_row {
  index_t fare, route, origin, destination;
  bool operator==(fare_row const&) const = default;
};

struct fare_row_hash {
  std::size_t operator()(fare_row const& r) const;
};

struct contains_group {
  fare_row row;
  std::vector<index_t> zones;  // sorted, unique
};

struct rule_index {
  explicit rule_index(gtfs::feed const& f);

  // Zone of each stop (its parent station's when it has none), no_index if none.
  std::vector<index_t> stop_zone;
  // Agency of each route (the only agency when routes.txt leaves it empty).
  std::vector<index_t> route_agency;
  // Per fare: usable (it has rules, or applies everywhere) and its currency.
  std::vector<bool> fare_usable;
  std::vector<index_t> fare_currency;  // index into currencies
  std::vector<double> fare_price;
  std::vector<std::string> currencies;

  // Single-ride fast path: cheapest fare per (slot, origin, destination) over
  // rows without contains_id. slot = route index, route_count + agency for a
  // row without route of a fare with agency_id, or no_index.
  price_table cheapest;
  std::uint32_t shapes = 0;  // bit (s * 4 + o * 2 + d): a key of that shape exists
  index_t route_count = 0;

  std::unordered_set<fare_row, fare_row_hash> rows;  // rows without contains_id
  std::vector<contains_group> contains;

  // Bit for a key whose slot is of kind s (0 route, 1 agency, 2 any) and whose
  // origin / destination are given (o, d = 0) or any (1).
  static std::uint32_t shape_bit(int s, int o, int d) { return 1U << (s * 4 + o * 2 + d); }

 private:
  void add_row(gtfs::feed const& f, fare_row const& r);
};

}  // namespace cityos::mobility::fares::detail
