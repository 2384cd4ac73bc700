// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt/detail/removal.h"

#include <algorithm>
#include <cmath>

namespace cityos::mobility::drt::detail {
namespace {

// Ropke & Pisinger's randomised pick: index floor(y^p * size), y uniform in [0, 1).
std::size_t biased_index(std::size_t size, double power, std::mt19937_64& rng) {
  double const y = std::uniform_real_distribution<double>(0, 1)(rng);
  return std::min(size - 1, static_cast<std::size_t>(std::pow(y, power) * static_cast<double>(size)));
}

int total(load l) { return l.seats + l.wheelchairs + l.volume; }

}  // namespace

remover::remover(route_evaluator const& ev) : remover(ev, 1) {
  auto const& p = ev.prob();
  for (auto const& n : p.nodes)
    for (auto const& m : p.nodes) max_dist_ = std::max(max_dist_, p.travel.d(n.location, m.location));
}

remover::remover(route_evaluator const& ev, double max_dist) : ev_(ev), max_dist_(std::max(1.0, max_dist)) {
  auto const& p = ev.prob();
  for (auto const& n : p.nodes)
    if (std::isfinite(n.latest)) max_time_ = std::max(max_time_, n.latest);
  for (auto const& r : p.requests) max_load_ = std::max(max_load_, static_cast<double>(total(r.amount)));
  start_.assign(p.nodes.size(), 0);
}

void remover::run(working_solution& ws, removal_kind kind, std::size_t q, std::mt19937_64& rng) {
  switch (kind) {
    case removal_kind::random: random(ws, q, rng); break;
    case removal_kind::worst: worst(ws, q, rng); break;
    case removal_kind::shaw: shaw(ws, q, rng); break;
    case removal_kind::route: route(ws, rng); break;
  }
}

void remover::assigned(working_solution const& ws) {
  list_.clear();
  for (std::uint32_t r = 0; r < ws.route_of.size(); ++r)
    if (ws.route_of[r] != unassigned) list_.push_back(r);
}

void remover::random(working_solution& ws, std::size_t q, std::mt19937_64& rng) {
  assigned(ws);
  for (std::size_t i = 0; i < q && !list_.empty(); ++i) {
    auto const k = std::uniform_int_distribution<std::size_t>(0, list_.size() - 1)(rng);
    remove_request(ev_, ws, list_[k]);
    list_[k] = list_.back();
    list_.pop_back();
  }
}

void remover::worst(working_solution& ws, std::size_t q, std::mt19937_64& rng) {
  std::vector<std::pair<double, std::uint32_t>> gains;
  for (std::size_t i = 0; i < q; ++i) {
    assigned(ws);
    if (list_.empty()) return;
    gains.clear();
    for (auto r : list_)
      gains.emplace_back(ev_.removal_delta(ws.routes[static_cast<std::size_t>(ws.route_of[r])], r), r);
    std::sort(gains.begin(), gains.end(), [](auto const& a, auto const& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
    remove_request(ev_, ws, gains[biased_index(gains.size(), 3, rng)].second);
  }
}

double remover::relatedness(std::uint32_t a, std::uint32_t b) const {
  auto const& p = ev_.prob();
  auto const& ra = p.requests[a];
  auto const& rb = p.requests[b];
  auto loc = [&](node_index n) { return p.nodes[n].location; };
  double const d = p.travel.d(loc(ra.pickup), loc(rb.pickup)) + p.travel.d(loc(ra.delivery), loc(rb.delivery));
  double const t = std::abs(start_[ra.pickup] - start_[rb.pickup]) + std::abs(start_[ra.delivery] - start_[rb.delivery]);
  double const l = std::abs(total(ra.amount) - total(rb.amount));
  return 9 * d / max_dist_ + 3 * t / max_time_ + 2 * l / max_load_;
}

void remover::shaw(working_solution& ws, std::size_t q, std::mt19937_64& rng) {
  for (auto const& r : ws.routes)
    for (std::size_t k = 0; k < r.stops.size(); ++k) start_[r.stops[k]] = r.earliest[k + 1];
  assigned(ws);
  if (list_.empty()) return;
  std::vector<std::uint32_t> removed;
  auto const first = std::uniform_int_distribution<std::size_t>(0, list_.size() - 1)(rng);
  removed.push_back(list_[first]);
  list_.erase(list_.begin() + static_cast<std::ptrdiff_t>(first));
  while (removed.size() < q && !list_.empty()) {
    auto const ref = removed[std::uniform_int_distribution<std::size_t>(0, removed.size() - 1)(rng)];
    std::sort(list_.begin(), list_.end(), [&](std::uint32_t a, std::uint32_t b) {
      double const ra = relatedness(ref, a), rb = relatedness(ref, b);
      return ra < rb || (ra == rb && a < b);
    });
    auto const k = biased_index(list_.size(), 6, rng);
    removed.push_back(list_[k]);
    list_.erase(list_.begin() + static_cast<std::ptrdiff_t>(k));
  }
  for (auto r : removed) remove_request(ev_, ws, r);
}

void remover::route(working_solution& ws, std::mt19937_64& rng) {
  list_.clear();
  for (std::uint32_t v = 0; v < ws.routes.size(); ++v)
    if (!ws.routes[v].empty()) list_.push_back(v);
  if (list_.empty()) return;
  auto const v = list_[std::uniform_int_distribution<std::size_t>(0, list_.size() - 1)(rng)];
  std::vector<std::uint32_t> reqs;
  for (auto n : ws.routes[v].stops)
    if (ev_.prob().nodes[n].kind == node_kind::pickup) reqs.push_back(ev_.prob().nodes[n].request);
  for (auto r : reqs) remove_request(ev_, ws, r);
}

}  // namespace cityos::mobility::drt::detail
