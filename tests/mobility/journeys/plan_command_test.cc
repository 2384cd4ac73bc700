// SPDX-License-Identifier: Apache-2.0
// `cityos plan` on the small planner feed: readable output, --json equal to
// the HTTP API's JSON, exit codes for bad input and a missing feed.
#include "app/plan_command.h"

#include <gtest/gtest.h>

#include <sstream>

#include "common/json.h"

namespace cityos::app {
namespace {

plan_settings small(std::string from, std::string to) {
  plan_settings s;
  s.gtfs = std::string(PLANNER_TEST_DATA) + "/small";
  s.from = std::move(from);
  s.to = std::move(to);
  s.time = "2024-01-01T07:55";
  return s;
}

TEST(plan_command, prints_a_readable_itinerary) {
  std::ostringstream out, err;
  ASSERT_EQ(run_plan(small("stop:A", "stop:D"), out, err), 0) << err.str();
  auto const text = out.str();
  EXPECT_NE(text.find("Itinerary 1: 08:00 -> 09:30 (90 min), 0 transfers"), std::string::npos) << text;
  EXPECT_NE(text.find("1 Slow direct: Alpha (A) -> Delta (D), 2 stops [trip slow1, route SLOW]"), std::string::npos)
      << text;
  EXPECT_NE(text.find("3 Fast from Charlie: Charlie (C) -> Delta (D)"), std::string::npos) << text;
}

TEST(plan_command, json_is_the_api_json) {
  auto s = small("42.999,141.0", "stop:D");
  s.json = true;
  s.max_transfers = 0;
  std::ostringstream out, err;
  ASSERT_EQ(run_plan(s, out, err), 0) << err.str();
  auto j = parse_json(out.str());
  ASSERT_TRUE(j.ok()) << out.str();
  auto const& its = j->at("itineraries").as_array();
  ASSERT_EQ(its.size(), 1u);
  auto const& legs = its[0].at("legs").as_array();
  ASSERT_EQ(legs.size(), 2u);
  EXPECT_EQ(legs[0].at("mode"), "walk");
  EXPECT_EQ(legs[0].at("departure"), "2024-01-01T07:58:04");  // 116 s before the 08:00 bus
  EXPECT_EQ(legs[1].at("tripId"), "slow1");
}

TEST(plan_command, bad_input_exits_2_and_missing_feed_1) {
  std::ostringstream out, err;
  EXPECT_EQ(run_plan(small("stop:A", "here"), out, err), 2);
  EXPECT_NE(err.str().find("'to' must be 'lat,lon' or 'stop:STOP_ID', got 'here'"), std::string::npos) << err.str();
  auto far = small("stop:A", "35,139");
  std::ostringstream err2;
  EXPECT_EQ(run_plan(far, out, err2), 2);
  EXPECT_NE(err2.str().find("no stop within 1000 m of 'to'"), std::string::npos) << err2.str();
  auto missing = small("stop:A", "stop:D");
  missing.gtfs = "/nonexistent/feed";
  std::ostringstream err3;
  EXPECT_EQ(run_plan(missing, out, err3), 1);
  EXPECT_NE(err3.str().find("cannot load feed"), std::string::npos);
}

}  // namespace
}  // namespace cityos::app
