// SPDX-License-Identifier: Apache-2.0
#include "common/yaml.h"

#include <gtest/gtest.h>

namespace cityos {
namespace {

json::value yaml(std::string_view text) {
  auto v = parse_yaml(text);
  EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.err().detail);
  return v.ok() ? *v : json::value();
}

std::string yaml_error(std::string_view text) {
  auto v = parse_yaml(text);
  EXPECT_FALSE(v.ok()) << text;
  if (v.ok()) return "";
  EXPECT_EQ(v.err().code, error_code::invalid_request);
  return v.err().detail;
}

TEST(yaml, plain_scalars_follow_the_core_schema) {
  auto v = yaml(R"(
int: 42
negative: -7
hex: 0x1F
octal: 0o17
big: 9223372036854775807
float: 2.5
exponent: 1e3
leading_dot: .5
yes_is_text: yes
t: true
f: False
tilde: ~
null_word: null
empty:
text: hello world
)");
  ASSERT_TRUE(v.is_object());
  auto const& o = v.as_object();
  EXPECT_TRUE(o.at("int").is_int64());
  EXPECT_EQ(o.at("int").as_int64(), 42);
  EXPECT_EQ(o.at("negative").as_int64(), -7);
  EXPECT_EQ(o.at("hex").as_int64(), 31);
  EXPECT_EQ(o.at("octal").as_int64(), 15);
  EXPECT_EQ(o.at("big").as_int64(), INT64_MAX);
  EXPECT_TRUE(o.at("float").is_double());
  EXPECT_DOUBLE_EQ(o.at("float").as_double(), 2.5);
  EXPECT_DOUBLE_EQ(o.at("exponent").as_double(), 1000.0);
  EXPECT_DOUBLE_EQ(o.at("leading_dot").as_double(), 0.5);
  EXPECT_EQ(o.at("yes_is_text").as_string(), "yes");
  EXPECT_EQ(o.at("t").as_bool(), true);
  EXPECT_EQ(o.at("f").as_bool(), false);
  EXPECT_TRUE(o.at("tilde").is_null());
  EXPECT_TRUE(o.at("null_word").is_null());
  EXPECT_TRUE(o.at("empty").is_null());
  EXPECT_EQ(o.at("text").as_string(), "hello world");
}

TEST(yaml, quoted_and_str_tagged_scalars_stay_strings) {
  auto v = yaml("a: \"42\"\nb: 'true'\nc: \"null\"\nd: !!str 3.5\ne: '~'\n");
  auto const& o = v.as_object();
  EXPECT_EQ(o.at("a").as_string(), "42");
  EXPECT_EQ(o.at("b").as_string(), "true");
  EXPECT_EQ(o.at("c").as_string(), "null");
  EXPECT_EQ(o.at("d").as_string(), "3.5");
  EXPECT_EQ(o.at("e").as_string(), "~");
}

TEST(yaml, nested_blocks_and_flow_style_keep_key_order) {
  auto v = yaml(R"(
id: demo
steps:
  tiers:
    - {minSteps: 8000, points: 1}
    - minSteps: 9000
      points: 2
wards: [Chuo, Kita]
note: |
  two
  lines
)");
  EXPECT_EQ(dump(v), R"({"id":"demo","steps":{"tiers":[{"minSteps":8000,"points":1},{"minSteps":9000,"points":2}]},)"
                     R"("wards":["Chuo","Kita"],"note":"two\nlines\n"})");
}

TEST(yaml, anchors_and_aliases_are_expanded) {
  auto v = yaml("base: &b {points: 1}\ncopy: *b\n");
  EXPECT_EQ(dump(v), R"({"base":{"points":1},"copy":{"points":1}})");
}

TEST(yaml, empty_text_is_null_and_a_json_document_is_yaml) {
  EXPECT_TRUE(yaml("").is_null());
  EXPECT_EQ(dump(yaml(R"({"a": [1, 2.5, "x"], "b": null})")), R"({"a":[1,2.5,"x"],"b":null})");
}

TEST(yaml, syntax_errors_give_line_and_column) {
  auto detail = yaml_error("a: 1\nb: [1, 2\n");
  EXPECT_NE(detail.find("YAML line 3, column 1"), std::string::npos) << detail;
  detail = yaml_error("a: 1\nb: c: d\n");
  EXPECT_NE(detail.find("YAML line 2, column 5"), std::string::npos) << detail;
}

TEST(yaml, rejects_what_json_cannot_hold) {
  EXPECT_NE(yaml_error("a: 1\na: 2\n").find("line 2, column 1: duplicate key 'a'"), std::string::npos);
  EXPECT_NE(yaml_error("? [1, 2]\n: x\n").find("a map key must be a scalar"), std::string::npos);
  EXPECT_NE(yaml_error("x: .inf\n").find("'.inf' has no JSON form"), std::string::npos);
  EXPECT_NE(yaml_error("x: .NaN\n").find("no JSON form"), std::string::npos);
  EXPECT_NE(yaml_error("x: 9223372036854775808\n").find("does not fit in 64 bits"), std::string::npos);
  EXPECT_NE(yaml_error("x: !custom 1\n").find("line 1, column 4: unsupported tag '!custom'"), std::string::npos);
  EXPECT_NE(yaml_error("a: 1\n---\nb: 2\n").find("only one document"), std::string::npos);
}

TEST(yaml, alias_bombs_are_cut_off) {
  // Each level repeats the previous one 10 times: 10^6 values once expanded.
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 5; ++i) {
    std::string const prev = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += (k ? ", " : "") + prev;
    text += "]\n";
  }
  EXPECT_NE(yaml_error(text).find("more than 100,000 values"), std::string::npos);
  EXPECT_NE(yaml_error("a: &a [1, *a]\n").find("YAML line 1"), std::string::npos);  // refers to itself
}

}  // namespace
}  // namespace cityos
