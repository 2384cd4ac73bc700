// SPDX-License-Identifier: Apache-2.0
#include "app/gtfs_command.h"

#include <gtest/gtest.h>

#include <sstream>

namespace cityos::app {
namespace {

int check(std::string const& path, std::string& report) {
  gtfs_settings s;
  s.path = path;
  std::ostringstream out, progress;
  int const rc = run_gtfs_check(s, out, progress);
  report = out.str();
  return rc;
}

TEST(gtfs_check, usable_feed_with_errors_exits_0_and_lists_them) {
  std::string report;
  EXPECT_EQ(check(std::string(GTFS_TEST_DATA) + "/malformed", report), 0);
  EXPECT_NE(report.find("stop_times.txt:4: arrival_time '25:61:00' is not a time"), std::string::npos) << report;
  EXPECT_NE(report.find("feed is usable"), std::string::npos);
}

TEST(gtfs_check, unusable_or_missing_feed_exits_1) {
  std::string report;
  EXPECT_EQ(check(std::string(GTFS_TEST_DATA) + "/no_stop_times", report), 1);
  EXPECT_NE(report.find("feed is NOT usable"), std::string::npos) << report;
  EXPECT_EQ(check(std::string(GTFS_TEST_DATA) + "/nothing-here", report), 1);
  EXPECT_NE(report.find("cannot open feed"), std::string::npos);
}

TEST(gtfs_check, real_feed_exits_0) {
  std::string report;
  EXPECT_EQ(check(std::string(CITYOS_SHARED_DIR) + "/data/gtfs/mlit-sample-rinkobus", report), 0) << report;
}

}  // namespace
}  // namespace cityos::app
