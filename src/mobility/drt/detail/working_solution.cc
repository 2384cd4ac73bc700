// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt/detail/working_solution.h"

#include <algorithm>
#include <tuple>

namespace cityos::mobility::drt::detail {

double working_solution::distance() const {
  double d = 0;
  for (auto const& r : routes)
    if (!r.empty()) d += r.distance;
  return d;
}

std::uint32_t working_solution::used_routes() const {
  return static_cast<std::uint32_t>(std::count_if(routes.begin(), routes.end(), [](auto const& r) { return !r.empty(); }));
}

std::vector<std::vector<std::uint32_t>> vehicle_groups(problem const& p) {
  std::vector<std::vector<std::uint32_t>> groups;
  auto key = [&](std::uint32_t v) {
    auto const& x = p.vehicles[v];
    return std::tuple(x.capacity.seats, x.capacity.wheelchairs, x.capacity.volume, x.start_location,
                      x.end_location, x.shift_start, x.shift_end, x.max_duration);
  };
  for (std::uint32_t v = 0; v < p.vehicles.size(); ++v) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](auto const& g) { return key(g.front()) == key(v); });
    if (it == groups.end())
      groups.push_back({v});
    else
      it->push_back(v);
  }
  return groups;
}

working_solution empty_solution(route_evaluator const& ev) {
  auto const& p = ev.prob();
  working_solution ws;
  ws.routes.resize(p.vehicles.size());
  for (std::uint32_t v = 0; v < p.vehicles.size(); ++v) {
    ws.routes[v].vehicle = v;
    ws.routes[v].origin = ev.depot_origin(v);
    ev.evaluate(ws.routes[v]);
  }
  ws.route_of.assign(p.requests.size(), unassigned);
  for (std::uint32_t r = 0; r < p.requests.size(); ++r) ws.bank.push_back(r);
  ws.max_routes = static_cast<std::uint32_t>(p.vehicles.size());
  return ws;
}

void insert_request(route_evaluator const& ev, working_solution& ws, std::uint32_t req, std::uint32_t v,
                    insertion const& at) {
  apply_insertion(ev.prob(), ws.routes[v], req, at);
  ev.evaluate(ws.routes[v]);
  ws.route_of[req] = static_cast<std::int32_t>(v);
  std::erase(ws.bank, req);
}

void remove_request(route_evaluator const& ev, working_solution& ws, std::uint32_t req) {
  auto const v = ws.route_of[req];
  if (v == unassigned) return;
  erase_request(ev.prob(), ws.routes[static_cast<std::size_t>(v)], req);
  ev.evaluate(ws.routes[static_cast<std::size_t>(v)]);
  ws.route_of[req] = unassigned;
  ws.bank.push_back(req);
}

std::uint64_t fingerprint(working_solution const& ws) {
  std::uint64_t total = 0;
  for (auto const& r : ws.routes) {
    if (r.empty()) continue;
    std::uint64_t h = 1469598103934665603ULL;
    for (auto n : r.stops) h = (h ^ n) * 1099511628211ULL;
    total += h * 0x9E3779B97F4A7C15ULL;
  }
  return total;
}

solution to_solution(working_solution const& ws, std::vector<std::vector<std::uint32_t>> const& groups) {
  solution s;
  for (auto const& g : groups) {
    std::size_t next = 0;
    for (auto v : g)
      if (!ws.routes[v].empty()) s.routes.push_back({g[next++], ws.routes[v].stops});
  }
  std::sort(s.routes.begin(), s.routes.end(), [](route const& a, route const& b) { return a.vehicle < b.vehicle; });
  s.unserved = ws.bank;
  std::sort(s.unserved.begin(), s.unserved.end());
  return s;
}

bool better(working_solution const& a, working_solution const& b, bool by_vehicles) {
  if (a.bank.size() != b.bank.size()) return a.bank.size() < b.bank.size();
  if (by_vehicles && a.used_routes() != b.used_routes()) return a.used_routes() < b.used_routes();
  return a.distance() < b.distance() - 1e-9;
}

}  // namespace cityos::mobility::drt::detail
