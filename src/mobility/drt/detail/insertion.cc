// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt/detail/insertion.h"

#include <algorithm>
#include <limits>

namespace cityos::mobility::drt::detail {

inserter::inserter(route_evaluator const& ev, std::vector<std::vector<std::uint32_t>> const& groups)
    : ev_(ev), groups_(groups) {}

inserter::entry inserter::evaluate(route_state const& r, std::uint32_t req, double noise,
                                   std::mt19937_64& rng) const {
  auto best = ev_.best_insertion(r, req);
  if (!best) return {};
  double cost = best->delta;
  if (noise > 0) cost = std::max(0.0, cost + std::uniform_real_distribution<double>(-noise, noise)(rng));
  return {cost, *best, true};
}

void inserter::fill_column(working_solution const& ws, std::uint32_t v, double noise, std::mt19937_64& rng) {
  auto const V = ws.routes.size();
  for (std::size_t row = 0; row < pending_.size(); ++row)
    cache_[row * V + v] = evaluate(ws.routes[v], pending_[row], noise, rng);
}

std::int32_t inserter::empty_vehicle(working_solution const& ws, std::size_t group) const {
  for (auto v : groups_[group])
    if (ws.routes[v].empty()) return static_cast<std::int32_t>(v);
  return -1;
}

std::pair<std::int64_t, std::size_t> inserter::choose(std::size_t V, std::uint32_t k) {
  auto const G = groups_.size();
  std::int64_t best_row = -1;
  std::size_t best_slot = 0, best_count = 0;
  double best_regret = 0, best_min = 0;
  for (std::size_t row = 0; row < pending_.size(); ++row) {
    costs_.clear();
    double mn = std::numeric_limits<double>::infinity();
    std::size_t slot = 0;
    auto consider = [&](entry const& e, std::size_t s) {
      if (!e.ok) return;
      costs_.push_back(e.cost);
      if (e.cost < mn) mn = e.cost, slot = s;
    };
    for (auto v : open_) consider(cache_[row * V + v], v);
    for (std::size_t g = 0; g < G; ++g)
      if (empty_of_[g] >= 0) consider(group_cache_[row * G + g], V + g);
    if (costs_.empty()) continue;
    std::size_t const count = std::min<std::size_t>(costs_.size(), k);
    double regret = 0;
    if (k > 1) {
      std::partial_sort(costs_.begin(), costs_.begin() + static_cast<std::ptrdiff_t>(count), costs_.end());
      for (std::size_t h = 1; h < count; ++h) regret += costs_[h] - costs_[0];
    }
    bool take = best_row < 0;
    if (!take && k > 1) {
      // fewer options first, then the largest regret, then the cheapest
      take = count < best_count || (count == best_count && (regret > best_regret || (regret == best_regret && mn < best_min)));
    } else if (!take) {
      take = mn < best_min;
    }
    if (take) best_row = static_cast<std::int64_t>(row), best_slot = slot, best_count = count, best_regret = regret, best_min = mn;
  }
  return {best_row, best_slot};
}

void inserter::run(working_solution& ws, insert_params const& params, std::mt19937_64& rng) {
  auto const V = ws.routes.size(), G = groups_.size();
  pending_ = ws.bank;
  cache_.assign(pending_.size() * V, entry{});
  group_cache_.assign(pending_.size() * G, entry{});
  for (std::uint32_t v = 0; v < V; ++v)
    if (!ws.routes[v].empty()) fill_column(ws, v, params.noise, rng);
  for (std::size_t g = 0; g < G; ++g) {
    auto const e = empty_vehicle(ws, g);
    if (e < 0) continue;
    for (std::size_t row = 0; row < pending_.size(); ++row)
      group_cache_[row * G + g] = evaluate(ws.routes[static_cast<std::size_t>(e)], pending_[row], params.noise, rng);
  }
  auto const k = std::max<std::uint32_t>(1, params.regret_k);
  while (!pending_.empty()) {
    open_.clear();
    for (std::uint32_t v = 0; v < V; ++v)
      if (!ws.routes[v].empty()) open_.push_back(v);
    bool const can_open = open_.size() < ws.max_routes;
    empty_of_.resize(G);
    for (std::size_t g = 0; g < G; ++g) empty_of_[g] = can_open ? empty_vehicle(ws, g) : -1;
    auto const [best_row, best_slot] = choose(V, k);
    if (best_row < 0) break;
    auto const row = static_cast<std::size_t>(best_row);
    auto const v = best_slot < V ? static_cast<std::uint32_t>(best_slot)
                                 : static_cast<std::uint32_t>(empty_of_[best_slot - V]);
    auto const& e = best_slot < V ? cache_[row * V + best_slot] : group_cache_[row * G + (best_slot - V)];
    insert_request(ev_, ws, pending_[row], v, e.at);
    // drop the row: move the last row into its place
    auto const last = pending_.size() - 1;
    if (row != last) {
      pending_[row] = pending_[last];
      std::copy_n(cache_.begin() + static_cast<std::ptrdiff_t>(last * V), V, cache_.begin() + static_cast<std::ptrdiff_t>(row * V));
      std::copy_n(group_cache_.begin() + static_cast<std::ptrdiff_t>(last * G), G, group_cache_.begin() + static_cast<std::ptrdiff_t>(row * G));
    }
    pending_.pop_back();
    cache_.resize(pending_.size() * V);
    group_cache_.resize(pending_.size() * G);
    fill_column(ws, v, params.noise, rng);
  }
}

}  // namespace cityos::mobility::drt::detail
