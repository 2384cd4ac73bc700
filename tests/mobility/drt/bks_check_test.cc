// SPDX-License-Identifier: Apache-2.0
// Every best-known Li & Lim solution for the 100-task instances is feasible
// under the checker and matches tables.csv in vehicles and distance.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "mobility/drt/checker.h"
#include "mobility/drt/instance_reader.h"
#include "mobility/drt/solution_file.h"

namespace cityos::mobility::drt {
namespace {

std::filesystem::path const lilim = std::filesystem::path(CITYOS_SHARED_DIR) / "data/pdptw/lilim-sintef";

struct table_row {
  std::string instance, file;
  std::size_t routes = 0;
  double distance = 0;
};

// tables.csv: benchmark,clients,instance,when,routes,distance,who,detailed,url
std::vector<table_row> hundred_task_rows() {
  std::ifstream in(lilim / "tables.csv");
  std::vector<table_row> rows;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::size_t pos = 0;
    for (std::size_t c; (c = line.find(',', pos)) != std::string::npos; pos = c + 1)
      f.push_back(line.substr(pos, c - pos));
    f.push_back(line.substr(pos));
    if (f.size() < 9 || f[0] != "LiLim" || f[1] != "100") continue;
    rows.push_back({f[2], std::filesystem::path(f[8]).filename().string(), std::stoul(f[4]), std::stod(f[5])});
  }
  return rows;
}

TEST(bks, every_100_task_solution_is_feasible_and_matches_the_table) {
  auto const rows = hundred_task_rows();
  ASSERT_EQ(rows.size(), 56u);
  for (auto const& row : rows) {
    SCOPED_TRACE(row.instance);
    auto p = read_lilim(lilim / "instances" / (row.instance + ".txt"));
    ASSERT_TRUE(p) << p.err().detail;
    auto s = read_solution(lilim / "bks_solutions_current" / row.file, *p);
    ASSERT_TRUE(s) << s.err().detail;
    auto const report = check_solution(*p, s->routes);
    for (auto const& v : report.violations) ADD_FAILURE() << v.message;
    EXPECT_EQ(report.served, p->requests.size());
    EXPECT_EQ(report.vehicles_used, row.routes);
    EXPECT_NEAR(report.total_distance, row.distance, 1e-3 * row.distance);
    EXPECT_NEAR(report.total_distance, row.distance, 1e-4);  // the table rounds to 4 decimals
  }
}

}  // namespace
}  // namespace cityos::mobility::drt
