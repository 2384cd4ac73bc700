// SPDX-License-Identifier: Apache-2.0
// An independent solution checker for the dispatcher (issue 5): given a
// problem and a solution, recomputes every route's schedule and lists every
// violated rule in words, plus totals. It shares no evaluation code with the
// solver on purpose (it checks the solver). Rules and schedule definition:
// docs/drt.md. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "mobility/drt/problem.h"

namespace cityos::mobility::drt {

enum class violation_kind : std::uint8_t {
  unknown_node,      // a stop index that is no node of the problem
  visited_twice,     // a node on more than one route or twice on one route
  not_served,        // a request on no route and not listed unserved
  wrongly_unserved,  // listed unserved but served, listed twice, or no such request
  pairing,           // pickup and delivery not both on the same route
  precedence,        // delivery before its pickup on a route
  capacity,          // load above capacity in some dimension
  time_window,       // service cannot start by the node's latest time
  shift_end,         // back at the end depot after the shift end
  max_ride,          // a ride-time limit cannot be met by any schedule
  max_duration,      // the route duration limit cannot be met by any schedule
  vehicles,          // unknown vehicle, a vehicle used twice, or more routes than vehicles
};

// Short name of a kind ("time window", "capacity", ...).
std::string_view kind_name(violation_kind k);

struct violation {
  violation_kind kind;
  std::string message;  // one sentence naming routes, tasks (node labels) and values
};

// One route as checked: the schedule reported and its totals.
struct route_check {
  std::uint32_t vehicle = 0;
  double depart = 0, end_arrival = 0;  // at the depots
  std::vector<double> start;           // service start per stop
  double distance = 0;
  double duration() const { return end_arrival - depart; }
};

struct check_report {
  std::vector<violation> violations;
  std::vector<route_check> routes;  // as in the solution
  std::size_t vehicles_used = 0;    // non-empty routes
  std::size_t served = 0;           // requests fully served
  double total_distance = 0, total_duration = 0;
  bool feasible() const { return violations.empty(); }
  // True if some violation has kind `k`.
  bool has(violation_kind k) const;
};

struct check_options {
  double tolerance = 1e-6;  // slack allowed on every time limit (floating-point rounding)
};

// Checks `s` against `p`. Never fails: bad indices are reported as violations.
check_report check_solution(problem const& p, solution const& s, check_options const& opt = {});

// Writes a readable report: totals, then "feasible" or each violation.
void write_check_report(problem const& p, check_report const& r, std::ostream& out);

}  // namespace cityos::mobility::drt
