// SPDX-License-Identifier: Apache-2.0
// `cityos drt day`: a day's bookings decided together on a fresh dispatcher;
// the summary, the plan file, and exit 2 for unreadable or bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "common/json.h"
#include "drt_cli.h"

namespace cityos::app {
namespace {

using testing::run_drt_cli;

std::string write_temp(std::string const& name, std::string const& text) {
  auto const path = std::filesystem::temp_directory_path() / ("drt_day_test_" + name);
  std::ofstream(path) << text;
  return path.string();
}

std::string const kFleet = R"({"vehicles": [
  {"id": "a", "seats": 4, "depot": {"lat": 34.8675, "lon": 138.2570},
   "shiftStart": "2026-11-26T07:00:00+09:00", "shiftEnd": "2026-11-26T20:00:00+09:00"},
  {"id": "b", "seats": 4, "depot": {"lat": 34.8800, "lon": 138.2600},
   "shiftStart": "2026-11-26T07:00:00+09:00", "shiftEnd": "2026-11-26T20:00:00+09:00"},
  {"id": "c", "seats": 4, "depot": {"lat": 34.8600, "lon": 138.2400},
   "shiftStart": "2026-11-26T07:00:00+09:00", "shiftEnd": "2026-11-26T20:00:00+09:00"}]})";

// 12 trips, 8:00 to 10:45; the last one a party of 9 no vehicle can seat.
std::string bookings() {
  std::ostringstream s;
  s << R"({"requests": [)";
  for (int i = 0; i < 12; ++i) {
    double const a = 0.005 * (i % 5), b = 0.004 * (i % 3);
    s << (i ? "," : "") << R"({"id": "t)" << i << R"(", "kind": "passenger", "pickup": {"lat": )" << 34.86 + a
      << R"(, "lon": )" << 138.24 + b << R"(}, "dropoff": {"lat": )" << 34.89 - b << R"(, "lon": )" << 138.28 - a
      << R"(}, "pickupTime": "2026-11-26T)" << (i < 8 ? "0" : "") << 8 + i / 4 << ":" << 15 * (i % 4) / 10
      << 15 * (i % 4) % 10 << R"(:00+09:00", "passengers": )" << (i == 11 ? 9 : 1) << "}";
  }
  s << "]}";
  return s.str();
}

TEST(drt_day, decides_the_day_and_writes_the_plans) {
  auto const fleet = write_temp("fleet.json", kFleet);
  auto const books = write_temp("bookings.json", bookings());
  auto const plan = (std::filesystem::temp_directory_path() / "drt_day_test_plan.json").string();
  std::string out, err;
  ASSERT_EQ(run_drt_cli({"day", "--fleet", fleet, "--bookings", books, "--time-limit", "0.05", "--out", plan}, out, err),
            0)
      << out << err;
  EXPECT_NE(out.find("bookings 12: served 11, rejected 1"), std::string::npos) << out;
  EXPECT_NE(out.find("vehicles used "), std::string::npos) << out;
  EXPECT_NE(out.find("total distance "), std::string::npos) << out;
  EXPECT_NE(out.find("plans written to " + plan), std::string::npos) << out;
  std::ifstream in(plan);
  std::stringstream text;
  text << in.rdbuf();
  auto doc = parse_json(text.str());
  ASSERT_TRUE(doc.ok()) << text.str();
  auto const& o = doc->as_object();
  EXPECT_EQ(o.at("decisions").as_array().size(), 12u);
  EXPECT_EQ(o.at("decisions").as_array()[0].as_object().at("id").as_string(), "t0");
  EXPECT_EQ(o.at("accepted").as_int64(), 11);
  EXPECT_EQ(o.at("vehicles").as_array().size(), 3u);
  std::size_t stops = 0;
  for (auto const& v : o.at("vehicles").as_array()) stops += v.as_object().at("plan").as_array().size();
  EXPECT_EQ(stops, 22u);
  EXPECT_GT(o.at("distanceM").to_number<double>(), 0);
}

TEST(drt_day, bad_input_exits_2) {
  auto const fleet = write_temp("fleet2.json", kFleet);
  std::string out, err;
  EXPECT_EQ(run_drt_cli({"day", "--fleet", "/nonexistent/f.json", "--bookings", fleet}, out, err), 2);
  EXPECT_NE(err.find("cannot read fleet"), std::string::npos) << err;
  auto const bad = write_temp("bad.json", R"([{"kind": "passenger"}])");
  EXPECT_EQ(run_drt_cli({"day", "--fleet", fleet, "--bookings", bad}, out, err), 2);
  EXPECT_NE(err.find("requests[0]"), std::string::npos) << err;
  auto const twice = write_temp(
      "twice.json", R"([{"id": "x", "kind": "passenger", "pickup": {"lat": 34.86, "lon": 138.24},
        "dropoff": {"lat": 34.89, "lon": 138.28}, "pickupTime": "2026-11-26T08:00:00+09:00"},
       {"id": "x", "kind": "passenger", "pickup": {"lat": 34.86, "lon": 138.24},
        "dropoff": {"lat": 34.89, "lon": 138.28}, "pickupTime": "2026-11-26T09:00:00+09:00"}])");
  EXPECT_EQ(run_drt_cli({"day", "--fleet", fleet, "--bookings", twice}, out, err), 2);
  EXPECT_NE(err.find("repeated"), std::string::npos) << err;
}

}  // namespace
}  // namespace cityos::app
