// SPDX-License-Identifier: Apache-2.0
// The solver's mutable solution: one evaluated route per vehicle (most may be
// empty), request -> vehicle, and the request bank (unassigned requests).
// Private to mobility/drt. Not thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "mobility/drt/problem.h"
#include "mobility/drt/route_eval.h"

namespace cityos::mobility::drt::detail {

inline constexpr std::int32_t unassigned = -1;

struct working_solution {
  std::vector<route_state> routes;     // vehicle -> its route
  std::vector<std::int32_t> route_of;  // request -> vehicle, or unassigned
  std::vector<std::uint32_t> bank;     // unassigned requests
  std::uint32_t max_routes = 0;        // how many routes may be non-empty

  double distance() const;
  std::uint32_t used_routes() const;
};

// Identical vehicles (same capacity, depots, shift, duration) form a group; an
// insertion tries one empty vehicle per group. group -> vehicles, by index.
std::vector<std::vector<std::uint32_t>> vehicle_groups(problem const& p);

// All routes empty, every request in the bank.
working_solution empty_solution(route_evaluator const& ev);

// Inserts request `req` into the route of vehicle `v` at `at` and re-evaluates it.
void insert_request(route_evaluator const& ev, working_solution& ws, std::uint32_t req,
                    std::uint32_t v, insertion const& at);
// Removes `req` from its route, re-evaluates the route, puts req in the bank.
void remove_request(route_evaluator const& ev, working_solution& ws, std::uint32_t req);

// Order-independent hash of the routes (for "seen before" in ALNS scoring).
std::uint64_t fingerprint(working_solution const& ws);

// The non-empty routes and the bank as a drt::solution. Routes are moved to
// the lowest-numbered vehicles of their group (identical vehicles), so a fleet
// of identical vehicles uses vehicles 0..m-1.
solution to_solution(working_solution const& ws, std::vector<std::vector<std::uint32_t>> const& groups);

// Lexicographic comparison: fewer unassigned, then (if by_vehicles) fewer
// routes, then less distance.
bool better(working_solution const& a, working_solution const& b, bool by_vehicles);

}  // namespace cityos::mobility::drt::detail
