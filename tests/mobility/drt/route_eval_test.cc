// SPDX-License-Identifier: Apache-2.0
// Insertion feasibility and cost of route_eval on small hand-made problems:
// capacity per load dimension, time windows, maximum ride time (including a
// ride that is only feasible by delaying the pickup), route duration and
// precedence.
#include "mobility/drt/route_eval.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "mobility/drt/instance_reader.h"
#include "mobility/drt/solution_file.h"

namespace cityos::mobility::drt {
namespace {

// Locations on a line (location 0: depot at x = 0); time = distance = |dx|.
// Request i has pickup node 2i at xs[2i] and delivery node 2i+1 at xs[2i+1].
problem line_problem(std::vector<double> const& xs, std::vector<load> const& amounts, load capacity) {
  problem p;
  p.name = "line";
  std::vector<double> x = {0};
  x.insert(x.end(), xs.begin(), xs.end());
  p.travel.size = static_cast<std::uint32_t>(x.size());
  for (double a : x)
    for (double b : x) {
      p.travel.time.push_back(std::abs(a - b));
      p.travel.distance.push_back(std::abs(a - b));
    }
  for (std::uint32_t r = 0; r < amounts.size(); ++r) {
    // std::string(...) + ...: GCC 12 at -O3 warns (-Wrestrict, falsely) on "p" + std::to_string(r)
    std::string const n = std::to_string(r);
    node pick{node_kind::pickup, r, 2 * r + 1, 0, no_limit, 0, std::string("p") + n};
    node drop{node_kind::delivery, r, 2 * r + 2, 0, no_limit, 0, std::string("d") + n};
    p.nodes.push_back(pick);
    p.nodes.push_back(drop);
    p.requests.push_back({2 * r, 2 * r + 1, amounts[r], no_limit, std::string("r") + n});
  }
  p.vehicles.push_back({capacity, 0, 0, 0, no_limit, no_limit, "v0"});
  return p;
}

route_state route_with(route_evaluator const& ev, std::vector<node_index> stops) {
  route_state r;
  r.vehicle = 0;
  r.origin = ev.depot_origin(0);
  r.stops = std::move(stops);
  ev.evaluate(r);
  return r;
}

TEST(RouteEval, EmptyRouteTakesAnyRequest) {
  auto p = line_problem({10, 20}, {{1, 0, 0}}, {1, 0, 0});
  route_evaluator ev(p);
  auto r = route_with(ev, {});
  EXPECT_TRUE(r.feasible);
  ASSERT_TRUE(ev.can_insert(r, 0, 0, 0));
  auto best = ev.best_insertion(r, 0);
  ASSERT_TRUE(best);
  EXPECT_DOUBLE_EQ(best->delta, 40);
  EXPECT_DOUBLE_EQ(ev.insert_delta(r, 0, 0, 0), 40);
}

TEST(RouteEval, CapacityIsCheckedPerDimension) {
  // seats 2, one wheelchair place, volume 5
  load const cap{2, 1, 5};
  for (load second : {load{0, 1, 0}, load{0, 0, 5}, load{2, 0, 0}}) {
    load first = second;  // the same kind of load twice overflows that dimension
    auto p = line_problem({10, 30, 15, 25}, {first, second}, cap);
    route_evaluator ev(p);
    auto r = route_with(ev, {0, 1});  // request 0: 10 -> 30
    ASSERT_TRUE(r.feasible);
    EXPECT_FALSE(ev.can_insert(r, 1, 1, 1)) << "overlap with request 0 on board";
    EXPECT_TRUE(ev.can_insert(r, 1, 2, 2)) << "after request 0 is dropped";
    auto best = ev.best_insertion(r, 1);
    ASSERT_TRUE(best);
    EXPECT_EQ(best->pickup_pos, 2u);
  }
  // different dimensions share a vehicle
  auto p = line_problem({10, 30, 15, 25}, {{0, 1, 0}, {0, 0, 5}}, cap);
  route_evaluator ev(p);
  auto r = route_with(ev, {0, 1});
  EXPECT_TRUE(ev.can_insert(r, 1, 1, 1));
  EXPECT_DOUBLE_EQ(ev.best_insertion(r, 1)->delta, 0);
}

TEST(RouteEval, TimeWindowOfALaterStopBlocksADetour) {
  auto p = line_problem({10, 20, 50, 60}, {{1, 0, 0}, {1, 0, 0}}, {2, 0, 0});
  p.nodes[1].latest = 20;  // request 0 must be dropped at x=20 by t=20
  route_evaluator ev(p);
  auto r = route_with(ev, {0, 1});
  ASSERT_TRUE(r.feasible);
  EXPECT_DOUBLE_EQ(r.latest[2], 20);
  EXPECT_FALSE(ev.can_insert(r, 1, 0, 0)) << "serving request 1 first makes drop-off 0 late";
  EXPECT_FALSE(ev.can_insert(r, 1, 1, 1));
  EXPECT_TRUE(ev.can_insert(r, 1, 2, 2));
  // the pickup's own window
  p.nodes[2].latest = 40;  // pickup of request 1 at x=50 by t=40: never
  route_evaluator ev2(p);
  auto r2 = route_with(ev2, {0, 1});
  EXPECT_FALSE(ev2.best_insertion(r2, 1));
}

TEST(RouteEval, MaxRideTimeOfAPassengerOnBoard) {
  // request 0: 10 -> 20 with at most 15 ride; a detour via 40 takes 50
  auto p = line_problem({10, 20, 40, 45}, {{1, 0, 0}, {1, 0, 0}}, {4, 0, 0});
  p.requests[0].max_ride = 15;
  route_evaluator ev(p);
  EXPECT_TRUE(ev.needs_exact_check());
  auto r = route_with(ev, {0, 1});
  ASSERT_TRUE(r.feasible);
  EXPECT_FALSE(ev.can_insert(r, 1, 1, 1));
  EXPECT_FALSE(ev.can_insert(r, 1, 1, 2));
  EXPECT_TRUE(ev.can_insert(r, 1, 2, 2));
  EXPECT_TRUE(ev.can_insert(r, 1, 0, 0));
  auto best = ev.best_insertion(r, 1);
  ASSERT_TRUE(best);
  EXPECT_EQ(best->pickup_pos, 2u);
}

TEST(RouteEval, RideTimeMetByDelayingThePickup) {
  // pickup at 10 from t=0, drop-off at 20 not before t=100, ride <= 20:
  // feasible only if the vehicle waits before the pickup
  auto p = line_problem({10, 20}, {{1, 0, 0}}, {1, 0, 0});
  p.nodes[1].earliest = 100;
  p.requests[0].max_ride = 20;
  route_evaluator ev(p);
  auto r = route_with(ev, {});
  EXPECT_TRUE(ev.can_insert(r, 0, 0, 0));
  p.nodes[0].latest = 50;  // but not if the pickup must happen by t=50
  route_evaluator ev2(p);
  auto r2 = route_with(ev2, {});
  EXPECT_FALSE(ev2.can_insert(r2, 0, 0, 0));
}

TEST(RouteEval, MaxDurationAndShiftEnd) {
  auto p = line_problem({10, 20}, {{1, 0, 0}}, {1, 0, 0});
  p.vehicles[0].shift_end = 39;  // the round trip takes 40
  route_evaluator ev(p);
  EXPECT_FALSE(ev.can_insert(route_with(ev, {}), 0, 0, 0));
  p.vehicles[0].shift_end = no_limit;
  p.vehicles[0].max_duration = 39;
  route_evaluator ev2(p);
  EXPECT_FALSE(ev2.can_insert(route_with(ev2, {}), 0, 0, 0));
  p.vehicles[0].max_duration = 40;
  p.nodes[0].earliest = 100;  // waiting does not count: the vehicle leaves later
  route_evaluator ev3(p);
  EXPECT_TRUE(ev3.can_insert(route_with(ev3, {}), 0, 0, 0));
}

TEST(RouteEval, PrecedenceAndPositions) {
  auto p = line_problem({10, 20, 30, 40}, {{1, 0, 0}, {1, 0, 0}}, {2, 0, 0});
  route_evaluator ev(p);
  std::vector<node_index> const backwards = {1, 0};
  EXPECT_FALSE(ev.schedule_feasible(0, ev.depot_origin(0), backwards));
  auto r = route_with(ev, {0, 1});
  EXPECT_FALSE(ev.can_insert(r, 1, 2, 1)) << "delivery position before pickup position";
  EXPECT_FALSE(ev.can_insert(r, 1, 0, 3)) << "beyond the route";
}

TEST(RouteEval, InsertDeltaMatchesTheEvaluatedRoute) {
  auto p = line_problem({10, 30, 15, 25, 5, 50}, {{1, 0, 0}, {1, 0, 0}, {1, 0, 0}}, {3, 0, 0});
  route_evaluator ev(p);
  auto r = route_with(ev, {0, 2, 3, 1});
  for (std::uint32_t i = 0; i <= 4; ++i)
    for (std::uint32_t j = i; j <= 4; ++j) {
      ASSERT_TRUE(ev.can_insert(r, 2, i, j));
      auto copy = r;
      apply_insertion(p, copy, 2, {i, j, 0});
      ev.evaluate(copy);
      EXPECT_NEAR(copy.distance - r.distance, ev.insert_delta(r, 2, i, j), 1e-9) << i << "," << j;
      EXPECT_NEAR(ev.removal_delta(copy, 2), ev.insert_delta(r, 2, i, j), 1e-9);
      erase_request(p, copy, 2);
      EXPECT_EQ(copy.stops, r.stops);
    }
}

// Every route of the published best-known solutions passes the evaluator, and
// its distances add up to the published total.
TEST(RouteEval, AcceptsBestKnownRoutes) {
  std::filesystem::path const dir = std::string(CITYOS_SHARED_DIR) + "/data/pdptw/lilim-sintef";
  for (std::string name : {"lc101", "lc204", "lr112", "lrc201", "lrc202"}) {
    auto p = read_lilim(dir / "instances" / (name + ".txt"));
    ASSERT_TRUE(p) << p.err().detail;
    std::filesystem::path bks;
    for (auto const& f : std::filesystem::directory_iterator(dir / "bks_solutions_current"))
      if (f.path().filename().string().starts_with(name + ".")) bks = f.path();
    ASSERT_FALSE(bks.empty()) << name;
    auto sol = read_solution(bks, *p);
    ASSERT_TRUE(sol) << sol.err().detail;
    route_evaluator ev(*p);
    double total = 0;
    for (auto const& r : sol->routes.routes) {
      route_state st;
      st.vehicle = 0;
      st.origin = ev.depot_origin(0);
      st.stops = r.stops;
      ev.evaluate(st);
      EXPECT_TRUE(st.feasible) << name;
      total += st.distance;
    }
    auto const stem = bks.stem().string();  // lc204.3_590.6
    EXPECT_NEAR(total, std::stod(stem.substr(stem.find('_') + 1)), 1e-3) << name;
  }
}

}  // namespace
}  // namespace cityos::mobility::drt
