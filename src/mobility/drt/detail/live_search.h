// SPDX-License-Identifier: Apache-2.0
// Destroy-repair search on the online dispatcher's live plans (background
// improvement and next-day batches): random / worst / Shaw / route removal and
// greedy or regret insertion (removal.h, insertion.h), simulated-annealing
// acceptance on a copy. Requests marked `required` (promised ones) are never
// left unplaced: a candidate that leaves one in the bank is discarded. The best
// solution found (fewest unplaced, then least distance) is returned in `ws`.
// Private to mobility/drt. Not thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "mobility/drt/detail/working_solution.h"

namespace cityos::mobility::drt::detail {

struct live_search_options {
  double time_budget_ms = 5;         // wall time; 0: no time limit
  std::uint64_t max_iterations = 0;  // 0: no limit; with neither limit, no iteration runs
  std::uint64_t seed = 1;
  double max_dist = 1;               // an upper bound of the distance between two nodes
};

// Searches from `ws` (routes evaluated and feasible; requests that must not
// move are neither in ws.bank nor in ws.route_of). `required`: request ->
// must stay placed. `groups`: vehicle groups the inserter may open (one per
// vehicle that may receive requests). Returns the iterations run; `ws` holds
// the best solution (the start if nothing was better).
std::uint64_t live_search(route_evaluator const& ev, working_solution& ws,
                          std::vector<std::vector<std::uint32_t>> const& groups, std::vector<char> const& required,
                          live_search_options const& options);

}  // namespace cityos::mobility::drt::detail
