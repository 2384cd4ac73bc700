// SPDX-License-Identifier: Apache-2.0
// The online dispatcher: answers with promises, keeps every promise under a
// stream of bookings and cancellations, rejects with alternatives and leaves
// nothing behind, carries passengers and parcels together, and moves plans
// with vehicle events (pickup, drop-off, no-show, breakdown).
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "mobility/drt/dispatcher.h"

namespace cityos::mobility::drt {
namespace {

epoch_ms const kDay = *parse_iso8601("2026-11-26T00:00:00+09:00");
epoch_ms at(int h, int m = 0) { return kDay + (h * 3600 + m * 60) * 1000LL; }

point const kCentre{34.8675, 138.2570};  // Fujieda station area

point offset(point p, double north_m, double east_m) {
  return {p.lat + north_m / 111'320.0, p.lon + east_m / (111'320.0 * std::cos(p.lat * M_PI / 180))};
}

fleet_vehicle van(std::string id, load cap = {4, 1, 10}) { return {std::move(id), cap, kCentre, at(7), at(20)}; }

booking ride(point from, point to, epoch_ms pickup, int party = 1) {
  booking b;
  b.kind = booking_kind::passenger;
  b.pickup = from;
  b.dropoff = to;
  b.amount = {party, 0, 0};
  b.pickup_time = pickup;
  return b;
}

booking parcel(point from, point to, int volume, time_window pick, time_window drop) {
  booking b;
  b.kind = booking_kind::parcel;
  b.pickup = from;
  b.dropoff = to;
  b.amount = {0, 0, volume};
  b.pickup_window = pick;
  b.delivery_window = drop;
  return b;
}

// Every scheduled or on-board request's planned times are inside the promise
// it was given (`given`: as answered at booking; else as the request shows it).
void expect_promises_kept(dispatcher const& d, std::map<std::string, promise> const& given = {}) {
  for (auto const& v : d.vehicles())
    for (auto const& s : v.plan) {
      auto const r = d.request(s.request_id);
      ASSERT_TRUE(r.has_value());
      EXPECT_EQ(r->promised.vehicle, v.id);
      auto const it = given.find(s.request_id);
      promise const& p = it == given.end() ? r->promised : it->second;
      auto const& w = s.kind == node_kind::pickup ? p.pickup : p.dropoff;
      if (s.kind == node_kind::pickup) {
        EXPECT_LE(w.to - w.from, 600'000);  // promise_width_s
      } else {
        EXPECT_LT(w.to, at(23));  // a real bound, not "whenever"
      }
      EXPECT_LE(s.eta, w.to) << s.request_id << (s.kind == node_kind::pickup ? " pickup" : " drop-off");
      if (s.kind == node_kind::pickup) {
        EXPECT_GE(s.eta, w.from) << s.request_id;
      }
    }
}

TEST(dispatcher, accepts_with_a_promise_around_the_requested_time) {
  auto d = dispatcher::make({van("v1")});
  ASSERT_TRUE(d.ok());
  auto r = d->submit(ride(offset(kCentre, 2000, 0), offset(kCentre, -1000, 3000), at(9)), at(8));
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->accepted) << r->reason;
  EXPECT_EQ(r->request_id, "req-1");
  EXPECT_EQ(r->promised.vehicle, "v1");
  EXPECT_GE(r->promised.pickup.from, at(9));
  EXPECT_LE(r->promised.pickup.to, at(9, 10));
  EXPECT_GT(r->promised.dropoff.to, r->promised.pickup.from);
  auto v = d->vehicle("v1");
  ASSERT_TRUE(v.has_value());
  ASSERT_EQ(v->plan.size(), 2u);
  EXPECT_EQ(v->plan[0].kind, node_kind::pickup);
  EXPECT_EQ(v->plan[1].kind, node_kind::delivery);
  expect_promises_kept(*d);
  EXPECT_EQ(d->submit(ride(kCentre, offset(kCentre, 10, 10), at(9)), at(8)).ok(), true);
  booking dup = ride(kCentre, offset(kCentre, 500, 0), at(10));
  dup.id = "req-1";
  auto again = d->submit(dup, at(8));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.err().code, error_code::already_exists);
}

TEST(dispatcher, full_vehicle_rejects_with_alternatives_and_leaves_nothing) {
  auto d = dispatcher::make({van("v1", {1, 0, 0})});
  ASSERT_TRUE(d.ok());
  point const a = offset(kCentre, 3000, 0), b = offset(kCentre, -3000, 0);
  ASSERT_TRUE(d->submit(ride(a, b, at(9)), at(8))->accepted);
  auto before = d->vehicle("v1")->plan;
  auto r = d->submit(ride(a, b, at(9)), at(8));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->accepted);
  EXPECT_FALSE(r->reason.empty());
  ASSERT_FALSE(r->alternatives.empty());
  for (auto t : r->alternatives) EXPECT_NE(t, at(9));
  EXPECT_EQ(d->vehicle("v1")->plan.size(), before.size());
  EXPECT_FALSE(d->request(r->request_id).has_value());
  // The first alternative offered is accepted when asked for.
  auto alt = d->submit(ride(a, b, r->alternatives.front()), at(8));
  ASSERT_TRUE(alt.ok());
  EXPECT_TRUE(alt->accepted) << alt->reason;
  expect_promises_kept(*d);
  // A party larger than any vehicle: no alternatives either.
  auto big = d->submit(ride(a, b, at(12), 3), at(8));
  ASSERT_TRUE(big.ok());
  EXPECT_FALSE(big->accepted);
  EXPECT_TRUE(big->alternatives.empty());
}

TEST(dispatcher, passengers_and_parcels_share_a_vehicle) {
  auto d = dispatcher::make({van("v1", {2, 0, 5})});
  ASSERT_TRUE(d.ok());
  point const a = offset(kCentre, 2000, 0), b = offset(kCentre, -2000, 500);
  auto p = d->submit(ride(a, b, at(10)), at(8));
  auto q = d->submit(parcel(offset(a, 100, 0), offset(b, 0, 100), 4, {at(9), at(11)}, {at(10), at(12)}), at(8));
  ASSERT_TRUE(p.ok() && q.ok());
  EXPECT_TRUE(p->accepted);
  EXPECT_TRUE(q->accepted) << q->reason;
  EXPECT_EQ(d->vehicle("v1")->plan.size(), 4u);
  // Volume 4 of 5 is taken in that time: a second big parcel then is not.
  auto r = d->submit(parcel(offset(a, 50, 0), offset(b, 0, 50), 4, {at(10), at(10, 5)}, {at(10), at(10, 40)}), at(8));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->accepted);
  expect_promises_kept(*d);
}

TEST(dispatcher, promises_hold_under_a_stream_of_bookings_and_cancellations) {
  std::vector<fleet_vehicle> fleet;
  for (int i = 0; i < 5; ++i) fleet.push_back(van("v" + std::to_string(i)));
  auto d = dispatcher::make(fleet);
  ASSERT_TRUE(d.ok());
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> m(-5000, 5000);
  std::uniform_int_distribution<int> minute(0, 8 * 60);
  std::vector<std::string> accepted;
  std::map<std::string, promise> given;
  int rejected = 0;
  for (int i = 0; i < 200; ++i) {
    auto const t = at(9) + minute(rng) * 60'000LL;
    auto r = d->submit(ride(offset(kCentre, m(rng), m(rng)), offset(kCentre, m(rng), m(rng)), t, 1 + i % 3), at(8));
    ASSERT_TRUE(r.ok());
    if (r->accepted) {
      accepted.push_back(r->request_id);
      given[r->request_id] = r->promised;
    } else {
      ++rejected;
    }
    if (i % 7 == 6 && !accepted.empty()) {  // a rider cancels
      auto const& id = accepted[static_cast<std::size_t>(rng() % accepted.size())];
      auto const st = d->request(id)->status;
      auto c = d->cancel(id);
      EXPECT_EQ(c.ok(), st == request_status::scheduled);
    }
    if (i % 20 == 19) expect_promises_kept(*d, given);
  }
  expect_promises_kept(*d, given);
  EXPECT_GT(accepted.size(), 50u);
  EXPECT_GT(rejected, 0);
}

TEST(dispatcher, vehicle_events_move_the_plan) {
  auto d = dispatcher::make({van("v1"), van("v2")});
  ASSERT_TRUE(d.ok());
  point const a = offset(kCentre, 1500, 0), b = offset(kCentre, -1500, 0);
  auto r1 = d->submit(ride(a, b, at(9)), at(8));
  ASSERT_TRUE(r1.ok() && r1->accepted);
  auto const v = r1->promised.vehicle;
  std::string const id = r1->request_id;

  EXPECT_EQ(d->apply_event(v, {vehicle_event::kind::dropped_off, id, {}}, at(9)).err().code, error_code::unprocessable);
  EXPECT_EQ(d->apply_event("nope", {vehicle_event::kind::position, "", a}, at(9)).err().code, error_code::not_found);
  ASSERT_TRUE(d->apply_event(v, {vehicle_event::kind::position, "", a}, at(8, 55)).ok());
  EXPECT_NEAR(d->vehicle(v)->position.lat, a.lat, 1e-9);
  ASSERT_TRUE(d->apply_event(v, {vehicle_event::kind::picked_up, id, {}}, at(9, 2)).ok());
  EXPECT_EQ(d->request(id)->status, request_status::onboard);
  EXPECT_EQ(d->vehicle(v)->onboard, (load{1, 0, 0}));
  ASSERT_EQ(d->vehicle(v)->plan.size(), 1u);
  EXPECT_EQ(d->cancel(id).err().code, error_code::unprocessable);
  ASSERT_TRUE(d->apply_event(v, {vehicle_event::kind::dropped_off, id, {}}, at(9, 20)).ok());
  EXPECT_EQ(d->request(id)->status, request_status::completed);
  EXPECT_TRUE(d->vehicle(v)->plan.empty());
  EXPECT_EQ(d->vehicle(v)->onboard, (load{}));

  auto r2 = d->submit(ride(a, b, at(11)), at(9, 30));
  ASSERT_TRUE(r2->accepted);
  ASSERT_TRUE(d->apply_event(r2->promised.vehicle, {vehicle_event::kind::no_show, r2->request_id, {}}, at(11, 5)).ok());
  EXPECT_EQ(d->request(r2->request_id)->status, request_status::no_show);
  EXPECT_TRUE(d->vehicle(r2->promised.vehicle)->plan.empty());
}

TEST(dispatcher, breakdown_moves_scheduled_requests_and_strands_the_rest) {
  auto d = dispatcher::make({van("v1"), van("v2")});
  ASSERT_TRUE(d.ok());
  point const a = offset(kCentre, 1500, 0), b = offset(kCentre, -1500, 0);
  auto on = d->submit(ride(a, b, at(9)), at(8));
  ASSERT_TRUE(on->accepted);
  std::string const broken = on->promised.vehicle, other = broken == "v1" ? "v2" : "v1";
  ASSERT_TRUE(d->apply_event(broken, {vehicle_event::kind::picked_up, on->request_id, {}}, at(9, 1)).ok());
  auto later = d->submit(ride(b, a, at(12)), at(9, 5));
  ASSERT_TRUE(later->accepted);
  auto const promised = d->request(later->request_id)->promised;
  auto affected = d->apply_event(broken, {vehicle_event::kind::breakdown, "", {}}, at(9, 10));
  ASSERT_TRUE(affected.ok());
  EXPECT_EQ(d->request(on->request_id)->status, request_status::unserved);
  auto const moved = d->request(later->request_id);
  if (moved->status == request_status::scheduled) {
    EXPECT_EQ(moved->promised.vehicle, other);
    EXPECT_EQ(moved->promised.pickup.from, promised.pickup.from);
    EXPECT_EQ(moved->promised.pickup.to, promised.pickup.to);
  }
  EXPECT_FALSE(d->vehicle(broken)->in_service);
  EXPECT_TRUE(d->vehicle(broken)->plan.empty());
  EXPECT_EQ(d->apply_event(broken, {vehicle_event::kind::position, "", a}, at(9, 20)).err().code,
            error_code::unprocessable);
  expect_promises_kept(*d);
}

TEST(dispatcher, bad_fleets_are_refused) {
  EXPECT_FALSE(dispatcher::make({}).ok());
  EXPECT_FALSE(dispatcher::make({van("a"), van("a")}).ok());
  fleet_vehicle bad = van("b");
  bad.shift_end = bad.shift_start - 1;
  EXPECT_FALSE(dispatcher::make({bad}).ok());
}

}  // namespace
}  // namespace cityos::mobility::drt
