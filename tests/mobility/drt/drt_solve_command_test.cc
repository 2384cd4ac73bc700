// SPDX-License-Identifier: Apache-2.0
// `cityos drt solve`: the summary, the written SINTEF file (which `drt check`
// accepts) and the exit codes for unreadable and unwritable files.
#include "app/drt_command.h"
#include "drt_cli.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace cityos::app {
namespace {

std::string const shared = CITYOS_SHARED_DIR;

using testing::run_drt_cli;

TEST(drt_solve, writes_a_solution_that_check_accepts) {
  auto const instance = shared + "/data/pdptw/lilim-sintef/instances/lc101.txt";
  auto const sol = (std::filesystem::temp_directory_path() / "drt_solve_command_test_lc101.txt").string();
  std::string out, err;
  ASSERT_EQ(run_drt_cli({"solve", instance, "--time-limit", "0.3", "--out", sol, "--seed", "3"}, out, err), 0) << out << err;
  EXPECT_NE(out.find("instance lc101: 53 requests"), std::string::npos) << out;
  EXPECT_NE(out.find("unserved 0"), std::string::npos) << out;
  EXPECT_NE(out.find("checker: feasible"), std::string::npos) << out;
  EXPECT_EQ(run_drt_cli({"check", instance, sol}, out, err), 0) << out << err;
}

TEST(drt_solve, cordeau_instance_with_ride_times) {
  auto const instance = shared + "/data/darp/cordeau/a2-16.txt";
  auto const sol = (std::filesystem::temp_directory_path() / "drt_solve_command_test_a2-16.txt").string();
  std::string out, err;
  ASSERT_EQ(run_drt_cli({"solve", "--format", "cordeau", instance, "--time-limit", "0.3", "--out", sol}, out, err), 0)
      << out << err;
  EXPECT_EQ(run_drt_cli({"check", "--format", "cordeau", instance, sol}, out, err), 0) << out << err;
}

TEST(drt_solve, unreadable_instance_or_unwritable_output_exits_2) {
  std::string out, err;
  EXPECT_EQ(run_drt_cli({"solve", "/nonexistent/i.txt", "--out", "/tmp/x.txt"}, out, err), 2);
  EXPECT_NE(err.find("cannot read instance"), std::string::npos) << err;
  auto const instance = shared + "/data/pdptw/lilim-sintef/instances/lc101.txt";
  EXPECT_EQ(run_drt_cli({"solve", instance, "--time-limit", "0.1", "--out", "/nonexistent/dir/s.txt"}, out, err), 2);
  EXPECT_NE(err.find("cannot write /nonexistent/dir/s.txt"), std::string::npos) << err;
}

TEST(drt_solve, out_is_required_and_time_limit_positive) {
  CLI::App cli;
  drt_settings s;
  add_drt_command(cli, s);
  EXPECT_THROW(cli.parse(std::vector<std::string>{"x.txt", "solve", "drt"}), CLI::ParseError);
  EXPECT_THROW(cli.parse(std::vector<std::string>{"0", "--time-limit", "o.txt", "--out", "x.txt", "solve", "drt"}),
               CLI::ParseError);
}

}  // namespace
}  // namespace cityos::app
