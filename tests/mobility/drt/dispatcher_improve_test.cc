// SPDX-License-Identifier: Apache-2.0
// Background improvement and next-day batches of the online dispatcher:
// improve() lowers the total distance of plans built booking by booking while
// every promise holds, riders on board stay on their vehicle, a broken-down
// vehicle gets nothing and every route stays feasible; submit_batch decides a
// day's bookings together, in input order, and applies nothing on bad ids.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "mobility/drt/dispatcher.h"

namespace cityos::mobility::drt {
namespace {

epoch_ms const kDay = *parse_iso8601("2026-11-26T00:00:00+09:00");
epoch_ms at(double h) { return kDay + static_cast<epoch_ms>(h * 3600'000); }

point const kCentre{34.8675, 138.2570};

point offset(point p, double north_m, double east_m) {
  return {p.lat + north_m / 111'320.0, p.lon + east_m / (111'320.0 * std::cos(p.lat * M_PI / 180))};
}

std::vector<fleet_vehicle> fleet(int n) {
  std::vector<fleet_vehicle> out;
  for (int v = 0; v < n; ++v)
    out.push_back({"v" + std::to_string(v), {4, 1, 10}, offset(kCentre, (v % 2) * 3000.0 - 1500, (v / 2) * 3000.0 - 1500),
                   at(7), at(20)});
  return out;
}

// Random trips in an 8 x 8 km town, pickups from 8:00 to 11:00, in random order.
std::vector<booking> trips(int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> where(-4000, 4000), hour(8, 11);
  std::vector<booking> out;
  for (int i = 0; i < n; ++i) {
    booking b;
    b.id = "t" + std::to_string(i);
    b.pickup = offset(kCentre, where(rng), where(rng));
    b.dropoff = offset(kCentre, where(rng), where(rng));
    b.amount = {1, 0, 0};
    b.pickup_time = at(hour(rng));
    out.push_back(b);
  }
  return out;
}

// Every planned stop lies inside the promise given at booking, on the
// vehicle the request names; returns the planned request ids.
std::set<std::string> expect_promises_kept(dispatcher const& d, std::map<std::string, promise> const& given) {
  std::set<std::string> planned;
  for (auto const& v : d.vehicles())
    for (auto const& s : v.plan) {
      planned.insert(s.request_id);
      auto const r = d.request(s.request_id);
      EXPECT_TRUE(r.has_value());
      if (!r) continue;
      EXPECT_EQ(r->promised.vehicle, v.id) << s.request_id;
      auto const it = given.find(s.request_id);
      EXPECT_NE(it, given.end()) << s.request_id;
      if (it == given.end()) continue;
      auto const& w = s.kind == node_kind::pickup ? it->second.pickup : it->second.dropoff;
      EXPECT_LE(s.eta, w.to) << s.request_id;
      if (s.kind == node_kind::pickup) {
        EXPECT_GE(s.eta, w.from) << s.request_id;
      }
    }
  return planned;
}

void expect_routes_feasible(dispatcher const& d) {
  route_evaluator eval(d.model());
  for (auto const& r : d.routes()) {
    EXPECT_TRUE(r.feasible) << "vehicle " << r.vehicle;
    EXPECT_TRUE(eval.schedule_feasible(r.vehicle, r.origin, r.stops)) << "vehicle " << r.vehicle;
  }
}

TEST(dispatcher_improve, lowers_distance_and_keeps_every_promise) {
  auto d = dispatcher::make(fleet(4));
  ASSERT_TRUE(d.ok());
  std::map<std::string, promise> given;
  for (auto const& b : trips(60, 7)) {
    auto r = d->submit(b, at(7));
    ASSERT_TRUE(r.ok());
    if (r->accepted) given[r->request_id] = r->promised;
  }
  ASSERT_GT(given.size(), 20u);
  // One rider on board, one vehicle broken down (its requests re-planned).
  auto const vehicles = d->vehicles();
  ASSERT_FALSE(vehicles[0].plan.empty());
  std::string const rider = vehicles[0].plan.front().request_id;
  ASSERT_TRUE(d->apply_event("v0", {vehicle_event::kind::picked_up, rider, {}}, at(8)).ok());
  auto broken = d->apply_event("v3", {vehicle_event::kind::breakdown, {}, {}}, at(7.5));
  ASSERT_TRUE(broken.ok());
  for (auto const& id : *broken)
    if (d->request(id)->status == request_status::unserved) given.erase(id);
  expect_promises_kept(*d, given);
  auto const planned_before = expect_promises_kept(*d, given);
  double const before = d->total_distance_m();

  auto const rep = d->improve({0, 100, 3});
  EXPECT_EQ(rep.iterations, 100u);
  EXPECT_DOUBLE_EQ(rep.distance_before_m, before);
  EXPECT_LT(rep.distance_after_m, rep.distance_before_m);
  EXPECT_NEAR(rep.distance_after_m, d->total_distance_m(), 1e-6);
  EXPECT_FALSE(rep.vehicles_changed.empty());
  // Same requests planned, each inside its promise, on the vehicle it names.
  EXPECT_EQ(expect_promises_kept(*d, given), planned_before);
  for (auto const& id : rep.requests_moved) EXPECT_EQ(d->request(id)->status, request_status::scheduled) << id;
  EXPECT_EQ(d->request(rider)->status, request_status::onboard);
  EXPECT_EQ(d->request(rider)->promised.vehicle, "v0");
  EXPECT_TRUE(d->vehicle("v3")->plan.empty());
  EXPECT_FALSE(d->vehicle("v3")->in_service);
  expect_routes_feasible(*d);
  // Later slices never make it worse.
  auto const again = d->improve({0, 30, 4});
  EXPECT_LE(again.distance_after_m, again.distance_before_m);
  EXPECT_EQ(expect_promises_kept(*d, given), planned_before);
  expect_routes_feasible(*d);
}

TEST(dispatcher_improve, without_a_budget_or_requests_nothing_changes) {
  auto d = dispatcher::make(fleet(2));
  ASSERT_TRUE(d.ok());
  auto const idle = d->improve({5, 0, 1});
  EXPECT_EQ(idle.iterations, 0u);
  EXPECT_TRUE(idle.vehicles_changed.empty());
  for (auto const& b : trips(10, 2)) ASSERT_TRUE(d->submit(b, at(7)).ok());
  double const before = d->total_distance_m();
  auto const none = d->improve({0, 0, 1});
  EXPECT_EQ(none.iterations, 0u);
  EXPECT_DOUBLE_EQ(d->total_distance_m(), before);
}

TEST(dispatcher_batch, decides_a_day_together_in_input_order) {
  auto d = dispatcher::make(fleet(3));
  ASSERT_TRUE(d.ok());
  auto early = trips(5, 11);
  std::map<std::string, promise> given;
  for (auto& b : early) {
    b.id = "early-" + b.id;
    auto r = d->submit(b, at(7));
    ASSERT_TRUE(r.ok());
    if (r->accepted) given[r->request_id] = r->promised;
  }
  auto day = trips(50, 12);
  day[3].id.clear();  // the dispatcher names it
  booking late = day[0];
  late.id = "too-late";
  late.pickup_time = at(6);  // before now: its window has passed
  day.push_back(late);
  auto rep = d->submit_batch(day, at(7), {100, 1});
  ASSERT_TRUE(rep.ok());
  ASSERT_EQ(rep->decisions.size(), day.size());
  std::size_t accepted = 0;
  for (std::size_t k = 0; k < day.size(); ++k) {
    auto const& dc = rep->decisions[k];
    if (k != 3) {
      EXPECT_EQ(dc.request_id, day[k].id);
    }
    if (dc.accepted) {
      ++accepted;
      given[dc.request_id] = dc.promised;
      EXPECT_LE(dc.promised.pickup.to - dc.promised.pickup.from, 600'000);
      EXPECT_GE(dc.promised.pickup.from, *day[k].pickup_time);
      EXPECT_EQ(d->request(dc.request_id)->status, request_status::scheduled);
    } else {
      EXPECT_FALSE(dc.reason.empty());
      EXPECT_FALSE(d->request(dc.request_id).has_value());
    }
  }
  EXPECT_FALSE(rep->decisions.back().accepted);
  EXPECT_GT(accepted, 20u);
  for (auto const& id : rep->requests_moved) EXPECT_TRUE(given.count(id)) << id;
  expect_promises_kept(*d, given);
  expect_routes_feasible(*d);
  EXPECT_EQ(d->open_requests(), given.size());
}

TEST(dispatcher_batch, a_known_or_repeated_id_applies_nothing) {
  auto d = dispatcher::make(fleet(2));
  ASSERT_TRUE(d.ok());
  auto day = trips(6, 5);
  ASSERT_TRUE(d->submit(day[0], at(7)).ok());
  auto const plans = d->vehicles().front().plan.size() + d->vehicles().back().plan.size();
  auto known = d->submit_batch({day[1], day[0]}, at(7));
  ASSERT_FALSE(known.ok());
  EXPECT_EQ(known.err().code, error_code::already_exists);
  auto repeated = d->submit_batch({day[2], day[3], day[2]}, at(7));
  ASSERT_FALSE(repeated.ok());
  EXPECT_EQ(d->open_requests(), 1u);
  EXPECT_FALSE(d->request(day[2].id).has_value());
  EXPECT_EQ(d->vehicles().front().plan.size() + d->vehicles().back().plan.size(), plans);
}

}  // namespace
}  // namespace cityos::mobility::drt
