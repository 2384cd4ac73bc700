// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt/detail/route_timing.h"

#include <algorithm>
#include <cmath>

namespace cityos::mobility::drt::detail {
namespace {

// x[to] - x[from] <= weight
struct edge {
  std::size_t from, to;
  double weight;
};

// Variables: 0 = time zero, 1 = depot departure, 2..k+1 = service starts,
// k+2 = end depot arrival.
std::vector<edge> constraints(problem const& p, vehicle const& v, std::vector<node_index> const& stops,
                              timing_limits const& limits) {
  double const tol = limits.tolerance;
  std::vector<edge> e;
  std::size_t const k = stops.size(), end = k + 2;
  auto const upper = [&](std::size_t x, double limit) {
    if (limits.latest && std::isfinite(limit)) e.push_back({0, x, limit + tol});
  };
  auto const lower = [&](std::size_t x, double limit) { e.push_back({x, 0, -limit}); };
  lower(1, v.shift_start);
  upper(end, v.shift_end);
  std::uint32_t at = v.start_location;
  double service = 0;
  for (std::size_t i = 0; i <= k; ++i) {
    std::uint32_t const next = i < k ? p.nodes[stops[i]].location : v.end_location;
    // x[i+2] >= x[i+1] + service + travel
    e.push_back({i + 2, i + 1, -(service + p.travel.t(at, next))});
    if (i < k) {
      auto const& n = p.nodes[stops[i]];
      lower(i + 2, n.earliest);
      upper(i + 2, n.latest);
      service = n.service;
    }
    at = next;
  }
  for (auto const& r : limits.rides)
    if (std::isfinite(r.max_ride))
      e.push_back({r.pickup_pos + 2, r.delivery_pos + 2, r.max_ride + p.nodes[stops[r.pickup_pos]].service + tol});
  if (limits.duration && std::isfinite(v.max_duration)) e.push_back({1, end, v.max_duration + tol});
  return e;
}

}  // namespace

schedule earliest_schedule(problem const& p, vehicle const& v, std::vector<node_index> const& stops) {
  schedule s;
  s.depart = v.shift_start;
  double t = s.depart;
  std::uint32_t at = v.start_location;
  for (auto const n : stops) {
    auto const& stop = p.nodes[n];
    t = std::max(t + p.travel.t(at, stop.location), stop.earliest);
    s.start.push_back(t);
    t += stop.service;
    at = stop.location;
  }
  s.end_arrival = t + p.travel.t(at, v.end_location);
  return s;
}

std::optional<schedule> feasible_schedule(problem const& p, vehicle const& v, std::vector<node_index> const& stops,
                                          timing_limits const& limits) {
  auto const edges = constraints(p, v, stops, limits);
  std::size_t const count = stops.size() + 3;
  // Earliest solution: x[i] = -dist(i -> 0); Bellman-Ford on reversed edges from 0.
  std::vector<double> dist(count, no_limit);
  dist[0] = 0;
  for (std::size_t round = 0; round <= count; ++round) {
    bool changed = false;
    for (auto const& e : edges)
      if (dist[e.to] + e.weight < dist[e.from]) {
        dist[e.from] = dist[e.to] + e.weight;
        changed = true;
      }
    if (!changed) break;
    if (round == count) return std::nullopt;  // still relaxing: negative cycle
  }
  schedule s;
  s.depart = -dist[1];
  for (std::size_t i = 0; i < stops.size(); ++i) s.start.push_back(-dist[i + 2]);
  s.end_arrival = -dist[stops.size() + 2];
  if (!stops.empty())
    s.depart = std::max(s.depart, s.start[0] - p.travel.t(v.start_location, p.nodes[stops[0]].location));
  return s;
}

}  // namespace cityos::mobility::drt::detail
