// SPDX-License-Identifier: Apache-2.0
// Single-ride prices per pattern, precomputed for the search with fares: all
// trips of a pattern share route and stops, so a ride's price depends only on
// (pattern, boarding position, alighting position). A pattern whose rides all
// cost the same stores one number; others an upper-triangular matrix. Built
// once per timetable (a real-time timetable needs its own); immutable, safe to
// share between searches. Both referenced objects must outlive it.
#pragma once

#include <cstdint>
#include <vector>

#include "mobility/fares/fare_calculator.h"
#include "mobility/planner/timetable.h"

namespace cityos::mobility::planner {

class fare_table {
 public:
  fare_table(timetable const& tt, fares::fare_calculator const& fares);

  fares::fare_calculator const& calculator() const { return *fares_; }
  timetable const& for_timetable() const { return *tt_; }
  // True if some fare covers several rides (fare_attributes.transfers != 0):
  // then the search prices a label's rides together rather than adding them.
  bool shared_tickets() const { return shared_tickets_; }
  // True if every ride of pattern `p` costs the same, wherever boarded.
  bool flat(index_t p) const { return patterns_[p].flat >= 0; }
  // True if every ride of every pattern costs the same and no fare covers
  // several rides: the fare is then a function of the number of rides, and a
  // search over (time, transfers) finds the Pareto set over fares too.
  bool uniform() const { return uniform_; }

  // Price in hundredths of the currency unit of riding pattern `p` from
  // position i to j (i < j, feed positions); 0 if no fare applies.
  std::int64_t ride(index_t p, std::uint32_t i, std::uint32_t j) const {
    auto const& e = patterns_[p];
    if (e.flat >= 0) return e.flat;
    return prices_[e.offset + static_cast<std::size_t>(i) * e.n + j];
  }

  std::size_t memory_bytes() const { return prices_.capacity() * sizeof(std::int32_t); }

 private:
  struct entry {
    std::size_t offset = 0;
    std::uint32_t n = 0;
    std::int32_t flat = 0;  // >= 0: every ride of the pattern costs this; -1: see prices_
  };
  timetable const* tt_;
  fares::fare_calculator const* fares_;
  bool shared_tickets_ = false;
  bool uniform_ = false;
  std::vector<entry> patterns_;
  std::vector<std::int32_t> prices_;  // n x n per non-flat pattern, row = boarding position
};

}  // namespace cityos::mobility::planner
