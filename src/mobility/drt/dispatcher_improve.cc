// SPDX-License-Identifier: Apache-2.0
// dispatcher::improve and dispatcher::submit_batch: the live plans as a
// detail::working_solution searched by detail::live_search.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "mobility/drt/detail/insertion.h"
#include "mobility/drt/detail/live_search.h"
#include "mobility/drt/detail/working_solution.h"
#include "mobility/drt/dispatcher.h"

namespace cityos::mobility::drt {

dispatcher::search_outcome dispatcher::search(std::vector<std::uint32_t> const& bank, improve_options const& o) {
  using namespace detail;
  route_evaluator ev(problem_);
  auto const V = static_cast<std::uint32_t>(vehicles_.size());
  working_solution ws;
  ws.routes.resize(V);
  ws.route_of.assign(problem_.requests.size(), unassigned);
  ws.max_routes = V;
  std::vector<char> eligible(V, 0), required(problem_.requests.size(), 0);
  // Every vehicle has its own origin: one group per vehicle that may receive requests.
  std::vector<std::vector<std::uint32_t>> groups;
  double constexpr inf = std::numeric_limits<double>::infinity();
  double x0 = inf, y0 = inf, x1 = -inf, y1 = -inf;
  auto extend = [&](std::uint32_t loc) {
    auto const& p = problem_.travel.points[loc];
    x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
  };
  search_outcome out;
  for (std::uint32_t v = 0; v < V; ++v) {
    auto& vs = vehicles_[v];
    ev.evaluate(vs.route);
    if (vs.in_service && !vs.route.empty()) out.distance_before += vs.route.distance;
    if (!vs.in_service || !vs.route.feasible) {  // broken down or already late: left as it is
      ws.routes[v].vehicle = v;
      ws.routes[v].origin = vs.route.origin;
      ev.evaluate(ws.routes[v]);
      continue;
    }
    eligible[v] = 1;
    ws.routes[v] = vs.route;
    groups.push_back({v});
    extend(vs.route.origin.location);
    extend(problem_.vehicles[v].end_location);
    for (auto n : vs.route.stops) extend(problem_.nodes[n].location);
  }
  // Riders on board appear by their drop-off only: they stay out of route_of.
  for (auto const& [id, st] : requests_)
    if (st.status == request_status::scheduled && eligible[st.vehicle]) {
      ws.route_of[st.index] = static_cast<std::int32_t>(st.vehicle);
      required[st.index] = 1;
    }
  for (auto r : bank) {
    ws.bank.push_back(r);
    extend(problem_.nodes[problem_.requests[r].pickup].location);
    extend(problem_.nodes[problem_.requests[r].delivery].location);
  }
  out.placed.assign(bank.size(), -1);
  out.distance_after = out.distance_before;
  if (groups.empty()) return out;
  double const start_distance = ws.distance();
  std::size_t const start_bank = ws.bank.size();
  if (!ws.bank.empty()) {
    std::mt19937_64 rng(o.seed);
    inserter(ev, groups).run(ws, {2, 0}, rng);
  }
  double const max_dist = std::hypot(x1 - x0, y1 - y0) * problem_.travel.road_factor;
  out.iterations = live_search(ev, ws, groups, required, {o.time_budget_ms, o.max_iterations, o.seed, max_dist});
  bool const adopt = ws.bank.size() < start_bank || (ws.bank.size() == start_bank && ws.distance() < start_distance - 1e-6);
  if (!adopt) return out;
  out.distance_after = out.distance_before - start_distance + ws.distance();
  for (std::uint32_t v = 0; v < V; ++v)
    if (eligible[v]) vehicles_[v].route = std::move(ws.routes[v]);
  for (auto& [id, st] : requests_)
    if (required[st.index] && ws.route_of[st.index] != static_cast<std::int32_t>(st.vehicle)) {
      st.vehicle = static_cast<std::uint32_t>(ws.route_of[st.index]);
      st.promised.vehicle = fleet_[st.vehicle].id;
    }
  for (std::size_t k = 0; k < bank.size(); ++k) out.placed[k] = ws.route_of[bank[k]];
  return out;
}

improve_report dispatcher::improve(improve_options const& o) {
  improve_report rep;
  std::vector<std::vector<node_index>> stops_before;
  for (auto const& vs : vehicles_) stops_before.push_back(vs.route.stops);
  std::vector<std::uint32_t> vehicle_before;
  for (auto const& [id, st] : requests_) vehicle_before.push_back(st.vehicle);
  auto const found = search({}, o);
  rep.iterations = found.iterations;
  rep.distance_before_m = found.distance_before;
  rep.distance_after_m = found.distance_after;
  for (std::size_t v = 0; v < vehicles_.size(); ++v)
    if (vehicles_[v].route.stops != stops_before[v]) rep.vehicles_changed.push_back(fleet_[v].id);
  std::size_t k = 0;
  for (auto const& [id, st] : requests_)
    if (st.vehicle != vehicle_before[k++]) rep.requests_moved.push_back(id);
  return rep;
}

result<batch_report> dispatcher::submit_batch(std::vector<booking> const& bookings, epoch_ms now,
                                              batch_options const& o) {
  // Ids first (given ones, then generated), so an error leaves nothing behind.
  std::set<std::string> taken;
  for (auto const& b : bookings) {
    if (b.id.empty()) continue;
    if (requests_.count(b.id) || !taken.insert(b.id).second)
      return make_error(error_code::already_exists, "request '" + b.id + "' exists or is repeated in the batch");
  }
  std::vector<std::string> ids;
  for (auto const& b : bookings) {
    std::string id = b.id;
    while (id.empty() || (b.id.empty() && (requests_.count(id) || taken.count(id))))
      id = "req-" + std::to_string(next_id_++);
    taken.insert(id);
    ids.push_back(id);
  }
  batch_report rep;
  std::map<std::string, std::uint32_t> vehicle_before;
  for (auto const& [id, st] : requests_)
    if (st.status == request_status::scheduled) vehicle_before.emplace(id, st.vehicle);
  auto& out = rep.decisions;
  out.resize(bookings.size());
  std::vector<std::uint32_t> bank;
  std::vector<std::size_t> bank_input;  // bank position -> input position
  std::vector<std::uint32_t> index(bookings.size());
  for (std::size_t k = 0; k < bookings.size(); ++k) {
    out[k].request_id = ids[k];
    std::uint32_t const r = add_request(bookings[k], ids[k], now);
    index[k] = r;
    auto const& rq = problem_.requests[r];
    bool const open_window = problem_.nodes[rq.pickup].earliest <= problem_.nodes[rq.pickup].latest &&
                             problem_.nodes[rq.delivery].earliest <= problem_.nodes[rq.delivery].latest;
    if (open_window) {
      bank.push_back(r);
      bank_input.push_back(k);
    } else {
      out[k].reason = "its time window has already passed or cannot be met even by a direct ride";
    }
  }
  auto const found = search(bank, {o.time_limit_ms, 0, o.seed});
  auto const& placed = found.placed;
  rep.iterations = found.iterations;
  for (auto const& [id, v] : vehicle_before)
    if (requests_.at(id).vehicle != v) rep.requests_moved.push_back(id);
  route_evaluator eval(problem_);
  for (std::size_t i = 0; i < bank.size(); ++i) {
    auto const k = bank_input[i];
    if (placed[i] < 0) {
      out[k].reason = "no vehicle can serve it within its time window and ride time together with the other bookings";
      continue;
    }
    auto const v = static_cast<std::uint32_t>(placed[i]);
    std::uint32_t const r = bank[i];
    auto& route = vehicles_[v].route;
    eval.evaluate(route);
    auto& pick = problem_.nodes[problem_.requests[r].pickup];
    auto& drop = problem_.nodes[problem_.requests[r].delivery];
    node const asked_pick = pick, asked_drop = drop;
    promise p = promise_in(r, v, route);
    eval.evaluate(route);
    if (!route.feasible) {  // a ride limit needs a later pickup than the narrowed window: keep the asked one
      pick = asked_pick;
      drop = asked_drop;
      eval.evaluate(route);
      p = {fleet_[v].id, {to_ms(pick.earliest), to_ms(pick.latest)}, {to_ms(drop.earliest), to_ms(drop.latest)}};
    }
    request_state st;
    st.index = r;
    st.kind = bookings[k].kind;
    st.vehicle = v;
    st.promised = p;
    st.pickup = bookings[k].pickup;
    st.dropoff = bookings[k].dropoff;
    st.requested_pickup = requested_pickup(bookings[k]);
    st.rider = bookings[k].rider;
    requests_.emplace(ids[k], std::move(st));
    out[k].accepted = true;
    out[k].promised = p;
  }
  for (std::size_t k = 0; k < bookings.size(); ++k)
    if (!out[k].accepted) {
      release(index[k]);
      out[k].alternatives = alternatives(bookings[k], now);
    }
  return rep;
}

double dispatcher::total_distance_m() const {
  double d = 0;
  for (auto const& r : routes())
    if (vehicles_[r.vehicle].in_service && !r.empty()) d += r.distance;
  return d;
}

std::vector<route_state> dispatcher::routes() const {
  route_evaluator eval(problem_);
  std::vector<route_state> out;
  for (auto const& vs : vehicles_) {
    out.push_back(vs.route);
    eval.evaluate(out.back());
  }
  return out;
}

}  // namespace cityos::mobility::drt
