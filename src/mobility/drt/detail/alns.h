// SPDX-License-Identifier: Apache-2.0
// The ALNS engine behind drt::solve: adaptive roulette-wheel choice of destroy
// and repair operators, simulated-annealing acceptance, a route-elimination
// phase (drop the smallest route, place its requests in the others by guided
// ejection search, see ejection.h) and a distance phase. Private to
// mobility/drt. Not thread-safe.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <random>
#include <unordered_set>
#include <vector>

#include "mobility/drt/detail/ejection.h"
#include "mobility/drt/detail/insertion.h"
#include "mobility/drt/detail/removal.h"
#include "mobility/drt/detail/working_solution.h"
#include "mobility/drt/solver.h"

namespace cityos::mobility::drt::detail {

class alns {
 public:
  // `ev` and `options` must outlive the engine.
  alns(route_evaluator const& ev, solve_options const& options);

  solution run();

 private:
  static constexpr std::size_t insertion_kinds = 4;  // greedy, regret-2, regret-3, regret-m

  double fraction() const;
  bool out_of_budget() const { return fraction() >= 1; }
  double cost(working_solution const& ws, double penalty) const;
  // One destroy-repair step on `cur`; updates `best` (compared with `by_vehicles`).
  // Returns true if `best` improved.
  bool iterate(working_solution& cur, working_solution& best, double temperature, double penalty,
               bool by_vehicles);
  void eliminate_routes();
  void improve_distance();
  // Share of the budget for the next annealing cycle of the distance phase.
  double anneal_cycle() const;
  void update_weights();
  void report();
  std::size_t spin(std::vector<double> const& weights);

  route_evaluator const& ev_;
  solve_options const& opt_;
  std::mt19937_64 rng_;
  std::vector<std::vector<std::uint32_t>> groups_;
  inserter ins_;
  remover rem_;
  ejection_search ejector_;
  std::chrono::steady_clock::time_point start_;
  std::uint64_t iterations_ = 0;
  // where the distance phase began: budget fraction and iterations
  double phase_start_ = 0;
  std::uint64_t phase_iterations_ = 0;
  // banks up to this size left by a repair get the ejection repair; 0: none
  std::size_t repair_limit_ = 0;
  double max_dist_ = 1;
  working_solution best_, cand_;
  std::unordered_set<std::uint64_t> seen_;
  // operator -> roulette weight, score and uses in the current segment
  std::vector<double> removal_w_, insertion_w_, noise_w_;
  std::vector<double> removal_s_, insertion_s_, noise_s_;
  std::vector<std::uint32_t> removal_n_, insertion_n_, noise_n_;
};

}  // namespace cityos::mobility::drt::detail
