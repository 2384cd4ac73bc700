// SPDX-License-Identifier: Apache-2.0
// Guided ejection search for route elimination (after the idea of Nagata &
// Bräysy 2009, written for this model): the requests of a dropped route sit in
// an ejection pool (the working solution's bank, used as a stack). Each step
// takes the last one and inserts it at its cheapest feasible place; if it fits
// nowhere, its failure counter goes up and it is inserted after ejecting one
// or two requests of a route, chosen to minimise the sum of the ejected
// requests' failure counters (requests that were hard to place before are
// left alone), and the ejected requests join the pool. Random feasible
// relocations and exchanges between routes then perturb the solution. Routes
// stay feasible at every step and no route is opened. Private to mobility/drt.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include "mobility/drt/detail/working_solution.h"

namespace cityos::mobility::drt::detail {

struct ejection_params {
  std::uint32_t max_eject = 2;       // requests ejected per insertion, 1 or 2
  std::uint32_t perturb_moves = 50;  // random moves after each ejection
};

class ejection_search {
 public:
  // `ev` must outlive the search.
  explicit ejection_search(route_evaluator const& ev, ejection_params params = {});

  // Places every request of ws.bank into the non-empty routes of `ws`.
  // Returns true once the bank is empty, false if `stop()` returns true first
  // (checked before each step); `ws` is feasible either way, with the requests
  // not yet placed in ws.bank. Failure counters start at 1 on every call.
  bool run(working_solution& ws, std::function<bool()> const& stop, std::mt19937_64& rng);

  // A repair for the distance search: places bank requests as run() does,
  // without perturbation, for at most `max_steps` steps; failure counters
  // carry over between calls. Returns true if the bank is empty.
  bool repair(working_solution& ws, std::size_t max_steps);

  // Steps (insertions attempted) over all calls.
  std::uint64_t steps() const { return steps_; }

 private:
  // One step on the top of the pool: its cheapest insertion (true), else an
  // insertion ejecting others, or to the bottom of the pool (false).
  bool step(working_solution& ws);
  bool insert_cheapest(working_solution& ws, std::uint32_t req);
  bool insert_ejecting(working_solution& ws, std::uint32_t req);
  void perturb(working_solution& ws, std::mt19937_64& rng);
  bool relocate(working_solution& ws, std::uint32_t a, std::uint32_t to);
  bool exchange(working_solution& ws, std::uint32_t a, std::uint32_t b);
  // Requests served by route `v`, in pickup order, into `out`.
  void members(working_solution const& ws, std::uint32_t v, std::vector<std::uint32_t>& out) const;

  route_evaluator const& ev_;
  ejection_params params_;
  std::uint64_t steps_ = 0;
  std::vector<std::uint64_t> failures_;  // request -> failure counter
  std::vector<std::uint32_t> members_, open_;
  route_state scratch_, scratch2_;
};

}  // namespace cityos::mobility::drt::detail
