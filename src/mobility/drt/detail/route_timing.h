// SPDX-License-Identifier: Apache-2.0
// Schedules of one route for the checker (not shared with the solver): the
// earliest schedule (leave at shift start, wait at early arrival), and an
// exact feasibility test for time windows, shift, ride-time and route
// duration limits as a system of difference constraints solved by
// Bellman-Ford (a negative cycle = no schedule exists). Pure functions.
#pragma once

#include <optional>
#include <vector>

#include "mobility/drt/problem.h"

namespace cityos::mobility::drt::detail {

// Service start times of one route; stops as in the route.
struct schedule {
  double depart = 0;          // leaves the start depot
  std::vector<double> start;  // service start per stop (after any waiting)
  double end_arrival = 0;     // reaches the end depot
};

// A ride-time limit between two positions of the route.
struct ride_limit {
  std::size_t pickup_pos = 0, delivery_pos = 0;  // pickup_pos < delivery_pos
  double max_ride = no_limit;                    // from the end of pickup service to the start of delivery service
};

// Leaves at v.shift_start, travels, waits until each window opens; never
// checks a limit. `stops` must be valid node indices of `p`.
schedule earliest_schedule(problem const& p, vehicle const& v, std::vector<node_index> const& stops);

// Which limits feasible_schedule enforces besides travel times and the
// earliest times (window openings, shift start), which always hold.
struct timing_limits {
  bool latest = true;    // window closings and the shift end
  bool duration = true;  // v.max_duration
  std::vector<ride_limit> rides;
  double tolerance = 1e-6;  // added to every upper limit
};

// The earliest schedule meeting `limits`; nullopt if none exists. Its depot
// departure is then delayed so it arrives at the first stop when service
// starts there (the rest unchanged), which only shortens the route.
std::optional<schedule> feasible_schedule(problem const& p, vehicle const& v, std::vector<node_index> const& stops,
                                          timing_limits const& limits);

}  // namespace cityos::mobility::drt::detail
