// SPDX-License-Identifier: Apache-2.0
// RAPTOR (Delling, Pajor, Werneck 2012): depart-at search from source stops to
// target stops, each with a walking time, returning the Pareto set over
// (arrival time, number of transfers) with at most `max_transfers` transfers.
// Rules: a trip is boarded only on a service day it runs (the query date, the
// day before for trips past 24:00, the day after for late queries); changing
// at the same stop takes timetable::change_time; after each round, footpaths
// (one hop) are walked. Times in a query and in journeys are seconds after
// midnight of the query date (may exceed 86400 or be below 0 never).
#pragma once

#include <cstdint>
#include <vector>

#include "common/result.h"
#include "mobility/planner/timetable.h"

namespace cityos::mobility::planner {

struct stop_offset {
  index_t stop = no_index;  // feed::stops
  std::int32_t walk = 0;    // seconds between the origin/destination and the stop
};

struct query {
  std::vector<stop_offset> sources, targets;
  std::int32_t date = 0;  // days since 1970-01-01
  std::int32_t time = 0;  // departure, seconds after midnight of `date`
};

struct search_options {
  int max_transfers = 4;
};

enum class leg_kind { walk, ride };

struct leg {
  leg_kind kind = leg_kind::walk;
  index_t from_stop = no_index, to_stop = no_index;  // no_index: the origin / destination
  std::int32_t departure = 0, arrival = 0;           // seconds after midnight of the query date
  // Rides only:
  index_t trip = no_index, route = no_index;
  std::int32_t service_date = 0;                     // the trip's service day
  std::uint32_t from_position = 0, to_position = 0;  // positions in the trip's stop_times slice
};

struct journey {
  std::int32_t departure = 0, arrival = 0;
  int transfers = 0;  // rides - 1 (0 for a walk-only journey)
  std::vector<leg> legs;
};

// The Pareto-optimal journeys, by increasing number of transfers (and so
// decreasing arrival). Empty if no target is reachable. Errors (bad_request)
// for stop indexes out of range, negative walks or max_transfers < 0.
result<std::vector<journey>> plan(timetable const& tt, query const& q, search_options const& options = {});

}  // namespace cityos::mobility::planner
