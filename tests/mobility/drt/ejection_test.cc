// SPDX-License-Identifier: Apache-2.0
// The guided ejection search of route elimination: on a tiny problem, a pool
// request that fits in no route gets in by ejecting a request that then fits
// elsewhere; a request that fits nowhere stays in the pool until the stop
// condition, with every route still feasible; on lr101 a route of a greedy
// construction is eliminated.
#include "mobility/drt/detail/ejection.h"

#include <gtest/gtest.h>

#include "mobility/drt/checker.h"
#include "mobility/drt/detail/insertion.h"
#include "mobility/drt/instance_reader.h"

namespace cityos::mobility::drt::detail {
namespace {

// Depot 0, locations 1 and 2 on a line (10 apart); one seat per vehicle, so a
// vehicle carries one request at a time. x and y are compatible; z rides from
// time 12 to 45 and so conflicts with both. w's pickup window closes before
// any vehicle can reach it.
problem tiny() {
  problem p;
  p.travel.size = 3;
  p.travel.time = {0, 10, 20, 10, 0, 10, 20, 10, 0};
  p.travel.distance = p.travel.time;
  auto add = [&](std::string const& id, double p0, double p1, double d0, double d1) {
    auto const r = static_cast<std::uint32_t>(p.requests.size());
    auto const n = static_cast<node_index>(p.nodes.size());
    p.nodes.push_back({node_kind::pickup, r, 1, p0, p1, 0, id + "+"});
    p.nodes.push_back({node_kind::delivery, r, 2, d0, d1, 0, id + "-"});
    p.requests.push_back({n, n + 1, {1, 0, 0}, no_limit, id});
  };
  add("x", 10, 15, 20, 25);
  add("y", 40, 45, 50, 55);
  add("z", 12, 17, 45, 50);
  add("w", 0, 5, 0, 100);
  for (char const* id : {"v0", "v1", "v2"}) p.vehicles.push_back({{1, 0, 0}, 0, 0, 0, no_limit, no_limit, id});
  return p;
}

void place(route_evaluator const& ev, working_solution& ws, std::uint32_t req, std::uint32_t v) {
  auto const at = ev.best_insertion(ws.routes[v], req);
  ASSERT_TRUE(at);
  insert_request(ev, ws, req, v, *at);
}

void expect_feasible(route_evaluator const& ev, working_solution const& ws,
                     std::vector<std::vector<std::uint32_t>> const& groups) {
  auto s = to_solution(ws, groups);
  s.unserved.clear();  // the test's bank may leave requests out
  for (std::uint32_t r = 0; r < ws.route_of.size(); ++r)
    if (ws.route_of[r] == unassigned) s.unserved.push_back(r);
  auto const rep = check_solution(ev.prob(), s);
  for (auto const& v : rep.violations) ADD_FAILURE() << kind_name(v.kind) << ": " << v.message;
}

TEST(EjectionSearch, EjectsARequestThatFitsElsewhere) {
  auto const p = tiny();
  route_evaluator ev(p);
  auto ws = empty_solution(ev);
  place(ev, ws, 0, 0);  // x
  place(ev, ws, 1, 1);  // y
  ws.bank = {2};        // z: conflicts with x and with y
  ws.max_routes = 2;
  ASSERT_FALSE(ev.best_insertion(ws.routes[0], 2));
  ASSERT_FALSE(ev.best_insertion(ws.routes[1], 2));
  ejection_search search(ev);
  std::mt19937_64 rng(1);
  int calls = 0;
  EXPECT_TRUE(search.run(ws, [&] { return ++calls > 100; }, rng));
  EXPECT_TRUE(ws.bank.empty());
  EXPECT_EQ(ws.used_routes(), 2u);
  EXPECT_TRUE(ws.routes[2].empty());  // no route opened
  // z rides alone; x and y share the other vehicle
  auto const vz = static_cast<std::size_t>(ws.route_of[2]);
  EXPECT_EQ(ws.routes[vz].size(), 2u);
  EXPECT_EQ(ws.route_of[0], ws.route_of[1]);
  expect_feasible(ev, ws, vehicle_groups(p));
}

TEST(EjectionSearch, StopsWithTheUnplaceableRequestInThePool) {
  auto const p = tiny();
  route_evaluator ev(p);
  auto ws = empty_solution(ev);
  place(ev, ws, 0, 0);
  place(ev, ws, 1, 0);  // x then y
  ws.bank = {3};        // w: unreachable in time
  ws.max_routes = 1;
  ejection_search search(ev);
  std::mt19937_64 rng(1);
  int calls = 0;
  EXPECT_FALSE(search.run(ws, [&] { return ++calls > 50; }, rng));
  EXPECT_EQ(calls, 51);
  EXPECT_EQ(ws.bank, (std::vector<std::uint32_t>{3}));
  EXPECT_EQ(ws.used_routes(), 1u);
  EXPECT_EQ(ws.route_of[0], 0);
  EXPECT_EQ(ws.route_of[1], 0);
  expect_feasible(ev, ws, vehicle_groups(p));
}

TEST(EjectionSearch, EliminatesARouteOfLr101) {
  auto const p = read_lilim(std::string(CITYOS_SHARED_DIR) + "/data/pdptw/lilim-sintef/instances/lr101.txt");
  ASSERT_TRUE(p) << p.err().detail;
  route_evaluator ev(*p);
  auto const groups = vehicle_groups(*p);
  std::mt19937_64 rng(3);
  auto ws = empty_solution(ev);
  inserter(ev, groups).run(ws, {1, 0}, rng);  // greedy: more routes than needed
  ASSERT_TRUE(ws.bank.empty());
  auto const m = ws.used_routes();
  ASSERT_GT(m, 19u);  // best known: 19
  // drop the smallest route
  std::uint32_t drop = 0;
  for (std::uint32_t v = 0; v < ws.routes.size(); ++v)
    if (!ws.routes[v].empty() && (ws.routes[drop].empty() || ws.routes[v].size() < ws.routes[drop].size())) drop = v;
  for (auto n : std::vector<node_index>(ws.routes[drop].stops))
    if (p->nodes[n].kind == node_kind::pickup) remove_request(ev, ws, p->nodes[n].request);
  ws.max_routes = m - 1;
  ejection_search search(ev);
  int calls = 0;
  EXPECT_TRUE(search.run(ws, [&] { return ++calls > 20000; }, rng));
  EXPECT_TRUE(ws.bank.empty());
  EXPECT_LE(ws.used_routes(), m - 1);
  expect_feasible(ev, ws, groups);
}

}  // namespace
}  // namespace cityos::mobility::drt::detail
