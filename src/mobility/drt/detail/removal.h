// SPDX-License-Identifier: Apache-2.0
// Destroy operators of the ALNS (Ropke & Pisinger 2006): random, worst
// (largest distance saving, randomised), Shaw / related (close in space, time
// and load) and whole-route removal. Each moves requests into the bank.
// Private to mobility/drt.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "mobility/drt/detail/working_solution.h"

namespace cityos::mobility::drt::detail {

enum class removal_kind : std::uint8_t { random, worst, shaw, route };
inline constexpr std::size_t removal_kinds = 4;

class remover {
 public:
  // `ev` must outlive the remover. Scans all node pairs for the largest distance.
  explicit remover(route_evaluator const& ev);
  // As above with `max_dist`, an upper bound of the distance between any two
  // nodes, given (O(nodes) instead of O(nodes^2): the online dispatcher's model
  // keeps every finished request's nodes).
  remover(route_evaluator const& ev, double max_dist);

  // Removes about `q` assigned requests (a whole route for removal_kind::route).
  void run(working_solution& ws, removal_kind kind, std::size_t q, std::mt19937_64& rng);

 private:
  void random(working_solution& ws, std::size_t q, std::mt19937_64& rng);
  void worst(working_solution& ws, std::size_t q, std::mt19937_64& rng);
  void shaw(working_solution& ws, std::size_t q, std::mt19937_64& rng);
  void route(working_solution& ws, std::mt19937_64& rng);
  void assigned(working_solution const& ws);
  double relatedness(std::uint32_t a, std::uint32_t b) const;

  route_evaluator const& ev_;
  double max_dist_ = 1, max_time_ = 1, max_load_ = 1;
  std::vector<double> start_;  // node -> start of service in the current solution
  std::vector<std::uint32_t> list_;  // scratch
};

}  // namespace cityos::mobility::drt::detail
