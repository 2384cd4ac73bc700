// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt/solution_file.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "mobility/drt/instance_reader.h"

namespace cityos::mobility::drt {
namespace {

std::string const lilim = std::string(CITYOS_SHARED_DIR) + "/data/pdptw/lilim-sintef";

problem lc101() {
  auto p = read_lilim(lilim + "/instances/lc101.txt");
  EXPECT_TRUE(p) << p.err().detail;
  return std::move(p).value();
}

TEST(solution_file, reads_a_best_known_solution) {
  auto const p = lc101();
  auto s = read_solution(lilim + "/bks_solutions_current/lc101.10_828.9369.txt", p);
  ASSERT_TRUE(s) << s.err().detail;
  ASSERT_EQ(s->header.size(), 4u);
  EXPECT_EQ(s->header[0].first, "Instance name");
  EXPECT_EQ(s->header[0].second, "lc101");
  ASSERT_EQ(s->routes.routes.size(), 10u);
  // Route 1 : 81 78 104 76 71 70 73 77 79 80
  auto const& r1 = s->routes.routes[0];
  EXPECT_EQ(r1.vehicle, 0u);
  ASSERT_EQ(r1.stops.size(), 10u);
  EXPECT_EQ(p.nodes[r1.stops[0]].label, "81");
  EXPECT_EQ(p.nodes[r1.stops[9]].label, "80");
  EXPECT_EQ(s->routes.routes[9].vehicle, 9u);
  EXPECT_TRUE(s->routes.unserved.empty());
}

TEST(solution_file, write_then_parse_round_trips_with_unserved) {
  auto const p = lc101();
  solution s;
  s.routes.push_back({2, {p.requests[0].pickup, p.requests[0].delivery}});
  for (std::uint32_t r = 1; r < p.requests.size(); ++r) s.unserved.push_back(r);
  std::ostringstream out;
  write_solution(out, p, s, {{"Instance name", "lc101"}, {"Authors", "CityOS"}});
  EXPECT_EQ(out.str().rfind("Instance name : lc101\nAuthors : CityOS\nSolution\nRoute 3 : ", 0), 0u) << out.str();
  EXPECT_NE(out.str().find("# Unserved : "), std::string::npos);
  auto back = parse_solution(out.str(), p, "mem");
  ASSERT_TRUE(back) << back.err().detail;
  EXPECT_EQ(back->header.size(), 2u);
  ASSERT_EQ(back->routes.routes.size(), 1u);
  EXPECT_EQ(back->routes.routes[0].vehicle, 2u);
  EXPECT_EQ(back->routes.routes[0].stops, s.routes[0].stops);
  EXPECT_EQ(back->routes.unserved, s.unserved);
}

TEST(solution_file, errors_name_source_and_line) {
  auto const p = lc101();
  auto r = parse_solution("Instance name : lc101\nSolution\nRoute 1 : 81 999\n", p, "sol.txt");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.err().code, error_code::bad_request);
  EXPECT_EQ(r.err().detail, "sol.txt:3: task '999' is not in the instance");
  r = parse_solution("Solution\nRoute x : 81\n", p, "sol.txt");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.err().detail, "sol.txt:2: expected 'Route k :' with a number k");
  r = parse_solution("Instance name : lc101\n", p, "sol.txt");
  ASSERT_FALSE(r);
  EXPECT_NE(r.err().detail.find("no 'Solution' line"), std::string::npos);
  r = parse_solution("Solution\n# Unserved : 4000\n", p, "sol.txt");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.err().detail, "sol.txt:2: request '4000' is not in the instance");
  auto missing = read_solution("/nonexistent/sol.txt", p);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.err().code, error_code::not_found);
}

}  // namespace
}  // namespace cityos::mobility::drt
