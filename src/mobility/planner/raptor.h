// SPDX-License-Identifier: Apache-2.0
// RAPTOR (Delling, Pajor, Werneck 2012) from source stops to target stops,
// each with a walking time, returning the Pareto set over (arrival time,
// number of transfers) with at most `max_transfers` transfers; depart-at
// (earliest arrival) or arrive-by (latest departure, searched backwards).
// Rules: a trip is boarded only on a service day it runs (the query date, the
// day before for trips past 24:00, the day after for late queries); changing
// at the same stop takes timetable::change_time; after each round, footpaths
// (one hop, at most max_transfer_walk) are walked. Times in a query and in
// journeys are seconds after midnight of the query date (may exceed 86400 or,
// for arrive-by queries near midnight, be negative). Access and egress walks
// are timed to the ride they lead to, not to the query time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "mobility/planner/timetable.h"

namespace cityos::mobility::planner {

class fare_table;

struct stop_offset {
  index_t stop = no_index;  // feed::stops
  std::int32_t walk = 0;    // seconds between the origin/destination and the stop
};

struct query {
  std::vector<stop_offset> sources, targets;
  std::int32_t date = 0;  // days since 1970-01-01
  std::int32_t time = 0;  // departure (arrival if arrive_by), seconds after midnight of `date`
  bool arrive_by = false;
};

struct search_options {
  int max_transfers = 4;
  std::int32_t max_transfer_walk = unreachable;  // seconds; longer footpaths between stops are not used
  // Step-free travel: only trips with wheelchair_accessible = 1, boarding and
  // alighting only at stops with wheelchair_boarding = 1 (or 0 under a parent
  // station with 1). Footpaths are not checked (no pathways data).
  bool wheelchair = false;
  // With fares: the Pareto set is also over the fare (McRAPTOR, Delling et
  // al. 2012): a label's fare is the sum of its rides' single-ride prices (or,
  // when some fare covers several rides, the price of its rides together), and
  // each result is then priced exactly (fares::fare_calculator::price) and
  // filtered again. Built for the same timetable; must outlive the call.
  fare_table const* fares = nullptr;
  // With fares: no journey arrives (for arrive-by: leaves) more than this many
  // seconds after (before) the fastest one; cheaper journeys past that (say,
  // tomorrow's) are not worth offering and would slow the search.
  std::int32_t fare_slack = 3600;
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
  std::optional<double> fare;  // total in `currency`; none without fares or if a ride has no fare
  std::string currency;
};

// The Pareto-optimal journeys, by increasing number of transfers (and so
// decreasing arrival, or increasing departure for arrive-by). Empty if no
// target is reachable. Errors (bad_request) for stop indexes out of range,
// negative walks, max_transfers < 0, max_transfer_walk < 0 or fare_slack < 0.
result<std::vector<journey>> plan(timetable const& tt, query const& q, search_options const& options = {});

}  // namespace cityos::mobility::planner
