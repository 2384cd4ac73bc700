// SPDX-License-Identifier: Apache-2.0
#include "mobility/gtfs/time_parse.h"

#include <gtest/gtest.h>

namespace cityos::mobility::gtfs {
namespace {

TEST(parse_time, accepts_gtfs_times_past_midnight) {
  EXPECT_EQ(parse_time("00:00:00"), 0);
  EXPECT_EQ(parse_time("6:28:00"), 6 * 3600 + 28 * 60);  // one-digit hour (MLIT sample)
  EXPECT_EQ(parse_time("23:59:59"), 86399);
  EXPECT_EQ(parse_time("25:10:00"), 25 * 3600 + 600);
  EXPECT_EQ(parse_time("100:00:00"), 360000);
}

TEST(parse_time, rejects_bad_times) {
  for (auto s : {"25:61:00", "12:00:60", "12:00", "12-00-00", "", "ab:cd:ef", "1:2:3", "12:00:00x", " 12:00:00"})
    EXPECT_FALSE(parse_time(s)) << s;
}

TEST(parse_date, days_since_epoch_and_validation) {
  EXPECT_EQ(parse_date("19700101"), 0);
  EXPECT_EQ(parse_date("19700102"), 1);
  EXPECT_EQ(parse_date("20200229"), 18321);
  for (auto s : {"20210229", "20201301", "2020-01-01", "2020011", ""}) EXPECT_FALSE(parse_date(s)) << s;
}

TEST(format_time, round_trips) { EXPECT_EQ(format_time(*parse_time("25:01:02")), "25:01:02"); }

}  // namespace
}  // namespace cityos::mobility::gtfs
