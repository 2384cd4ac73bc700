// SPDX-License-Identifier: Apache-2.0
// Repair operators of the ALNS: greedy (regret_k = 1) and regret-k insertion
// of the bank into the routes, with optional noise on insertion costs
// (Ropke & Pisinger 2006). Private to mobility/drt.
#pragma once

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "mobility/drt/detail/working_solution.h"

namespace cityos::mobility::drt::detail {

struct insert_params {
  std::uint32_t regret_k = 1;  // 1: greedy; a large value: regret-m
  double noise = 0;            // cost noise amplitude (distance units), 0: none
};

// Inserts bank requests one at a time (the one with the largest regret, or the
// cheapest for greedy) until none fits; requests that fit nowhere stay in the
// bank. Opens new routes (one empty vehicle per group) while fewer than
// ws.max_routes are used.
class inserter {
 public:
  // `ev` and `groups` must outlive the inserter.
  inserter(route_evaluator const& ev, std::vector<std::vector<std::uint32_t>> const& groups);

  void run(working_solution& ws, insert_params const& params, std::mt19937_64& rng);

 private:
  struct entry {
    double cost = 0;
    insertion at;
    bool ok = false;
  };
  entry evaluate(route_state const& r, std::uint32_t req, double noise, std::mt19937_64& rng) const;
  void fill_column(working_solution const& ws, std::uint32_t v, double noise, std::mt19937_64& rng);
  std::int32_t empty_vehicle(working_solution const& ws, std::size_t group) const;
  // The pending row to insert next and its slot (a vehicle, or V + group for
  // an empty vehicle of that group); row -1 if nothing fits anywhere.
  std::pair<std::int64_t, std::size_t> choose(std::size_t V, std::uint32_t k);

  route_evaluator const& ev_;
  std::vector<std::vector<std::uint32_t>> const& groups_;
  std::vector<std::uint32_t> pending_;
  std::vector<entry> cache_;        // pending row -> vehicle -> best insertion
  std::vector<entry> group_cache_;  // pending row -> group -> best insertion into an empty vehicle
  std::vector<double> costs_;       // scratch
  std::vector<std::uint32_t> open_;    // non-empty vehicles
  std::vector<std::int32_t> empty_of_;  // group -> an empty vehicle to open, or -1
};

}  // namespace cityos::mobility::drt::detail
