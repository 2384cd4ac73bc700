// SPDX-License-Identifier: Apache-2.0
// The static PDPTW / dial-a-ride solver: regret-2 construction, then Adaptive
// Large Neighbourhood Search (Ropke & Pisinger 2006) with a route-elimination
// phase. Objective, lexicographic: requests served, then (if
// minimize_vehicles) routes used, then total distance. Single-threaded;
// deterministic for a seed when stopped by max_iterations (a time limit makes
// the iteration count depend on the machine). Every returned route is feasible
// (route_evaluator's checks); requests that fit nowhere are in `unserved`.
#pragma once

#include <cstdint>
#include <functional>

#include "mobility/drt/problem.h"

namespace cityos::mobility::drt {

struct solve_progress {
  std::uint64_t iterations = 0;
  std::uint32_t vehicles = 0;  // routes of the best solution
  std::uint32_t unserved = 0;
  double distance = 0;         // of the best solution
  double elapsed = 0;          // seconds
};

struct solve_options {
  // The budget: whichever ends first. 0 (or infinity) disables a limit; with
  // neither, solve returns the construction.
  double time_limit = 10;              // seconds of wall time
  std::uint64_t max_iterations = 0;    // ALNS iterations
  std::uint64_t seed = 1;
  bool minimize_vehicles = true;       // false: served requests, then distance
  double vehicle_phase_share = 0.5;    // share of the budget for route elimination
  // Called on every new best solution and once at the end.
  std::function<void(solve_progress const&)> on_progress;
};

// Solves `p`. `p` is only read; the result's routes name vehicles of p.
solution solve(problem const& p, solve_options const& options);

}  // namespace cityos::mobility::drt
