// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt/checker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <sstream>
#include <string>

#include "mobility/drt/instance_reader.h"
#include "mobility/drt/solution_file.h"

namespace cityos::mobility::drt {
namespace {

std::string const lilim = std::string(CITYOS_SHARED_DIR) + "/data/pdptw/lilim-sintef";

struct lc101_case {
  problem p;
  solution s;
};

lc101_case lc101() {
  auto p = read_lilim(lilim + "/instances/lc101.txt");
  EXPECT_TRUE(p) << p.err().detail;
  auto s = read_solution(lilim + "/bks_solutions_current/lc101.10_828.9369.txt", *p);
  EXPECT_TRUE(s) << s.err().detail;
  return {std::move(p).value(), std::move(s)->routes};
}

node_index by_label(problem const& p, std::string const& label) {
  for (node_index i = 0; i < p.nodes.size(); ++i)
    if (p.nodes[i].label == label) return i;
  ADD_FAILURE() << "no task " << label;
  return 0;
}

std::string all_messages(check_report const& r) {
  std::string s;
  for (auto const& v : r.violations) s += std::string(kind_name(v.kind)) + ": " + v.message + "\n";
  return s;
}

TEST(checker, lc101_best_known_is_feasible_with_totals) {
  auto c = lc101();
  auto const r = check_solution(c.p, c.s);
  EXPECT_TRUE(r.feasible()) << all_messages(r);
  EXPECT_EQ(r.vehicles_used, 10u);
  EXPECT_EQ(r.served, 53u);
  EXPECT_NEAR(r.total_distance, 828.9369, 1e-4);
  EXPECT_GT(r.total_duration, r.total_distance);  // plus service and waiting
  std::ostringstream out;
  write_check_report(c.p, r, out);
  EXPECT_NE(out.str().find("vehicles used 10, total distance 828.9369"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("feasible\n"), std::string::npos);
}

TEST(checker, missing_task_breaks_the_pair) {
  auto c = lc101();
  auto& stops = c.s.routes[8].stops;  // Route 9 : 5 3 7 8 10 11 9 6 4 2 1 75
  stops.pop_back();                   // 75, the delivery of pickup 3
  auto const r = check_solution(c.p, c.s);
  ASSERT_TRUE(r.has(violation_kind::pairing)) << all_messages(r);
  EXPECT_NE(
      all_messages(r).find("request 3 (tasks 3 -> 75): pickup task 3 is on route 9 but its delivery is on no route"),
      std::string::npos)
      << all_messages(r);
  // Dropping the pickup too leaves the request unserved, and not listed.
  std::erase(stops, by_label(c.p, "3"));
  auto const r2 = check_solution(c.p, c.s);
  EXPECT_TRUE(r2.has(violation_kind::not_served)) << all_messages(r2);
  EXPECT_FALSE(r2.has(violation_kind::pairing));
  c.s.unserved.push_back(c.p.nodes[by_label(c.p, "3")].request);
  EXPECT_TRUE(check_solution(c.p, c.s).feasible()) << all_messages(check_solution(c.p, c.s));
}

TEST(checker, delivery_before_pickup) {
  auto c = lc101();
  auto& stops = c.s.routes[8].stops;  // 3 at position 1, its delivery 75 last
  std::swap(stops[1], stops.back());
  auto const r = check_solution(c.p, c.s);
  EXPECT_TRUE(r.has(violation_kind::precedence)) << all_messages(r);
  EXPECT_NE(all_messages(r).find("route 9 delivers request 3 (tasks 3 -> 75) before picking it up"), std::string::npos);
}

TEST(checker, missed_time_window) {
  auto c = lc101();
  auto& stops = c.s.routes[0].stops;
  std::reverse(stops.begin(), stops.end());
  auto const r = check_solution(c.p, c.s);
  EXPECT_TRUE(r.has(violation_kind::time_window)) << all_messages(r);
  EXPECT_NE(all_messages(r).find("after its window closes at"), std::string::npos);
}

TEST(checker, capacity_exceeded) {
  auto c = lc101();
  for (auto& v : c.p.vehicles) v.capacity.seats = 20;
  auto const r = check_solution(c.p, c.s);
  ASSERT_TRUE(r.has(violation_kind::capacity)) << all_messages(r);
  EXPECT_NE(all_messages(r).find("seats load"), std::string::npos);
  EXPECT_NE(all_messages(r).find("exceeds capacity 20"), std::string::npos);
}

TEST(checker, two_routes_share_a_task) {
  auto c = lc101();
  c.s.routes[1].stops.push_back(c.s.routes[0].stops.front());
  auto const r = check_solution(c.p, c.s);
  ASSERT_TRUE(r.has(violation_kind::visited_twice)) << all_messages(r);
  EXPECT_NE(all_messages(r).find("task 81 is visited 2 times (route 1, route 2)"), std::string::npos)
      << all_messages(r);
}

TEST(checker, vehicles_unknown_or_reused_and_bad_indices) {
  auto c = lc101();
  c.s.routes[1].vehicle = 0;
  c.s.routes[2].vehicle = 99;
  c.s.routes[3].stops.push_back(5000);
  c.s.unserved.push_back(4000);
  auto const r = check_solution(c.p, c.s);
  auto const text = all_messages(r);
  EXPECT_NE(text.find("vehicle 1 drives two routes"), std::string::npos) << text;
  EXPECT_NE(text.find("uses vehicle 100 but the fleet has 25 vehicles"), std::string::npos) << text;
  EXPECT_TRUE(r.has(violation_kind::unknown_node));
  EXPECT_TRUE(r.has(violation_kind::wrongly_unserved));
  c.p.vehicles.resize(5);
  EXPECT_NE(all_messages(check_solution(c.p, c.s)).find("10 routes but the fleet has 5 vehicles"), std::string::npos);
}

// A dial-a-ride problem on a line: location i at x = xs[i], time = distance.
problem line_problem(std::vector<double> const& xs) {
  problem p;
  p.name = "line";
  p.travel.size = static_cast<std::uint32_t>(xs.size());
  for (double a : xs)
    for (double b : xs) p.travel.distance.push_back(std::abs(a - b));
  p.travel.time = p.travel.distance;
  vehicle v;
  v.capacity.seats = 3;
  v.shift_end = 1000;
  p.vehicles.push_back(v);
  return p;
}

// Adds a request picked up at location `from` in [e1, l1], delivered at `to` in [e2, l2].
void add_request(problem& p, std::uint32_t from, std::uint32_t to, double e1, double l1, double e2, double l2,
                 double max_ride) {
  auto const r = static_cast<std::uint32_t>(p.requests.size());
  auto const pick = static_cast<node_index>(p.nodes.size());
  p.nodes.push_back({node_kind::pickup, r, from, e1, l1, 0, "p" + std::to_string(r + 1)});
  p.nodes.push_back({node_kind::delivery, r, to, e2, l2, 0, "d" + std::to_string(r + 1)});
  p.requests.push_back({pick, pick + 1, {1, 0, 0}, max_ride, std::to_string(r + 1)});
}

TEST(checker, ride_time_met_only_by_delaying_the_departure) {
  // Pickup at x=10 (open all day), delivery at x=20 in [50, 60], ride <= 15.
  // Leaving at 0 picks up at 10 and waits: ride 40. Leaving at 25 or later: 10.
  auto p = line_problem({0, 10, 20});
  add_request(p, 1, 2, 0, 1000, 50, 60, 15);
  p.vehicles[0].max_duration = 65;  // also needs the later departure: 70 if leaving at 0
  solution s{{{0, {0, 1}}}, {}};
  auto const r = check_solution(p, s);
  EXPECT_TRUE(r.feasible()) << all_messages(r);
  ASSERT_EQ(r.routes.size(), 1u);
  EXPECT_GE(r.routes[0].start[0], 35 - 1e-5);  // picked up late enough
  EXPECT_NEAR(r.routes[0].start[1], 50, 1e-9);
  EXPECT_LE(r.routes[0].duration(), 65 + 1e-5);
  EXPECT_NEAR(r.total_distance, 40, 1e-9);

  p.requests[0].max_ride = 5;  // less than the 10 it takes to drive there
  auto const bad = check_solution(p, s);
  ASSERT_TRUE(bad.has(violation_kind::max_ride)) << all_messages(bad);
  EXPECT_NE(all_messages(bad).find(
                "no schedule keeps the ride of request 1 (tasks p1 -> d1) within 5 (earliest schedule: 40)"),
            std::string::npos)
      << all_messages(bad);
}

TEST(checker, ride_time_met_by_waiting_at_an_intermediate_stop) {
  // Request 1 must be picked up by 20, so the depot departure cannot move
  // much; request 2's pickup (x=30) must wait until about 185 for its
  // delivery at x=40 in [200, 210] to keep the ride within 15.
  auto p = line_problem({0, 10, 20, 30, 40});
  add_request(p, 1, 2, 0, 20, 0, 1000, 15);
  add_request(p, 3, 4, 0, 1000, 200, 210, 15);
  solution s{{{0, {0, 1, 2, 3}}}, {}};
  auto r = check_solution(p, s);
  EXPECT_TRUE(r.feasible()) << all_messages(r);
  EXPECT_LE(r.routes[0].start[0], 20);
  EXPECT_GE(r.routes[0].start[2], 185 - 1e-5);

  p.nodes[2].latest = 100;  // pickup 2 closes at 100: no schedule works
  r = check_solution(p, s);
  ASSERT_TRUE(r.has(violation_kind::max_ride)) << all_messages(r);
  EXPECT_EQ(r.violations.size(), 1u) << all_messages(r);
  EXPECT_NE(all_messages(r).find("request 2 (tasks p2 -> d2)"), std::string::npos);
}

TEST(checker, route_duration_and_shift_end) {
  auto p = line_problem({0, 10, 20});
  add_request(p, 1, 2, 100, 200, 0, 1000, no_limit);
  p.vehicles[0].max_duration = 30;  // 40 of driving
  solution s{{{0, {0, 1}}}, {}};
  auto r = check_solution(p, s);
  ASSERT_TRUE(r.has(violation_kind::max_duration)) << all_messages(r);
  EXPECT_NEAR(r.routes[0].depart, 90, 1e-9);  // leaves just in time for the window at 100
  p.vehicles[0].max_duration = no_limit;
  p.vehicles[0].shift_end = 110;
  r = check_solution(p, s);
  ASSERT_TRUE(r.has(violation_kind::shift_end)) << all_messages(r);
  EXPECT_NE(all_messages(r).find("returns to the depot at 130, after the shift end 110"), std::string::npos)
      << all_messages(r);
}

// Random routes over a2-16: whenever the checker accepts a route, the schedule
// it reports keeps every time rule; some routes need delayed departures.
TEST(checker, reported_darp_schedules_keep_every_time_rule) {
  auto p = read_cordeau(std::string(CITYOS_SHARED_DIR) + "/data/darp/cordeau/a2-16.txt");
  ASSERT_TRUE(p) << p.err().detail;
  std::mt19937 rng(7);
  int feasible = 0;
  for (int round = 0; round < 300; ++round) {
    std::vector<std::uint32_t> reqs(p->requests.size());
    std::iota(reqs.begin(), reqs.end(), 0u);
    std::shuffle(reqs.begin(), reqs.end(), rng);
    reqs.resize(1 + rng() % 3);
    std::sort(reqs.begin(), reqs.end(), [&](auto a, auto b) {
      return p->nodes[p->requests[a].pickup].latest < p->nodes[p->requests[b].pickup].latest;
    });
    route r{0, {}};
    for (auto q : reqs) r.stops.push_back(p->requests[q].pickup);
    for (auto q : reqs) r.stops.push_back(p->requests[q].delivery);
    std::sort(r.stops.begin() + static_cast<long>(reqs.size()), r.stops.end(),
              [&](auto a, auto b) { return p->nodes[a].latest < p->nodes[b].latest; });
    solution s{{r}, {}};
    std::vector<bool> on(p->requests.size());
    for (auto q : reqs) on[q] = true;
    for (std::uint32_t q = 0; q < p->requests.size(); ++q)
      if (!on[q]) s.unserved.push_back(q);
    auto const rep = check_solution(*p, s);
    if (!rep.feasible()) continue;
    ++feasible;
    auto const& rc = rep.routes[0];
    auto const& v = p->vehicles[0];
    double t = rc.depart;
    std::uint32_t at = 0;
    std::vector<double> leave(p->nodes.size());
    for (std::size_t i = 0; i < r.stops.size(); ++i) {
      auto const& n = p->nodes[r.stops[i]];
      EXPECT_GE(rc.start[i] + 1e-9, t + p->travel.t(at, n.location));
      EXPECT_GE(rc.start[i] + 1e-9, n.earliest);
      EXPECT_LE(rc.start[i], n.latest + 1e-5);
      if (n.kind == node_kind::delivery) {
        EXPECT_LE(rc.start[i] - leave[p->requests[n.request].pickup], p->requests[n.request].max_ride + 1e-5);
      }
      t = leave[r.stops[i]] = rc.start[i] + n.service;
      at = n.location;
    }
    EXPECT_NEAR(rc.end_arrival, t + p->travel.t(at, 0), 1e-9);
    EXPECT_GE(rc.depart + 1e-9, v.shift_start);
    EXPECT_LE(rc.duration(), v.max_duration + 1e-5);
  }
  EXPECT_GT(feasible, 30);
}

TEST(checker, report_lists_violations) {
  auto c = lc101();
  c.s.routes.pop_back();
  std::ostringstream out;
  write_check_report(c.p, check_solution(c.p, c.s), out);
  EXPECT_NE(out.str().find("INFEASIBLE: "), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("  [not served] request "), std::string::npos) << out.str();
}

}  // namespace
}  // namespace cityos::mobility::drt
