// SPDX-License-Identifier: Apache-2.0
#include "common/duration.h"

#include <gtest/gtest.h>

namespace cityos {
namespace {

TEST(duration, parses_exact_parts) {
  EXPECT_EQ(parse_duration("P1D")->millis, 86'400'000);
  EXPECT_EQ(parse_duration("PT1H")->millis, 3'600'000);
  EXPECT_EQ(parse_duration("PT1H30M")->millis, 5'400'000);
  EXPECT_EQ(parse_duration("PT0.5S")->millis, 500);
  EXPECT_EQ(parse_duration("P2W")->millis, 14 * 86'400'000LL);
  EXPECT_TRUE(parse_duration("P0D")->is_zero());
  EXPECT_TRUE(parse_duration("PT0S")->is_zero());
}

TEST(duration, parses_calendar_parts) {
  auto d = parse_duration("P1Y2M3DT4H");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->months, 14);
  EXPECT_EQ(d->millis, 3 * 86'400'000LL + 4 * 3'600'000LL);
}

TEST(duration, rejects_malformed) {
  for (auto s : {"", "P", "PT", "1D", "P1H", "PT1D", "P1.5D", "P-1D", "P1DT", "PD", "P1M1Y", "PT1S1M",
                 "P1DX"}) {
    EXPECT_FALSE(parse_duration(s)) << s;
  }
}

TEST(duration, adds_months_on_the_calendar) {
  auto const jan31 = *parse_iso8601("2021-01-31T10:00:00Z");
  EXPECT_EQ(format_iso8601(add_duration(jan31, *parse_duration("P1M"))), "2021-02-28T10:00:00.000Z");
  EXPECT_EQ(format_iso8601(add_duration(jan31, *parse_duration("P1Y"))), "2022-01-31T10:00:00.000Z");
  EXPECT_EQ(format_iso8601(add_duration(jan31, *parse_duration("PT1H"))), "2021-01-31T11:00:00.000Z");
}

}  // namespace
}  // namespace cityos
