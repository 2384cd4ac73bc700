// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt/route_eval.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cityos::mobility::drt {
namespace {

load signed_amount(problem const& p, node_index n) {
  auto const& nd = p.nodes[n];
  auto const& q = p.requests[nd.request].amount;
  return nd.kind == node_kind::pickup ? q : load{} - q;
}

}  // namespace

route_evaluator::route_evaluator(problem const& p) : p_(p) {
  for (auto const& r : p.requests) exact_ = exact_ || std::isfinite(r.max_ride);
  for (auto const& v : p.vehicles) exact_ = exact_ || std::isfinite(v.max_duration);
  pos_.assign(p.nodes.size(), 0);
  stamp_.assign(p.nodes.size(), 0);
}

route_origin route_evaluator::depot_origin(std::uint32_t v) const {
  auto const& veh = p_.vehicles[v];
  return {veh.start_location, veh.shift_start, load{}};
}

void route_evaluator::evaluate(route_state& r) const {
  auto const& veh = p_.vehicles[r.vehicle];
  auto const m = r.stops.size();
  r.location.resize(m + 2);
  r.earliest.resize(m + 2);
  r.latest.resize(m + 2);
  r.load_after.resize(m + 2);
  r.location[0] = r.origin.location;
  r.earliest[0] = r.origin.time;
  r.load_after[0] = r.origin.onboard;
  r.distance = 0;
  double service = 0;
  for (std::size_t k = 1; k <= m + 1; ++k) {
    bool const depot = k == m + 1;
    node const* nd = depot ? nullptr : &p_.nodes[r.stops[k - 1]];
    r.location[k] = depot ? veh.end_location : nd->location;
    double const arrive = r.earliest[k - 1] + service + time(r.location[k - 1], r.location[k]);
    r.earliest[k] = depot ? arrive : std::max(nd->earliest, arrive);
    r.load_after[k] = depot ? r.load_after[k - 1] : r.load_after[k - 1] + signed_amount(p_, r.stops[k - 1]);
    r.distance += dist(r.location[k - 1], r.location[k]);
    service = depot ? 0 : nd->service;
  }
  r.latest[m + 1] = veh.shift_end;
  for (std::size_t k = m + 1; k-- > 0;) {
    double const s = k == 0 ? 0 : p_.nodes[r.stops[k - 1]].service;
    double const l = k == 0 ? no_limit : p_.nodes[r.stops[k - 1]].latest;
    r.latest[k] = std::min(l, r.latest[k + 1] - s - time(r.location[k], r.location[k + 1]));
  }
  r.feasible = schedule_feasible(r.vehicle, r.origin, r.stops);
}

bool route_evaluator::schedule_feasible(std::uint32_t v, route_origin const& origin,
                                        std::span<node_index const> stops) const {
  auto const& veh = p_.vehicles[v];
  auto const m = stops.size();
  if (++generation_ == 0) {
    std::fill(stamp_.begin(), stamp_.end(), 0);
    generation_ = 1;
  }
  load cur = origin.onboard;
  if (!cur.fits(veh.capacity)) return false;
  for (std::size_t k = 0; k < m; ++k) {
    auto const n = stops[k];
    auto const& nd = p_.nodes[n];
    if (nd.kind == node_kind::delivery) {
      auto const pick = p_.requests[nd.request].pickup;
      // a pickup after its delivery breaks precedence
      if (stamp_[pick] != generation_ && std::find(stops.begin() + static_cast<std::ptrdiff_t>(k), stops.end(), pick) != stops.end())
        return false;
    }
    stamp_[n] = generation_;
    pos_[n] = static_cast<std::uint32_t>(k + 1);
    cur = cur + signed_amount(p_, n);
    if (!cur.fits(veh.capacity)) return false;
  }
  auto loc = [&](std::size_t k) { return k == 0 ? origin.location : k == m + 1 ? veh.end_location : p_.nodes[stops[k - 1]].location; };
  auto svc = [&](std::size_t k) { return k == 0 || k == m + 1 ? 0.0 : p_.nodes[stops[k - 1]].service; };
  t_.resize(m + 2);
  t_[0] = origin.time;
  for (std::size_t k = 1; k <= m; ++k) t_[k] = p_.nodes[stops[k - 1]].earliest;
  t_[m + 1] = -no_limit;
  std::size_t const max_passes = 2 * m + 8;
  for (std::size_t pass = 0; pass < max_passes; ++pass) {
    for (std::size_t k = 1; k <= m + 1; ++k) {
      t_[k] = std::max(t_[k], t_[k - 1] + svc(k - 1) + time(loc(k - 1), loc(k)));
      double const l = k == m + 1 ? veh.shift_end : p_.nodes[stops[k - 1]].latest;
      if (t_[k] > l + time_epsilon) return false;
    }
    if (!exact_) return true;
    bool changed = false;
    // a ride longer than allowed: start the pickup later
    for (std::size_t k = 1; k <= m; ++k) {
      auto const& nd = p_.nodes[stops[k - 1]];
      if (nd.kind != node_kind::delivery) continue;
      auto const& rq = p_.requests[nd.request];
      if (!std::isfinite(rq.max_ride) || stamp_[rq.pickup] != generation_) continue;
      auto const pk = pos_[rq.pickup];
      double const ride = t_[k] - (t_[pk] + svc(pk));
      if (ride > rq.max_ride + time_epsilon) {
        t_[pk] = t_[k] - svc(pk) - rq.max_ride;
        changed = true;
      }
    }
    // a route longer than allowed: leave later
    if (t_[m + 1] - t_[0] > veh.max_duration + time_epsilon) {
      t_[0] = t_[m + 1] - veh.max_duration;
      changed = true;
    }
    if (!changed) return true;
  }
  return false;
}

bool route_evaluator::window_check(route_state const& r, std::uint32_t req, std::uint32_t i,
                                   std::uint32_t j) const {
  auto const& rq = p_.requests[req];
  auto const& P = p_.nodes[rq.pickup];
  auto const& D = p_.nodes[rq.delivery];
  auto const cap = p_.vehicles[r.vehicle].capacity;
  auto svc = [&](std::uint32_t k) { return k == 0 ? 0.0 : p_.nodes[r.stops[k - 1]].service; };
  if (i > j || j > r.size()) return false;
  double const ap = std::max(P.earliest, r.earliest[i] + svc(i) + time(r.location[i], P.location));
  if (ap > P.latest + time_epsilon) return false;
  double tprev = ap, sprev = P.service;
  auto locprev = P.location;
  for (std::uint32_t k = i; k <= j; ++k) {
    if (!(r.load_after[k] + rq.amount).fits(cap)) return false;
    if (k > i) {
      double const tk = std::max(p_.nodes[r.stops[k - 1]].earliest, tprev + sprev + time(locprev, r.location[k]));
      if (tk > r.latest[k] + time_epsilon) return false;
      tprev = tk;
      sprev = svc(k);
      locprev = r.location[k];
    }
  }
  double const ad = std::max(D.earliest, tprev + sprev + time(locprev, D.location));
  return ad <= D.latest + time_epsilon &&
         ad + D.service + time(D.location, r.location[j + 1]) <= r.latest[j + 1] + time_epsilon;
}

template <typename F>
void route_evaluator::scan(route_state const& r, std::uint32_t req, double const* bound, F&& f) const {
  auto const& rq = p_.requests[req];
  auto const& P = p_.nodes[rq.pickup];
  auto const& D = p_.nodes[rq.delivery];
  auto const cap = p_.vehicles[r.vehicle].capacity;
  auto const m = static_cast<std::uint32_t>(r.size());
  auto const& loc = r.location;
  auto svc = [&](std::uint32_t k) { return k == 0 ? 0.0 : p_.nodes[r.stops[k - 1]].service; };
  for (std::uint32_t i = 0; i <= m; ++i) {
    if (!(r.load_after[i] + rq.amount).fits(cap)) continue;
    double const ap = std::max(P.earliest, r.earliest[i] + svc(i) + time(loc[i], P.location));
    if (ap > P.latest + time_epsilon) continue;
    // delivery right after the pickup
    double ad = std::max(D.earliest, ap + P.service + time(P.location, D.location));
    if (ad <= D.latest + time_epsilon &&
        ad + D.service + time(D.location, loc[i + 1]) <= r.latest[i + 1] + time_epsilon) {
      double const delta = dist(loc[i], P.location) + dist(P.location, D.location) +
                           dist(D.location, loc[i + 1]) - dist(loc[i], loc[i + 1]);
      f(insertion{i, i, delta});
    }
    double const dp = dist(loc[i], P.location) + dist(P.location, loc[i + 1]) - dist(loc[i], loc[i + 1]);
    // the delivery detour is >= 0 under the triangle inequality
    if (bound && dp >= *bound) continue;
    double tprev = ap, sprev = P.service;
    auto locprev = P.location;
    for (std::uint32_t j = i + 1; j <= m; ++j) {
      double const tj = std::max(p_.nodes[r.stops[j - 1]].earliest, tprev + sprev + time(locprev, loc[j]));
      if (tj > r.latest[j] + time_epsilon) break;
      if (!(r.load_after[j] + rq.amount).fits(cap)) break;
      double const sj = svc(j);
      ad = std::max(D.earliest, tj + sj + time(loc[j], D.location));
      if (ad <= D.latest + time_epsilon &&
          ad + D.service + time(D.location, loc[j + 1]) <= r.latest[j + 1] + time_epsilon) {
        double const dd = dist(loc[j], D.location) + dist(D.location, loc[j + 1]) - dist(loc[j], loc[j + 1]);
        f(insertion{i, j, dp + dd});
      }
      tprev = tj;
      sprev = sj;
      locprev = loc[j];
    }
  }
}

bool route_evaluator::exact_insert_ok(route_state const& r, std::uint32_t req, insertion const& c) const {
  auto const& rq = p_.requests[req];
  seq_.clear();
  for (std::uint32_t k = 0; k <= r.size(); ++k) {
    if (k == c.pickup_pos) seq_.push_back(rq.pickup);
    if (k == c.delivery_pos) seq_.push_back(rq.delivery);
    if (k < r.size()) seq_.push_back(r.stops[k]);
  }
  return schedule_feasible(r.vehicle, r.origin, seq_);
}

bool route_evaluator::can_insert(route_state const& r, std::uint32_t req, std::uint32_t pickup_pos,
                                 std::uint32_t delivery_pos) const {
  if (!window_check(r, req, pickup_pos, delivery_pos)) return false;
  return !exact_ || exact_insert_ok(r, req, {pickup_pos, delivery_pos, 0});
}

double route_evaluator::insert_delta(route_state const& r, std::uint32_t req, std::uint32_t i,
                                     std::uint32_t j) const {
  auto const& rq = p_.requests[req];
  auto const lp = p_.nodes[rq.pickup].location, ld = p_.nodes[rq.delivery].location;
  auto const& loc = r.location;
  if (i == j) return dist(loc[i], lp) + dist(lp, ld) + dist(ld, loc[i + 1]) - dist(loc[i], loc[i + 1]);
  return dist(loc[i], lp) + dist(lp, loc[i + 1]) - dist(loc[i], loc[i + 1]) + dist(loc[j], ld) +
         dist(ld, loc[j + 1]) - dist(loc[j], loc[j + 1]);
}

std::optional<insertion> route_evaluator::best_insertion(route_state const& r, std::uint32_t req) const {
  if (!exact_) {
    std::optional<insertion> best;
    double bound = std::numeric_limits<double>::infinity();
    scan(r, req, &bound, [&](insertion const& c) {
      if (!best || c.delta < best->delta) best = c, bound = c.delta;
    });
    return best;
  }
  cand_.clear();
  scan(r, req, nullptr, [&](insertion const& c) { cand_.push_back(c); });
  std::sort(cand_.begin(), cand_.end(), [](insertion const& a, insertion const& b) {
    return a.delta < b.delta || (a.delta == b.delta && (a.pickup_pos < b.pickup_pos ||
                                                        (a.pickup_pos == b.pickup_pos && a.delivery_pos < b.delivery_pos)));
  });
  for (auto const& c : cand_)
    if (exact_insert_ok(r, req, c)) return c;
  return std::nullopt;
}

double route_evaluator::removal_delta(route_state const& r, std::uint32_t req) const {
  auto const& rq = p_.requests[req];
  auto const a = static_cast<std::size_t>(std::find(r.stops.begin(), r.stops.end(), rq.pickup) - r.stops.begin()) + 1;
  auto const b = static_cast<std::size_t>(std::find(r.stops.begin(), r.stops.end(), rq.delivery) - r.stops.begin()) + 1;
  auto const& loc = r.location;
  if (b == a + 1)
    return dist(loc[a - 1], loc[a]) + dist(loc[a], loc[b]) + dist(loc[b], loc[b + 1]) - dist(loc[a - 1], loc[b + 1]);
  return dist(loc[a - 1], loc[a]) + dist(loc[a], loc[a + 1]) - dist(loc[a - 1], loc[a + 1]) +
         dist(loc[b - 1], loc[b]) + dist(loc[b], loc[b + 1]) - dist(loc[b - 1], loc[b + 1]);
}

void apply_insertion(problem const& p, route_state& r, std::uint32_t req, insertion const& at) {
  auto const& rq = p.requests[req];
  r.stops.insert(r.stops.begin() + at.delivery_pos, rq.delivery);
  r.stops.insert(r.stops.begin() + at.pickup_pos, rq.pickup);
}

void erase_request(problem const& p, route_state& r, std::uint32_t req) {
  auto const& rq = p.requests[req];
  std::erase_if(r.stops, [&](node_index n) { return n == rq.pickup || n == rq.delivery; });
}

}  // namespace cityos::mobility::drt
