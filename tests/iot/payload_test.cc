// SPDX-License-Identifier: Apache-2.0
#include "iot/payload.h"

#include <gtest/gtest.h>

namespace cityos::iot {
namespace {

TEST(ultralight, pairs_in_order) {
  auto r = parse_ultralight("t|21.5|h|40");
  ASSERT_TRUE(r) << r.err().detail;
  ASSERT_EQ(r->size(), 1u);
  auto const& m = (*r)[0];
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].key, "t");
  EXPECT_EQ(m[0].value, json::value("21.5"));
  EXPECT_EQ(m[1].key, "h");
  EXPECT_EQ(m[1].value, json::value("40"));
}

TEST(ultralight, several_groups_and_whitespace) {
  auto r = parse_ultralight(" t|1 # t|2|s|on \n#\n");
  ASSERT_TRUE(r) << r.err().detail;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0][0].value, json::value("1"));
  EXPECT_EQ((*r)[1][1].key, "s");
  EXPECT_EQ((*r)[1][1].value, json::value("on"));
}

TEST(ultralight, leading_timestamp_becomes_time_instant) {
  auto r = parse_ultralight("2024-05-01T10:00:00Z|t|3");
  ASSERT_TRUE(r) << r.err().detail;
  auto const& m = (*r)[0];
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].key, kTimeInstant);
  EXPECT_EQ(m[0].value, json::value("2024-05-01T10:00:00Z"));
}

TEST(ultralight, empty_value_is_kept) {
  auto r = parse_ultralight("t|");
  ASSERT_TRUE(r) << r.err().detail;
  EXPECT_EQ((*r)[0][0].value, json::value(""));
}

TEST(ultralight, rejects_bad_payloads) {
  for (char const* bad : {"", "  # ", "t|1|h", "|1", "t|1#x", "t|1|  |2"}) {
    auto r = parse_ultralight(bad);
    ASSERT_FALSE(r) << "'" << bad << "'";
    EXPECT_EQ(r.err().code, error_code::bad_request);
  }
}

TEST(json_measures, object_and_array) {
  auto one = parse_json_measures(R"({"t": 21.5, "s": "on", "TimeInstant": "2024-05-01T10:00:00Z"})");
  ASSERT_TRUE(one) << one.err().detail;
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].size(), 3u);
  EXPECT_EQ((*one)[0][0].value, json::value(21.5));
  auto many = parse_json_measures(R"([{"t": 1}, {"t": 2}])");
  ASSERT_TRUE(many) << many.err().detail;
  EXPECT_EQ(many->size(), 2u);
}

TEST(json_measures, rejects_bad_payloads) {
  EXPECT_EQ(parse_json_measures("{").err().code, error_code::invalid_request);
  EXPECT_EQ(parse_json_measures("42").err().code, error_code::bad_request);
  EXPECT_EQ(parse_json_measures("[1]").err().code, error_code::bad_request);
  EXPECT_EQ(parse_json_measures("{}").err().code, error_code::bad_request);
  EXPECT_EQ(parse_json_measures("[]").err().code, error_code::bad_request);
}

}  // namespace
}  // namespace cityos::iot
