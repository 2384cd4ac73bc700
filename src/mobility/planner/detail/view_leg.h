// SPDX-License-Identifier: Apache-2.0
// Private to mobility/planner: legs as a search finds them (in search order,
// with keys and view indexes) and their translation into a journey in travel
// order with clock times and feed positions.
#pragma once

#include <algorithm>
#include <utility>
#include <vector>

#include "mobility/planner/detail/directed.h"
#include "mobility/planner/raptor.h"

namespace cityos::mobility::planner::detail {

struct view_leg {
  leg_kind kind = leg_kind::walk;
  index_t from = no_index, to = no_index;  // no_index: the search's origin / destination
  std::int32_t from_key = 0, to_key = 0;
  index_t pattern = no_index;
  std::uint32_t trip = 0, board = 0, alight = 0;  // view indexes
  std::int32_t day_offset = 0;
};

template <bool B>
leg to_leg(timetable const& tt, query const& q, view_leg const& x) {
  using dir = directed<B>;
  leg l{x.kind, x.from, x.to, dir::to_time(x.from_key), dir::to_time(x.to_key)};
  if (B) std::swap(l.from_stop, l.to_stop), std::swap(l.departure, l.arrival);
  if (x.kind != leg_kind::ride) return l;
  dir const v{tt.patterns()[x.pattern]};
  l.trip = v.run(x.trip).trip;
  l.route = v.p.route;
  l.service_date = dir::run_date(q.date, x.day_offset);
  l.from_position = v.pos(B ? x.alight : x.board);
  l.to_position = v.pos(B ? x.board : x.alight);
  return l;
}

// Search-order legs to a journey in travel order and clock times.
template <bool B>
journey make_journey(timetable const& tt, query const& q, std::vector<view_leg> const& view, int transfers) {
  journey j{q.time, q.time, transfers, {}, {}, {}};
  for (auto const& x : view) j.legs.push_back(to_leg<B>(tt, q, x));
  if (B) std::reverse(j.legs.begin(), j.legs.end());
  if (!j.legs.empty()) j.departure = j.legs.front().departure, j.arrival = j.legs.back().arrival;
  return j;
}

}  // namespace cityos::mobility::planner::detail
