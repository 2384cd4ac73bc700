// SPDX-License-Identifier: Apache-2.0
#include "safety/flood_watch/backtest_io.h"

#include <gtest/gtest.h>

#include "flood_fixture.h"

namespace cityos::safety::flood_watch {
namespace {

TEST(backtest_io, csv_with_header_iso_and_epoch_times) {
  auto r = parse_readings_csv("time,level\n2026-11-26T00:00:00Z,1.25\n\n1795651500000, 1.30\r\n");
  ASSERT_TRUE(r) << r.err().detail;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].time, test::kT0);
  EXPECT_DOUBLE_EQ((*r)[1].level_m, 1.30);
  EXPECT_EQ((*r)[1].time, test::kT0 + 5 * test::kMinute);
}

TEST(backtest_io, errors_name_the_line) {
  EXPECT_EQ(parse_readings_csv("time,level\n2026-11-26T00:00:00Z,high\n").err().detail,
            "line 2: 'high' is not a level in metres");
  EXPECT_EQ(parse_readings_csv("1795651500000,1.0\nyesterday,1.0\n").err().detail, "line 2: 'yesterday' is not a time");
  EXPECT_EQ(parse_readings_csv("1795651500000 1.0\n").err().detail, "line 1: expected \"time,level\"");
  EXPECT_EQ(parse_readings_csv("time,level\n").err().detail, "no readings");
}

TEST(backtest_io, report_lists_leads_and_false_alarms) {
  auto const config = test::test_config();
  auto const& st = config.stations[0].station;
  auto const rs = test::series(700, 5, test::flood_curve);
  auto const text = backtest_text(st, river::run_backtest(st, rs));
  EXPECT_NE(text.find("level 4 at 2026-11-26T04:10:00"), std::string::npos) << text;
  EXPECT_NE(text.find("lead 90 min"), std::string::npos) << text;
  EXPECT_NE(text.find("false alarms: 1\n  level 5"), std::string::npos) << text;
}

}  // namespace
}  // namespace cityos::safety::flood_watch
