// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt/dispatcher.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace cityos::mobility::drt {


std::string_view to_string(request_status s) {
  switch (s) {
    case request_status::scheduled: return "scheduled";
    case request_status::onboard: return "onboard";
    case request_status::completed: return "completed";
    case request_status::cancelled: return "cancelled";
    case request_status::no_show: return "no_show";
    case request_status::unserved: return "unserved";
  }
  return "unknown";
}

result<dispatcher> dispatcher::make(std::vector<fleet_vehicle> fleet, dispatch_settings const& settings) {
  if (fleet.empty()) return make_error(error_code::bad_request, "the fleet has no vehicles");
  std::set<std::string> ids;
  for (auto const& v : fleet) {
    if (v.id.empty() || !ids.insert(v.id).second)
      return make_error(error_code::bad_request, "vehicle ids must be unique and non-empty: '" + v.id + "'");
    if (v.shift_end < v.shift_start)
      return make_error(error_code::bad_request, "vehicle '" + v.id + "' has a shift ending before it starts");
  }
  return dispatcher(std::move(fleet), settings);
}

dispatcher::dispatcher(std::vector<fleet_vehicle> fleet, dispatch_settings const& settings)
    : fleet_(std::move(fleet)), settings_(settings) {
  epoch_ = std::min_element(fleet_.begin(), fleet_.end(), [](auto const& a, auto const& b) {
             return a.shift_start < b.shift_start;
           })->shift_start;
  problem_.name = "online";
  reference_ = fleet_.front().depot;
  problem_.travel.road_factor = settings_.road_factor;
  problem_.travel.speed = settings_.speed_mps;
  for (std::uint32_t i = 0; i < fleet_.size(); ++i) {
    auto const& f = fleet_[i];
    std::uint32_t const depot = add_location(f.depot);
    problem_.vehicles.push_back({f.capacity, depot, depot, to_s(f.shift_start), to_s(f.shift_end), no_limit, f.id});
    vehicle_state v;
    v.route.vehicle = i;
    v.route.origin = {add_location(f.depot), to_s(f.shift_start), load{}};
    v.position = f.depot;
    vehicles_.push_back(std::move(v));
  }
}

double dispatcher::travel_s(point a, point b) const {
  planar_point const pa = planar(a), pb = planar(b);
  return std::hypot(pa.x - pb.x, pa.y - pb.y) * settings_.road_factor / settings_.speed_mps;
}

std::uint32_t dispatcher::add_location(point p) {
  if (!free_locations_.empty()) {
    std::uint32_t const slot = free_locations_.back();
    free_locations_.pop_back();
    move_location(slot, p);
    return slot;
  }
  problem_.travel.points.push_back(planar(p));
  locations_.push_back(p);
  return static_cast<std::uint32_t>(locations_.size() - 1);
}

void dispatcher::move_location(std::uint32_t slot, point p) {
  problem_.travel.points[slot] = planar(p);
  locations_[slot] = p;
}

planar_point dispatcher::planar(point p) const {
  constexpr double r = 6'371'000, rad = M_PI / 180;
  return {r * (p.lon - reference_.lon) * rad * std::cos(reference_.lat * rad), r * (p.lat - reference_.lat) * rad};
}

void dispatcher::release(std::uint32_t req) {
  auto const& rq = problem_.requests[req];
  free_locations_.push_back(problem_.nodes[rq.pickup].location);
  free_locations_.push_back(problem_.nodes[rq.delivery].location);
}

std::uint32_t dispatcher::add_request(booking const& b, std::string const& id, epoch_ms now) {
  double const direct = travel_s(b.pickup, b.dropoff);
  double const service = b.kind == booking_kind::parcel ? settings_.parcel_handling_s : settings_.boarding_s;
  double const earliest_now = to_s(now);
  node pick{node_kind::pickup, 0, add_location(b.pickup), 0, no_limit, service, id + ":pickup"};
  node drop{node_kind::delivery, 0, add_location(b.dropoff), 0, no_limit, service, id + ":dropoff"};
  drt::request rq;
  rq.amount = b.amount;
  rq.id = id;
  if (b.kind == booking_kind::parcel) {
    pick.earliest = std::max(earliest_now, to_s(b.pickup_window.from));
    pick.latest = to_s(b.pickup_window.to);
    drop.earliest = to_s(b.delivery_window.from);
    drop.latest = to_s(b.delivery_window.to);
  } else {
    double const detour = b.max_detour.value_or(settings_.default_max_detour);
    rq.max_ride = b.max_ride_s.value_or(std::max(direct * detour, direct + settings_.min_ride_slack_s));
    if (b.pickup_time) {
      pick.earliest = std::max(earliest_now, to_s(*b.pickup_time));
      pick.latest = std::max(pick.earliest, to_s(*b.pickup_time) + settings_.pickup_window_s);
    } else {
      drop.latest = to_s(*b.latest_arrival);
      pick.earliest = std::max(earliest_now, drop.latest - rq.max_ride - service);
      pick.latest = drop.latest - direct - service;
    }
    drop.earliest = pick.earliest + service + direct;  // no drop-off before a direct ride could arrive
  }
  auto const r = static_cast<std::uint32_t>(problem_.requests.size());
  pick.request = drop.request = r;
  rq.pickup = static_cast<node_index>(problem_.nodes.size());
  rq.delivery = rq.pickup + 1;
  problem_.nodes.push_back(std::move(pick));
  problem_.nodes.push_back(std::move(drop));
  problem_.requests.push_back(std::move(rq));
  return r;
}

std::optional<std::pair<std::uint32_t, insertion>> dispatcher::best_vehicle(std::uint32_t req) {
  route_evaluator eval(problem_);
  std::optional<std::pair<std::uint32_t, insertion>> best;
  for (std::uint32_t v = 0; v < vehicles_.size(); ++v) {
    auto& vs = vehicles_[v];
    if (!vs.in_service) continue;
    eval.evaluate(vs.route);
    if (!vs.route.feasible) continue;  // late already: add nothing to it
    auto at = eval.best_insertion(vs.route, req);
    if (at && (!best || at->delta < best->second.delta)) best = {{v, *at}};
  }
  return best;
}

// Inserts the request and narrows its windows to the promise: pickup within a
// promise_width window around its planned time, drop-off by the latest pickup
// plus the maximum ride (never before its planned time).
void dispatcher::commit(std::uint32_t req, std::uint32_t v, insertion const& at, promise& out) {
  route_evaluator eval(problem_);
  auto& route = vehicles_[v].route;
  apply_insertion(problem_, route, req, at);
  eval.evaluate(route);
  out = promise_in(req, v, route);
  eval.evaluate(route);
}

promise dispatcher::promise_in(std::uint32_t req, std::uint32_t v, route_state const& route) {
  auto& rq = problem_.requests[req];
  auto& pick = problem_.nodes[rq.pickup];
  auto& drop = problem_.nodes[rq.delivery];
  auto const pos = [&](node_index n) {
    return static_cast<std::size_t>(std::find(route.stops.begin(), route.stops.end(), n) - route.stops.begin()) + 1;
  };
  double const planned_pick = route.earliest[pos(rq.pickup)];
  double const planned_drop = route.earliest[pos(rq.delivery)];
  // A window of promise_width around the planned pickup, inside the asked one.
  double const width = settings_.promise_width_s;
  pick.earliest = std::max(pick.earliest, planned_pick - width / 2);
  pick.latest = std::min(pick.latest, pick.earliest + width);
  double const ride_slack = std::isfinite(rq.max_ride) ? rq.max_ride : settings_.promise_width_s;
  drop.latest = std::min(drop.latest, pick.latest + pick.service + ride_slack);
  drop.latest = std::max(drop.latest, planned_drop);
  promise out;
  out.vehicle = fleet_[v].id;
  out.pickup = {to_ms(pick.earliest), to_ms(pick.latest)};
  out.dropoff = {to_ms(std::max(drop.earliest, planned_drop)), to_ms(drop.latest)};
  return out;
}

std::vector<epoch_ms> dispatcher::alternatives(booking const& b, epoch_ms now) {
  std::vector<epoch_ms> out;
  if (b.kind != booking_kind::passenger) return out;
  epoch_ms const asked = b.pickup_time ? *b.pickup_time : *b.latest_arrival;
  for (int k : {1, -1, 2, -2, 4, -4, 8, -8}) {
    if (out.size() >= settings_.alternatives) break;
    booking alt = b;
    epoch_ms const t = asked + static_cast<epoch_ms>(k) * 15 * 60 * 1000;
    if (t < now) continue;
    (b.pickup_time ? alt.pickup_time : alt.latest_arrival) = t;
    auto const nodes = problem_.nodes.size();
    auto const reqs = problem_.requests.size();
    std::uint32_t const r = add_request(alt, "alternative", now);
    if (best_vehicle(r)) out.push_back(t);
    release(r);  // leave nothing behind
    problem_.nodes.resize(nodes);
    problem_.requests.resize(reqs);
  }
  std::sort(out.begin(), out.end());
  return out;
}

result<decision> dispatcher::submit(booking const& b, epoch_ms now) {
  std::string id = b.id;
  while (id.empty() || (b.id.empty() && requests_.count(id))) id = "req-" + std::to_string(next_id_++);
  if (requests_.count(id)) return make_error(error_code::already_exists, "request '" + id + "' exists");
  decision d;
  d.request_id = id;
  auto const nodes = problem_.nodes.size();
  auto const reqs = problem_.requests.size();
  std::uint32_t const r = add_request(b, id, now);
  auto const& rq = problem_.requests[r];
  bool const open_window = problem_.nodes[rq.pickup].earliest <= problem_.nodes[rq.pickup].latest &&
                           problem_.nodes[rq.delivery].earliest <= problem_.nodes[rq.delivery].latest;
  auto best = open_window ? best_vehicle(r) : std::nullopt;
  if (!best) {
    release(r);
    problem_.nodes.resize(nodes);
    problem_.requests.resize(reqs);
    d.reason = open_window ? "no vehicle can serve it within its time window and ride time without breaking a promise"
                           : "its time window has already passed or cannot be met even by a direct ride";
    d.alternatives = alternatives(b, now);
    return d;
  }
  request_state st;
  st.index = r;
  st.kind = b.kind;
  st.vehicle = best->first;
  st.pickup = b.pickup;
  st.dropoff = b.dropoff;
  st.requested_pickup = requested_pickup(b);
  st.rider = b.rider;
  commit(r, best->first, best->second, st.promised);
  d.accepted = true;
  d.promised = st.promised;
  requests_.emplace(id, std::move(st));
  return d;
}

result<void> dispatcher::cancel(std::string const& id) {
  auto it = requests_.find(id);
  if (it == requests_.end()) return make_error(error_code::not_found, "no request '" + id + "'");
  auto& st = it->second;
  if (st.status != request_status::scheduled)
    return make_error(error_code::unprocessable,
                      "request '" + id + "' is " + std::string(to_string(st.status)) + " and can no longer be cancelled");
  auto& route = vehicles_[st.vehicle].route;
  erase_request(problem_, route, st.index);
  release(st.index);
  st.status = request_status::cancelled;
  return {};
}

void dispatcher::set_origin(vehicle_state& v, point p, double time) {
  v.position = p;
  move_location(v.route.origin.location, p);
  v.route.origin.time = std::max(v.route.origin.time, time);
}

result<std::vector<std::string>> dispatcher::apply_event(std::string const& vehicle_id, vehicle_event const& e,
                                                         epoch_ms now) {
  auto const vit = std::find_if(fleet_.begin(), fleet_.end(), [&](auto const& f) { return f.id == vehicle_id; });
  if (vit == fleet_.end()) return make_error(error_code::not_found, "no vehicle '" + vehicle_id + "'");
  auto const v = static_cast<std::uint32_t>(vit - fleet_.begin());
  auto& vs = vehicles_[v];
  if (!vs.in_service) return make_error(error_code::unprocessable, "vehicle '" + vehicle_id + "' is out of service");
  std::vector<std::string> affected;
  if (e.type == vehicle_event::kind::position) {
    set_origin(vs, e.position, to_s(now));
    return affected;
  }
  if (e.type == vehicle_event::kind::breakdown) {
    vs.in_service = false;
    vs.route.stops.clear();
    for (auto& [id, st] : requests_) {
      if (st.vehicle != v || (st.status != request_status::scheduled && st.status != request_status::onboard)) continue;
      affected.push_back(id);
      if (st.status == request_status::onboard) {  // stranded in the broken vehicle
        release(st.index);
        st.status = request_status::unserved;
        continue;
      }
      auto best = best_vehicle(st.index);
      if (!best) {
        release(st.index);
        st.status = request_status::unserved;
        continue;
      }
      st.vehicle = best->first;
      route_evaluator eval(problem_);
      apply_insertion(problem_, vehicles_[best->first].route, st.index, best->second);
      eval.evaluate(vehicles_[best->first].route);
      st.promised.vehicle = fleet_[best->first].id;
    }
    return affected;
  }
  auto it = requests_.find(e.request_id);
  if (it == requests_.end()) return make_error(error_code::not_found, "no request '" + e.request_id + "'");
  auto& st = it->second;
  if (st.vehicle != v) return make_error(error_code::unprocessable, "request '" + e.request_id + "' is not on this vehicle");
  auto const& rq = problem_.requests[st.index];
  auto& stops = vs.route.stops;
  auto drop_node = [&](node_index n) { stops.erase(std::remove(stops.begin(), stops.end(), n), stops.end()); };
  double const t = to_s(now);
  switch (e.type) {
    case vehicle_event::kind::picked_up:
      if (st.status != request_status::scheduled)
        return make_error(error_code::unprocessable, "request '" + e.request_id + "' is not waiting for pickup");
      drop_node(rq.pickup);
      vs.route.origin.onboard = vs.route.origin.onboard + rq.amount;
      set_origin(vs, st.pickup, t + problem_.nodes[rq.pickup].service);
      st.status = request_status::onboard;
      st.picked_up = now;
      break;
    case vehicle_event::kind::dropped_off:
      if (st.status != request_status::onboard)
        return make_error(error_code::unprocessable, "request '" + e.request_id + "' is not on board");
      drop_node(rq.delivery);
      vs.route.origin.onboard = vs.route.origin.onboard - rq.amount;
      set_origin(vs, st.dropoff, t + problem_.nodes[rq.delivery].service);
      release(st.index);
      st.status = request_status::completed;
      break;
    case vehicle_event::kind::no_show:
      if (st.status != request_status::scheduled)
        return make_error(error_code::unprocessable, "request '" + e.request_id + "' is not waiting for pickup");
      drop_node(rq.pickup);
      drop_node(rq.delivery);
      set_origin(vs, st.pickup, t);
      release(st.index);
      st.status = request_status::no_show;
      break;
    default: break;
  }
  affected.push_back(e.request_id);
  return affected;
}

std::optional<request_view> dispatcher::request(std::string const& id) const {
  auto it = requests_.find(id);
  if (it == requests_.end()) return std::nullopt;
  return view(id, it->second);
}

request_view dispatcher::view(std::string const& id, request_state const& r) const {
  return {id,       r.kind,    r.status, r.promised, problem_.requests[r.index].amount,
          r.pickup, r.dropoff, r.requested_pickup, r.picked_up, r.rider};
}

vehicle_view dispatcher::view(std::uint32_t v) const {
  auto const& vs = vehicles_[v];
  vehicle_view out{fleet_[v].id, vs.position, to_ms(vs.route.origin.time), fleet_[v].capacity,
                   vs.route.origin.onboard, vs.in_service, {}};
  route_state r = vs.route;
  route_evaluator(problem_).evaluate(r);
  for (std::size_t k = 0; k < r.stops.size(); ++k) {
    auto const& nd = problem_.nodes[r.stops[k]];
    auto const& rq = problem_.requests[nd.request];
    point const at = locations_[nd.location];
    out.plan.push_back({rq.id, nd.kind, at, to_ms(r.earliest[k + 1]), {to_ms(nd.earliest), to_ms(nd.latest)}});
  }
  return out;
}

std::vector<vehicle_view> dispatcher::vehicles() const {
  std::vector<vehicle_view> out;
  for (std::uint32_t v = 0; v < vehicles_.size(); ++v) out.push_back(view(v));
  return out;
}

std::optional<vehicle_view> dispatcher::vehicle(std::string const& id) const {
  for (std::uint32_t v = 0; v < fleet_.size(); ++v)
    if (fleet_[v].id == id) return view(v);
  return std::nullopt;
}

std::size_t dispatcher::open_requests() const {
  return static_cast<std::size_t>(std::count_if(requests_.begin(), requests_.end(), [](auto const& kv) {
    return kv.second.status == request_status::scheduled || kv.second.status == request_status::onboard;
  }));
}

}  // namespace cityos::mobility::drt
