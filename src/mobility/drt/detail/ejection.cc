// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt/detail/ejection.h"

#include <array>
#include <limits>

namespace cityos::mobility::drt::detail {

ejection_search::ejection_search(route_evaluator const& ev, ejection_params params) : ev_(ev), params_(params) {}

void ejection_search::members(working_solution const& ws, std::uint32_t v, std::vector<std::uint32_t>& out) const {
  out.clear();
  for (auto n : ws.routes[v].stops)
    if (ev_.prob().nodes[n].kind == node_kind::pickup) out.push_back(ev_.prob().nodes[n].request);
}

bool ejection_search::step(working_solution& ws) {
  ++steps_;
  auto const req = ws.bank.back();
  if (insert_cheapest(ws, req)) return true;
  ++failures_[req];
  if (!insert_ejecting(ws, req)) {
    // fits nowhere even after ejections: to the bottom of the pool
    ws.bank.pop_back();
    ws.bank.insert(ws.bank.begin(), req);
  }
  return false;
}

bool ejection_search::run(working_solution& ws, std::function<bool()> const& stop, std::mt19937_64& rng) {
  failures_.assign(ev_.prob().requests.size(), 1);
  while (!ws.bank.empty()) {
    if (stop()) return false;
    if (!step(ws)) perturb(ws, rng);
  }
  return true;
}

bool ejection_search::repair(working_solution& ws, std::size_t max_steps) {
  if (failures_.size() != ev_.prob().requests.size()) failures_.assign(ev_.prob().requests.size(), 1);
  for (std::size_t n = 0; n < max_steps && !ws.bank.empty(); ++n) step(ws);
  return ws.bank.empty();
}

bool ejection_search::insert_cheapest(working_solution& ws, std::uint32_t req) {
  std::optional<insertion> best;
  std::uint32_t best_v = 0;
  for (std::uint32_t v = 0; v < ws.routes.size(); ++v) {
    if (ws.routes[v].empty()) continue;
    auto const at = ev_.best_insertion(ws.routes[v], req);
    if (at && (!best || at->delta < best->delta)) best = at, best_v = v;
  }
  if (!best) return false;
  insert_request(ev_, ws, req, best_v, *best);
  return true;
}

bool ejection_search::insert_ejecting(working_solution& ws, std::uint32_t req) {
  auto const& p = ev_.prob();
  std::uint64_t best_sum = std::numeric_limits<std::uint64_t>::max();
  double best_cost = std::numeric_limits<double>::infinity();
  std::uint32_t best_v = 0;
  std::array<std::uint32_t, 2> best_e{};
  std::size_t best_n = 0;
  insertion best_at;
  // ties on the failure sum go to the smaller distance change
  auto attempt = [&](std::uint32_t v, std::array<std::uint32_t, 2> const& e, std::size_t n, std::uint64_t sum) {
    scratch_ = ws.routes[v];
    for (std::size_t i = 0; i < n; ++i) erase_request(p, scratch_, e[i]);
    ev_.evaluate(scratch_);
    if (!scratch_.feasible) return;
    auto const at = ev_.best_insertion(scratch_, req);
    if (!at) return;
    double const cost = scratch_.distance + at->delta - ws.routes[v].distance;
    if (sum < best_sum || (sum == best_sum && cost < best_cost))
      best_sum = sum, best_cost = cost, best_v = v, best_e = e, best_n = n, best_at = *at;
  };
  for (std::uint32_t v = 0; v < ws.routes.size(); ++v) {
    if (ws.routes[v].empty()) continue;
    members(ws, v, members_);
    for (auto a : members_)
      if (failures_[a] <= best_sum) attempt(v, {a, 0}, 1, failures_[a]);
    if (params_.max_eject < 2) continue;
    for (std::size_t i = 0; i < members_.size(); ++i)
      for (std::size_t j = i + 1; j < members_.size(); ++j) {
        auto const sum = failures_[members_[i]] + failures_[members_[j]];
        if (sum <= best_sum) attempt(v, {members_[i], members_[j]}, 2, sum);
      }
  }
  if (best_n == 0) return false;
  for (std::size_t i = 0; i < best_n; ++i) remove_request(ev_, ws, best_e[i]);
  insert_request(ev_, ws, req, best_v, best_at);
  return true;
}

bool ejection_search::relocate(working_solution& ws, std::uint32_t a, std::uint32_t to) {
  auto const at = ev_.best_insertion(ws.routes[to], a);
  if (!at) return false;
  remove_request(ev_, ws, a);
  insert_request(ev_, ws, a, to, *at);
  return true;
}

bool ejection_search::exchange(working_solution& ws, std::uint32_t a, std::uint32_t b) {
  auto const& p = ev_.prob();
  auto const ra = static_cast<std::uint32_t>(ws.route_of[a]), rb = static_cast<std::uint32_t>(ws.route_of[b]);
  scratch_ = ws.routes[ra];
  erase_request(p, scratch_, a);
  ev_.evaluate(scratch_);
  scratch2_ = ws.routes[rb];
  erase_request(p, scratch2_, b);
  ev_.evaluate(scratch2_);
  if (!scratch_.feasible || !scratch2_.feasible) return false;
  auto const at_b = ev_.best_insertion(scratch_, b);
  if (!at_b) return false;
  auto const at_a = ev_.best_insertion(scratch2_, a);
  if (!at_a) return false;
  remove_request(ev_, ws, a);
  remove_request(ev_, ws, b);
  insert_request(ev_, ws, b, ra, *at_b);
  insert_request(ev_, ws, a, rb, *at_a);
  return true;
}

void ejection_search::perturb(working_solution& ws, std::mt19937_64& rng) {
  open_.clear();
  for (std::uint32_t v = 0; v < ws.routes.size(); ++v)
    if (!ws.routes[v].empty()) open_.push_back(v);
  if (open_.size() < 2) return;
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  for (std::uint32_t k = 0; k < params_.perturb_moves; ++k) {
    auto const from = open_[pick(open_.size())], to = open_[pick(open_.size())];
    if (from == to || ws.routes[from].empty() || ws.routes[to].empty()) continue;
    members(ws, from, members_);
    auto const a = members_[pick(members_.size())];
    if (std::uniform_int_distribution<int>(0, 1)(rng) == 0) {
      relocate(ws, a, to);
    } else {
      members(ws, to, members_);
      exchange(ws, a, members_[pick(members_.size())]);
    }
  }
}

}  // namespace cityos::mobility::drt::detail
