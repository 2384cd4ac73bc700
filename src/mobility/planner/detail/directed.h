// SPDX-License-Identifier: Apache-2.0
// Private to mobility/planner: a pattern seen in search direction. A backward
// (arrive-by) search is the forward search on a mirrored timetable: positions
// and trips reversed, boarding and alighting swapped, times negated. Search
// code works on keys (smaller = better in both directions) and never asks
// which way it runs; `to_time` / `run_date` turn keys back into feed terms.
#pragma once

#include <cstdint>

#include "mobility/planner/timetable.h"

namespace cityos::mobility::planner::detail {

inline constexpr std::int32_t day = 86'400;

template <bool Backward>
struct directed {
  static constexpr std::int32_t sign = Backward ? -1 : 1;

  // The key of a clock time (seconds after midnight of the query date) and back.
  static std::int32_t key(std::int32_t time) { return sign * time; }
  static std::int32_t to_time(std::int32_t key) { return sign * key; }
  // The service date of a run found with view day offset `offset`.
  static std::int32_t run_date(std::int32_t query_date, std::int32_t offset) { return query_date + sign * offset; }

  pattern const& p;
  std::uint32_t n = static_cast<std::uint32_t>(p.stops.size());
  std::uint32_t m = static_cast<std::uint32_t>(p.trips.size());

  // Feed position / trip index of a view position / trip index (an involution).
  std::uint32_t pos(std::uint32_t i) const { return Backward ? n - 1 - i : i; }
  std::uint32_t trip(std::uint32_t j) const { return Backward ? m - 1 - j : j; }

  index_t stop(std::uint32_t i) const { return p.stops[pos(i)]; }
  bool can_board(std::uint32_t i) const { return Backward ? p.can_alight[pos(i)] != 0 : p.can_board[i] != 0; }
  bool can_alight(std::uint32_t i) const { return Backward ? p.can_board[pos(i)] != 0 : p.can_alight[i] != 0; }
  std::int32_t board_key(std::uint32_t j, std::uint32_t i) const {
    return Backward ? -p.at(trip(j), pos(i)).arrival : p.at(j, i).departure;
  }
  std::int32_t alight_key(std::uint32_t j, std::uint32_t i) const {
    return Backward ? -p.at(trip(j), pos(i)).departure : p.at(j, i).arrival;
  }
  trip_run const& run(std::uint32_t j) const { return p.trips[trip(j)]; }
  // No event of any run on its own service day has a larger key.
  std::int32_t last_key() const { return Backward ? -p.at(0, 0).arrival : p.last_time; }
};

struct catchable {
  std::uint32_t trip = 0;  // view trip index
  std::int32_t day_offset = 0;
  std::int32_t key = unreachable;  // boarding key including the day offset
};

// True if a wheelchair user may board or alight at `stop`.
inline bool step_free(gtfs::feed const& f, index_t stop) {
  auto const& s = f.stops[stop];
  if (s.wheelchair_boarding != 0 || s.parent == no_index) return s.wheelchair_boarding == 1;
  return f.stops[s.parent].wheelchair_boarding == 1;
}

// The first run of the view leaving view position `i` with key >= `k`, on a
// service day it runs (the query date or the one before or after); with
// `wheelchair`, only runs of trips marked accessible.
template <bool B>
catchable earliest_trip(timetable const& tt, directed<B> const& v, std::uint32_t i, std::int32_t k,
                        std::int32_t date, bool wheelchair) {
  catchable best;
  for (std::int32_t d = -1; d <= 1; ++d) {
    std::int32_t const shift = d * day;
    if (v.last_key() + shift < k) continue;
    std::int32_t const local = k - shift;
    std::uint32_t lo = 0, hi = v.m;
    while (lo < hi) {
      std::uint32_t const mid = (lo + hi) / 2;
      if (v.board_key(mid, i) < local) lo = mid + 1;
      else hi = mid;
    }
    for (std::uint32_t j = lo; j < v.m; ++j) {
      std::int32_t const dep = v.board_key(j, i) + shift;
      if (dep >= best.key) break;
      if (wheelchair && tt.feed().trips[v.run(j).trip].wheelchair_accessible != 1) continue;
      if (tt.runs(v.run(j), directed<B>::run_date(date, d))) {
        best = {j, d, dep};
        break;
      }
    }
  }
  return best;
}

}  // namespace cityos::mobility::planner::detail
