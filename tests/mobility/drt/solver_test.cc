// SPDX-License-Identifier: Apache-2.0
// The static solver: every solution it returns passes the independent checker
// (Li & Lim lc101, a Cordeau dial-a-ride instance with ride times, a small
// hand-made problem), and a seed with an iteration limit gives the same
// solution twice.
#include "mobility/drt/solver.h"

#include <gtest/gtest.h>

#include "mobility/drt/checker.h"
#include "mobility/drt/instance_reader.h"

namespace cityos::mobility::drt {
namespace {

std::string lilim(std::string const& name) {
  return std::string(CITYOS_SHARED_DIR) + "/data/pdptw/lilim-sintef/instances/" + name + ".txt";
}
std::string cordeau(std::string const& name) {
  return std::string(CITYOS_SHARED_DIR) + "/data/darp/cordeau/" + name + ".txt";
}

void expect_valid(problem const& p, solution const& s) {
  auto const rep = check_solution(p, s);
  for (auto const& v : rep.violations) ADD_FAILURE() << kind_name(v.kind) << ": " << v.message;
  EXPECT_TRUE(s.unserved.empty());
  EXPECT_EQ(rep.served, p.requests.size());
}

TEST(Solver, LiLimLc101IsFeasible) {
  auto p = read_lilim(lilim("lc101"));
  ASSERT_TRUE(p) << p.err().detail;
  solve_options opt;
  opt.time_limit = 1;
  opt.max_iterations = 300;
  std::uint64_t calls = 0;
  opt.on_progress = [&](solve_progress const&) { ++calls; };
  auto const s = solve(*p, opt);
  expect_valid(*p, s);
  EXPECT_LE(s.routes.size(), 12u);  // best known: 10
  EXPECT_GE(calls, 2u);
}

TEST(Solver, CordeauWithRideTimesIsFeasible) {
  auto p = read_cordeau(cordeau("a2-16"));
  ASSERT_TRUE(p) << p.err().detail;
  solve_options opt;
  opt.time_limit = 1;
  opt.max_iterations = 300;
  opt.minimize_vehicles = false;
  auto const s = solve(*p, opt);
  expect_valid(*p, s);
  EXPECT_LE(s.routes.size(), p->vehicles.size());
}

TEST(Solver, DeterministicForASeed) {
  auto p = read_lilim(lilim("lr101"));
  ASSERT_TRUE(p) << p.err().detail;
  solve_options opt;
  opt.time_limit = 0;
  opt.max_iterations = 150;
  opt.seed = 7;
  auto const a = solve(*p, opt);
  auto const b = solve(*p, opt);
  ASSERT_EQ(a.routes.size(), b.routes.size());
  for (std::size_t i = 0; i < a.routes.size(); ++i) EXPECT_EQ(a.routes[i].stops, b.routes[i].stops);
  expect_valid(*p, a);
}

TEST(Solver, UnservableRequestIsReportedUnserved) {
  // one vehicle, two requests; request 1's window closes before it can be reached
  problem p;
  p.travel.size = 3;
  p.travel.time = {0, 10, 20, 10, 0, 10, 20, 10, 0};
  p.travel.distance = p.travel.time;
  p.nodes = {{node_kind::pickup, 0, 1, 0, no_limit, 0, "1"},
             {node_kind::delivery, 0, 2, 0, no_limit, 0, "2"},
             {node_kind::pickup, 1, 2, 0, 5, 0, "3"},
             {node_kind::delivery, 1, 1, 0, no_limit, 0, "4"}};
  p.requests = {{0, 1, {1, 0, 0}, no_limit, "a"}, {2, 3, {1, 0, 0}, no_limit, "b"}};
  p.vehicles = {{{1, 0, 0}, 0, 0, 0, no_limit, no_limit, "v"}};
  solve_options opt;
  opt.time_limit = 0;
  opt.max_iterations = 50;
  auto const s = solve(p, opt);
  ASSERT_EQ(s.routes.size(), 1u);
  EXPECT_EQ(s.routes[0].stops, (std::vector<node_index>{0, 1}));
  EXPECT_EQ(s.unserved, (std::vector<std::uint32_t>{1}));
  EXPECT_TRUE(check_solution(p, s).feasible());
}

TEST(Solver, NoVehiclesLeavesEverythingUnserved) {
  auto p = read_lilim(lilim("lc101"));
  ASSERT_TRUE(p);
  p->vehicles.clear();
  solve_options opt;
  opt.time_limit = 5;
  auto const s = solve(*p, opt);  // returns at once: nothing can be served
  EXPECT_TRUE(s.routes.empty());
  EXPECT_EQ(s.unserved.size(), p->requests.size());
}

TEST(Solver, ConstructionOnlyWithoutABudget) {
  auto p = read_lilim(lilim("lc101"));
  ASSERT_TRUE(p);
  solve_options opt;
  opt.time_limit = 0;
  auto const s = solve(*p, opt);
  expect_valid(*p, s);
}

}  // namespace
}  // namespace cityos::mobility::drt
