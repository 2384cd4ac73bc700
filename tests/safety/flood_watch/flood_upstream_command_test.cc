// SPDX-License-Identifier: Apache-2.0
// `cityos flood backtest --upstream ... --travel-minutes ...` and `--rainfall ...`:
// the report of the lead gained over the own readings alone, and its input errors.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/flood_command.h"
#include "flood_fixture.h"

namespace cityos::safety::flood_watch {
namespace {

namespace fs = std::filesystem;

fs::path write_csv(std::string const& name, std::string const& text) {
  auto const p = fs::temp_directory_path() /
                 (name + "-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".csv");
  std::ofstream(p) << text;
  return p;
}

std::string csv_of(std::function<double(double)> const& level) {
  std::string csv = "time,level\n";
  for (auto const& r : test::series(400, 10, level))
    csv += format_iso8601(r.time) + "," + std::to_string(r.level_m) + "\n";
  return csv;
}

TEST(flood_upstream_command, backtest_reports_the_lead_gained_with_an_upstream_gauge) {
  // masuda_demo: 1.5 / 2.3 / 3.0 / 3.5 m, every 10 min. The wave passes upstream 60 min earlier.
  auto up = [](double m) { return 1.0 + 0.008 * m; };
  auto const down_file = write_csv("down", csv_of([&](double m) { return m <= 60 ? 1.0 : up(m - 60); }));
  auto const up_file = write_csv("up", csv_of(up));
  app::flood_settings s;
  s.command = "backtest";
  s.station = "masuda_demo";
  s.readings = down_file.string();
  s.upstream = up_file.string();
  std::ostringstream out, err;
  EXPECT_EQ(app::run_flood(s, out, err), 2);  // no travel time
  EXPECT_NE(err.str().find("--upstream needs --travel-minutes"), std::string::npos) << err.str();
  s.travel_minutes = 60;
  EXPECT_EQ(app::run_flood(s, out, err), 0) << err.str();
  auto const text = out.str();
  EXPECT_NE(text.find("own readings only:"), std::string::npos) << text;
  EXPECT_NE(text.find("with the upstream gauge:"), std::string::npos) << text;
  EXPECT_NE(text.find("mean lead gained: "), std::string::npos) << text;
  EXPECT_EQ(text.find("mean lead gained: 0 min"), std::string::npos) << text;
  EXPECT_EQ(text.find("gained -"), std::string::npos) << text;  // never worse than alone

  s.upstream.clear();
  s.rainfall = up_file.string();  // rain amounts: any non-negative numbers
  std::ostringstream out2, err2;
  EXPECT_EQ(app::run_flood(s, out2, err2), 2);
  EXPECT_NE(err2.str().find("--rainfall needs --lag-minutes and --metres-per-mm"), std::string::npos) << err2.str();
  s.lag_minutes = 30;
  s.metres_per_mm = 0.001;
  EXPECT_EQ(app::run_flood(s, out2, err2), 0) << err2.str();
  EXPECT_NE(out2.str().find("with the rainfall:"), std::string::npos) << out2.str();
  s.rainfall = "/nonexistent/rain.csv";
  EXPECT_EQ(app::run_flood(s, out2, err2), 2);
  fs::remove(down_file);
  fs::remove(up_file);
}

}  // namespace
}  // namespace cityos::safety::flood_watch
