// SPDX-License-Identifier: Apache-2.0
#include "common/time.h"

#include <gtest/gtest.h>

namespace cityos {

TEST(time, formats_and_parses_iso8601) {
  auto t = parse_iso8601("2020-09-09T16:40:00.000Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_iso8601(*t), "2020-09-09T16:40:00.000Z");
  EXPECT_EQ(*parse_iso8601("1970-01-01T00:00:01Z"), 1000);
}

TEST(time, applies_zone_offsets) {
  EXPECT_EQ(*parse_iso8601("2020-01-01T09:00:00+09:00"), *parse_iso8601("2020-01-01T00:00:00Z"));
  EXPECT_EQ(*parse_iso8601("2019-12-31T19:00:00-05:00"), *parse_iso8601("2020-01-01T00:00:00Z"));
}

TEST(time, rejects_non_dates) {
  EXPECT_FALSE(parse_iso8601("yesterday"));
  EXPECT_FALSE(parse_iso8601("2020-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_date("2020-1-1"));
  EXPECT_TRUE(parse_time_of_day("12:30:00"));
}

TEST(time, formats_every_field_with_its_leading_zeros) {
  EXPECT_EQ(format_iso8601(*parse_iso8601("0987-01-02T03:04:05.006Z")), "0987-01-02T03:04:05.006Z");
  EXPECT_EQ(format_iso8601(*parse_iso8601("2026-12-31T23:59:59.999Z")), "2026-12-31T23:59:59.999Z");
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(253'402'300'800'000), "10000-01-01T00:00:00.000Z");  // past year 9999
}

TEST(time, handles_dates_before_the_epoch) {
  auto t = parse_iso8601("1969-12-31T23:59:59.500Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t, -500);
  EXPECT_EQ(format_iso8601(*t), "1969-12-31T23:59:59.500Z");
}

}  // namespace cityos
