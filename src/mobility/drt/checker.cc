// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt/checker.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <utility>

#include "mobility/drt/detail/route_timing.h"

namespace cityos::mobility::drt {
namespace {

// A number with up to four decimals, trailing zeros dropped.
std::string num(double x) {
  if (!std::isfinite(x)) return x > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4f", x);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string route_name(route const& r) { return "route " + std::to_string(r.vehicle + 1); }

std::string task(problem const& p, node_index n) { return "task " + p.nodes[n].label; }

std::string request_name(problem const& p, std::uint32_t r) {
  auto const& q = p.requests[r];
  return "request " + q.id + " (tasks " + p.nodes[q.pickup].label + " -> " + p.nodes[q.delivery].label + ")";
}

struct visit {
  std::size_t route, pos;  // pos among the route's valid stops
};

class checker {
 public:
  checker(problem const& p, solution const& s, check_options const& opt) : p_(p), s_(s), opt_(opt) {}

  check_report run() {
    check_vehicles();
    visits_.resize(p_.nodes.size());
    std::vector<std::vector<node_index>> valid(s_.routes.size());
    for (std::size_t ri = 0; ri < s_.routes.size(); ++ri) valid[ri] = valid_stops(ri);
    check_coverage();
    for (std::size_t ri = 0; ri < s_.routes.size(); ++ri) {
      check_capacity(ri, valid[ri]);
      out_.routes.push_back(check_timing(ri, valid[ri]));
      out_.total_distance += out_.routes.back().distance;
      out_.total_duration += out_.routes.back().duration();
    }
    return std::move(out_);
  }

 private:
  void add(violation_kind k, std::string message) { out_.violations.push_back({k, std::move(message)}); }

  vehicle const* vehicle_of(route const& r) const {
    if (r.vehicle < p_.vehicles.size()) return &p_.vehicles[r.vehicle];
    return p_.vehicles.empty() ? nullptr : &p_.vehicles.front();
  }

  void check_vehicles() {
    std::map<std::uint32_t, std::size_t> first;
    for (std::size_t ri = 0; ri < s_.routes.size(); ++ri) {
      auto const& r = s_.routes[ri];
      if (!r.stops.empty()) ++out_.vehicles_used;
      if (r.vehicle >= p_.vehicles.size())
        add(violation_kind::vehicles, route_name(r) + " uses vehicle " + std::to_string(r.vehicle + 1) +
                                          " but the fleet has " + std::to_string(p_.vehicles.size()) + " vehicles");
      else if (auto [it, fresh] = first.emplace(r.vehicle, ri); !fresh)
        add(violation_kind::vehicles, "vehicle " + std::to_string(r.vehicle + 1) + " drives two routes (routes " +
                                          std::to_string(it->second + 1) + " and " + std::to_string(ri + 1) +
                                          " of the solution)");
    }
    if (out_.vehicles_used > p_.vehicles.size())
      add(violation_kind::vehicles, std::to_string(out_.vehicles_used) + " routes but the fleet has " +
                                        std::to_string(p_.vehicles.size()) + " vehicles");
  }

  std::vector<node_index> valid_stops(std::size_t ri) {
    std::vector<node_index> stops;
    for (auto const n : s_.routes[ri].stops) {
      if (n >= p_.nodes.size()) {
        add(violation_kind::unknown_node, route_name(s_.routes[ri]) + " visits node index " + std::to_string(n) +
                                              ", the problem has " + std::to_string(p_.nodes.size()) + " nodes");
        continue;
      }
      visits_[n].push_back({ri, stops.size()});
      stops.push_back(n);
    }
    return stops;
  }

  void check_twice() {
    for (node_index n = 0; n < p_.nodes.size(); ++n) {
      if (visits_[n].size() < 2) continue;
      std::string where;
      for (auto const& v : visits_[n]) where += (where.empty() ? "" : ", ") + route_name(s_.routes[v.route]);
      add(violation_kind::visited_twice,
          task(p_, n) + " is visited " + std::to_string(visits_[n].size()) + " times (" + where + ")");
    }
  }

  void check_unserved_list(std::vector<int>& listed) {
    for (auto const u : s_.unserved) {
      if (u >= p_.requests.size()) {
        add(violation_kind::wrongly_unserved, "unserved request index " + std::to_string(u) + " is no request");
        continue;
      }
      if (++listed[u] == 2) add(violation_kind::wrongly_unserved, request_name(p_, u) + " is listed unserved twice");
    }
  }

  void check_coverage() {
    check_twice();
    std::vector<int> listed(p_.requests.size(), 0);
    check_unserved_list(listed);
    for (std::uint32_t q = 0; q < p_.requests.size(); ++q) {
      auto const& req = p_.requests[q];
      auto const& pv = visits_[req.pickup];
      auto const& dv = visits_[req.delivery];
      if (listed[q] > 0 && !(pv.empty() && dv.empty()))
        add(violation_kind::wrongly_unserved, request_name(p_, q) + " is listed unserved but is on " +
                                                  route_name(s_.routes[(pv.empty() ? dv : pv).front().route]));
      if (pv.empty() && dv.empty()) {
        if (listed[q] == 0)
          add(violation_kind::not_served, request_name(p_, q) + " is on no route and not listed unserved");
      } else if (pv.empty() || dv.empty()) {
        bool const has_pick = !pv.empty();
        auto const& on = has_pick ? pv : dv;
        add(violation_kind::pairing, request_name(p_, q) + ": " + (has_pick ? "pickup " : "delivery ") +
                                         task(p_, has_pick ? req.pickup : req.delivery) + " is on " +
                                         route_name(s_.routes[on.front().route]) + " but its " +
                                         (has_pick ? "delivery" : "pickup") + " is on no route");
      } else if (pv.front().route != dv.front().route) {
        add(violation_kind::pairing, request_name(p_, q) + ": pickup on " + route_name(s_.routes[pv.front().route]) +
                                         ", delivery on " + route_name(s_.routes[dv.front().route]));
      } else if (dv.front().pos < pv.front().pos) {
        add(violation_kind::precedence,
            route_name(s_.routes[pv.front().route]) + " delivers " + request_name(p_, q) + " before picking it up");
      } else {
        ++out_.served;
      }
    }
  }

  void check_capacity(std::size_t ri, std::vector<node_index> const& stops) {
    auto const* v = vehicle_of(s_.routes[ri]);
    if (v == nullptr) return;
    load now;
    // dimension -> (highest load, first stop over capacity)
    std::map<int, std::pair<int, node_index>> over;
    for (auto const n : stops) {
      auto const& amount = p_.requests[p_.nodes[n].request].amount;
      now = p_.nodes[n].kind == node_kind::pickup ? now + amount : now - amount;
      int const loads[] = {now.seats, now.wheelchairs, now.volume};
      int const caps[] = {v->capacity.seats, v->capacity.wheelchairs, v->capacity.volume};
      for (int d = 0; d < 3; ++d) {
        if (loads[d] <= caps[d]) continue;
        auto [it, fresh] = over.emplace(d, std::pair{loads[d], n});
        if (!fresh) it->second.first = std::max(it->second.first, loads[d]);
      }
    }
    static char const* const dims[] = {"seats", "wheelchairs", "volume"};
    int const caps[] = {v->capacity.seats, v->capacity.wheelchairs, v->capacity.volume};
    for (auto const& [d, o] : over)
      add(violation_kind::capacity, route_name(s_.routes[ri]) + ": " + dims[d] + " load " + std::to_string(o.first) +
                                        " exceeds capacity " + std::to_string(caps[d]) + " (first at " +
                                        task(p_, o.second) + ")");
  }

  // Rides with a finite limit whose pickup precedes the delivery on this route.
  std::vector<detail::ride_limit> rides_on(std::size_t ri, std::vector<node_index> const& stops) const {
    std::vector<detail::ride_limit> rides;
    for (std::size_t pos = 0; pos < stops.size(); ++pos) {
      auto const& n = p_.nodes[stops[pos]];
      auto const& req = p_.requests[n.request];
      if (n.kind != node_kind::pickup || !std::isfinite(req.max_ride)) continue;
      auto const& dv = visits_[req.delivery];
      if (visits_[stops[pos]].front().route != ri || visits_[stops[pos]].front().pos != pos) continue;
      if (dv.empty() || dv.front().route != ri || dv.front().pos < pos) continue;
      rides.push_back({pos, dv.front().pos, req.max_ride});
    }
    return rides;
  }

  // Time windows and shift end from the earliest schedule; true if all hold.
  bool check_windows(route const& r, vehicle const& v, std::vector<node_index> const& stops,
                     detail::schedule const& es) {
    bool ok = true;
    for (std::size_t i = 0; i < stops.size(); ++i) {
      auto const& n = p_.nodes[stops[i]];
      if (es.start[i] <= n.latest + opt_.tolerance) continue;
      ok = false;
      add(violation_kind::time_window, route_name(r) + ": service at " + task(p_, stops[i]) + " starts at " +
                                           num(es.start[i]) + ", after its window closes at " + num(n.latest));
    }
    if (es.end_arrival > v.shift_end + opt_.tolerance) {
      ok = false;
      add(violation_kind::shift_end, route_name(r) + " returns to the depot at " + num(es.end_arrival) +
                                         ", after the shift end " + num(v.shift_end));
    }
    return ok;
  }

  // Adds ride limits one by one, reporting each that no schedule can meet
  // together with those accepted before; then the duration limit.
  std::optional<detail::schedule> find_culprits(route const& r, vehicle const& v, std::vector<node_index> const& stops,
                                                detail::schedule const& es, detail::timing_limits limits) {
    auto const all = std::move(limits.rides);
    limits.rides.clear();
    limits.duration = false;
    auto best = detail::feasible_schedule(p_, v, stops, limits);
    for (auto const& ride : all) {
      limits.rides.push_back(ride);
      if (auto s = detail::feasible_schedule(p_, v, stops, limits)) {
        best = std::move(s);
        continue;
      }
      limits.rides.pop_back();
      auto const& pick = p_.nodes[stops[ride.pickup_pos]];
      double const ride_time = es.start[ride.delivery_pos] - es.start[ride.pickup_pos] - pick.service;
      add(violation_kind::max_ride, route_name(r) + ": no schedule keeps the ride of " +
                                        request_name(p_, pick.request) + " within " + num(ride.max_ride) +
                                        " (earliest schedule: " + num(ride_time) + ")");
    }
    limits.duration = true;
    if (std::isfinite(v.max_duration) && !detail::feasible_schedule(p_, v, stops, limits)) {
      double const first_leg = p_.travel.t(v.start_location, p_.nodes[stops.front()].location);
      double const duration = es.end_arrival - es.start.front() + first_leg;
      add(violation_kind::max_duration, route_name(r) + ": no schedule keeps the route duration within " +
                                            num(v.max_duration) + " (earliest schedule: " + num(duration) + ")");
    }
    return best;
  }

  route_check check_timing(std::size_t ri, std::vector<node_index> const& stops) {
    auto const& r = s_.routes[ri];
    route_check rc;
    rc.vehicle = r.vehicle;
    auto const* v = vehicle_of(r);
    if (v == nullptr || stops.empty()) return rc;
    std::uint32_t at = v->start_location;
    for (auto const n : stops) {
      rc.distance += p_.travel.d(at, p_.nodes[n].location);
      at = p_.nodes[n].location;
    }
    rc.distance += p_.travel.d(at, v->end_location);

    auto const es = detail::earliest_schedule(p_, *v, stops);
    detail::timing_limits limits;
    limits.latest = check_windows(r, *v, stops, es);
    limits.rides = rides_on(ri, stops);
    limits.tolerance = opt_.tolerance;
    auto chosen = detail::feasible_schedule(p_, *v, stops, limits);
    if (!chosen) chosen = find_culprits(r, *v, stops, es, limits);
    auto const& s = chosen ? *chosen : es;
    rc.depart = s.depart;
    rc.start = s.start;
    rc.end_arrival = s.end_arrival;
    return rc;
  }

  problem const& p_;
  solution const& s_;
  check_options const& opt_;
  check_report out_;
  std::vector<std::vector<visit>> visits_;  // node -> where the solution visits it
};

}  // namespace

std::string_view kind_name(violation_kind k) {
  switch (k) {
    case violation_kind::unknown_node:
      return "unknown node";
    case violation_kind::visited_twice:
      return "visited twice";
    case violation_kind::not_served:
      return "not served";
    case violation_kind::wrongly_unserved:
      return "unserved list";
    case violation_kind::pairing:
      return "pairing";
    case violation_kind::precedence:
      return "precedence";
    case violation_kind::capacity:
      return "capacity";
    case violation_kind::time_window:
      return "time window";
    case violation_kind::shift_end:
      return "shift end";
    case violation_kind::max_ride:
      return "ride time";
    case violation_kind::max_duration:
      return "route duration";
    case violation_kind::vehicles:
      return "vehicles";
  }
  return "?";
}

bool check_report::has(violation_kind k) const {
  return std::any_of(violations.begin(), violations.end(), [k](violation const& v) { return v.kind == k; });
}

check_report check_solution(problem const& p, solution const& s, check_options const& opt) {
  return checker(p, s, opt).run();
}

void write_check_report(problem const& p, check_report const& r, std::ostream& out) {
  out << "instance " << p.name << ": " << p.requests.size() << " requests, " << p.vehicles.size() << " vehicles\n";
  out << "vehicles used " << r.vehicles_used << ", total distance " << num(r.total_distance) << ", total duration "
      << num(r.total_duration) << "\n";
  out << "served " << r.served << " of " << p.requests.size() << " requests\n";
  if (r.feasible()) {
    out << "feasible\n";
    return;
  }
  out << "INFEASIBLE: " << r.violations.size() << " violation" << (r.violations.size() == 1 ? "" : "s") << "\n";
  for (auto const& v : r.violations) out << "  [" << kind_name(v.kind) << "] " << v.message << "\n";
}

}  // namespace cityos::mobility::drt
