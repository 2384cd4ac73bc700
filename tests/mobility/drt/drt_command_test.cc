// SPDX-License-Identifier: Apache-2.0
#include "app/drt_command.h"
#include "drt_cli.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace cityos::app {
namespace {

std::string const lilim = std::string(CITYOS_SHARED_DIR) + "/data/pdptw/lilim-sintef";

using testing::run_drt_cli;

std::string write_temp(std::string const& name, std::string const& text) {
  auto const path = std::filesystem::temp_directory_path() / ("drt_command_test_" + name);
  std::ofstream(path) << text;
  return path.string();
}

TEST(drt_check, best_known_solution_exits_0) {
  std::string out, err;
  EXPECT_EQ(
      run_drt_cli({"check", lilim + "/instances/lc101.txt", lilim + "/bks_solutions_current/lc101.10_828.9369.txt"}, out, err),
      0)
      << out << err;
  EXPECT_NE(out.find("vehicles used 10, total distance 828.9369"), std::string::npos) << out;
  EXPECT_NE(out.find("feasible"), std::string::npos);
}

TEST(drt_check, infeasible_solution_exits_1_with_violations) {
  auto const sol = write_temp("lc101_bad.txt", "Solution\nRoute 1 : 3 75\nRoute 2 : 75\n");
  std::string out, err;
  EXPECT_EQ(run_drt_cli({"check", lilim + "/instances/lc101.txt", sol, "--format", "lilim"}, out, err), 1) << out << err;
  EXPECT_NE(out.find("INFEASIBLE"), std::string::npos) << out;
  EXPECT_NE(out.find("[visited twice] task 75 is visited 2 times (route 1, route 2)"), std::string::npos) << out;
  EXPECT_NE(out.find("[not served]"), std::string::npos) << out;
}

TEST(drt_check, unreadable_input_exits_2) {
  std::string out, err;
  EXPECT_EQ(run_drt_cli({"check", "/nonexistent/i.txt", "/nonexistent/s.txt"}, out, err), 2);
  EXPECT_NE(err.find("cannot read instance: /nonexistent/i.txt"), std::string::npos) << err;
  auto const sol = write_temp("lc101_unknown.txt", "Solution\nRoute 1 : 3 7500\n");
  EXPECT_EQ(run_drt_cli({"check", lilim + "/instances/lc101.txt", sol}, out, err), 2);
  EXPECT_NE(err.find("cannot read solution: " + sol + ":2: task '7500' is not in the instance"), std::string::npos)
      << err;
  // A Li & Lim file read as Cordeau's format does not parse.
  EXPECT_EQ(run_drt_cli({"check", lilim + "/instances/lc101.txt", sol, "--format", "cordeau"}, out, err), 2);
}

TEST(drt_check, cordeau_format) {
  auto const sol = write_temp("a2_16.txt", "Solution\nRoute 1 : 1 17\n");
  std::string out, err;
  EXPECT_EQ(run_drt_cli({"check", std::string(CITYOS_SHARED_DIR) + "/data/darp/cordeau/a2-16.txt", sol, "--format", "cordeau"},
                out, err),
            1)
      << out << err;
  EXPECT_NE(out.find("served 1 of 16 requests"), std::string::npos) << out;
}

}  // namespace
}  // namespace cityos::app
