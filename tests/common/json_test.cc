// SPDX-License-Identifier: Apache-2.0
#include "common/json.h"

#include <gtest/gtest.h>

namespace cityos {

TEST(json, doubles_in_shortest_decimal_form) {
  EXPECT_EQ(dump(json::value(22.4)), "22.4");
  EXPECT_EQ(dump(json::value(0.1)), "0.1");
  EXPECT_EQ(dump(json::value(-3)), "-3");
}

TEST(json, round_trips_nested_values_with_escapes) {
  auto v = parse_json(R"({"a":[1,2.5,"x\"y\n"],"b":{"c":null,"d":true}})");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(dump(*v), R"({"a":[1,2.5,"x\"y\n"],"b":{"c":null,"d":true}})");
}

TEST(json, invalid_input_is_an_invalid_request) {
  auto v = parse_json("{\"a\":");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.err().code, error_code::invalid_request);
}

}  // namespace cityos

namespace cityos {

TEST(json, escapes_control_characters_quotes_and_backslashes) {
  std::string out;
  dump_string_to(std::string_view("a\"b\\c\x01\td\xe6\x97\xa5", 11), out);
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\u0001\\td\xe6\x97\xa5\"");
}

}  // namespace cityos
