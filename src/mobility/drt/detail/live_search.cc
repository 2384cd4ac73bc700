// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt/detail/live_search.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <random>

#include "mobility/drt/detail/insertion.h"
#include "mobility/drt/detail/removal.h"

namespace cityos::mobility::drt::detail {
namespace {

constexpr std::array<std::uint32_t, 3> regret_of = {1, 2, 3};
constexpr std::size_t max_removed = 10;  // live plans: small neighbourhoods, many of them

bool keeps_required(working_solution const& ws, std::vector<char> const& required) {
  return std::none_of(ws.bank.begin(), ws.bank.end(), [&](std::uint32_t r) { return required[r] != 0; });
}

}  // namespace

std::uint64_t live_search(route_evaluator const& ev, working_solution& ws,
                          std::vector<std::vector<std::uint32_t>> const& groups, std::vector<char> const& required,
                          live_search_options const& options) {
  bool const timed = options.time_budget_ms > 0 && std::isfinite(options.time_budget_ms);
  if (!timed && options.max_iterations == 0) return 0;
  auto const start = std::chrono::steady_clock::now();
  std::uint64_t iterations = 0;
  auto fraction = [&] {
    double f = 0;
    if (timed)
      f = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() /
          options.time_budget_ms;
    if (options.max_iterations > 0)
      f = std::max(f, static_cast<double>(iterations) / static_cast<double>(options.max_iterations));
    return f;
  };
  std::size_t const movable = static_cast<std::size_t>(
      std::count_if(ws.route_of.begin(), ws.route_of.end(), [](std::int32_t v) { return v != unassigned; }));
  if (movable + ws.bank.size() == 0) return 0;

  std::mt19937_64 rng(options.seed);
  remover rem(ev, options.max_dist);
  inserter ins(ev, groups);
  double const penalty = 10 * options.max_dist;  // an unplaced request costs more than any detour
  auto cost = [&](working_solution const& s) { return s.distance() + penalty * static_cast<double>(s.bank.size()); };
  working_solution cur = ws, cand;
  double const t0 = std::max(1.0, 0.002 * cur.distance() / std::log(2.0));
  auto const hi = std::max<std::size_t>(1, std::min(max_removed, (movable + ws.bank.size() + 2) / 3));
  // A timed run stops when the next iteration, at the mean pace so far, would
  // overrun the budget: the caller holds a lock for it.
  auto const pace = [&] {
    if (!timed || iterations == 0) return 0.0;
    return (1.0 / options.time_budget_ms) *
           std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() /
           static_cast<double>(iterations);
  };
  while (fraction() + pace() < 1) {
    ++iterations;
    cand = cur;
    auto const kind = static_cast<removal_kind>(std::uniform_int_distribution<int>(0, removal_kinds - 1)(rng));
    auto const q = std::uniform_int_distribution<std::size_t>(1, hi)(rng);
    rem.run(cand, kind, q, rng);
    bool const noisy = std::uniform_int_distribution<int>(0, 1)(rng) == 1;
    ins.run(cand, {regret_of[std::uniform_int_distribution<std::size_t>(0, regret_of.size() - 1)(rng)],
                   noisy ? 0.025 * options.max_dist : 0},
            rng);
    if (!keeps_required(cand, required)) continue;
    if (better(cand, ws, false)) ws = cand;
    double const delta = cost(cand) - cost(cur);
    double const temperature = t0 * std::pow(0.002, std::min(1.0, fraction()));
    if (delta < 0 || std::uniform_real_distribution<double>(0, 1)(rng) < std::exp(-delta / temperature))
      std::swap(cur, cand);
  }
  return iterations;
}

}  // namespace cityos::mobility::drt::detail
