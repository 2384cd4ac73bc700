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

namespace cityos {

// The escaped form of one byte, as RFC 8259 and dump_string_to() write it.
std::string escaped_byte(unsigned char c) {
  switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    case '\b': return "\\b";
    case '\f': return "\\f";
    default: break;
  }
  if (c >= 0x20) return std::string(1, static_cast<char>(c));
  static constexpr char kHex[] = "0123456789abcdef";
  return std::string("\\u00") + kHex[c >> 4] + kHex[c & 0xf];
}

TEST(json, escapes_each_byte_at_every_position_of_a_long_string) {
  // Strings longer than a word are scanned 8 bytes at a time: every byte value
  // at every offset (and next to bytes just above the escaped ranges) must
  // come out as a byte-by-byte escape would write it.
  std::string const filler = "abcdefghij klmnopqrstuvwxyz0123456789!#$[]^_`{}~\x7f\x80\xe6\x97\xa5";
  int checked = 0;
  for (int c = 0; c < 256; ++c) {
    for (std::size_t pos = 0; pos <= filler.size(); pos += 3) {
      std::string in = filler;
      in.insert(pos, 1, static_cast<char>(c));
      std::string want = "\"";
      for (char x : in) want += escaped_byte(static_cast<unsigned char>(x));
      want += '"';
      std::string out;
      dump_string_to(in, out);
      ASSERT_EQ(out, want) << "byte " << c << " at " << pos;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 256 * static_cast<int>(filler.size() / 3 + 1));
}

TEST(json, dump_lists_where_each_element_of_an_array_member_is) {
  auto const o = parse_json(
      R"({"id":"urn:a","t":["A","B\"C"],"a":[{"v":1,"w":[2,3]},{"v":"x"}],"n":4.5,"e":[],)"
      R"("b":[[1],{"u":[]},null]})");
  ASSERT_TRUE(o && o->is_object());
  std::string text = "prefix";
  std::vector<text_span> elements;
  dump_to(o->get_object(), text, elements);
  EXPECT_EQ(text, "prefix" + dump(*o));
  std::vector<std::string> got;
  for (auto const& e : elements) got.push_back(text.substr(e.begin, e.end - e.begin));
  EXPECT_EQ(got, (std::vector<std::string>{R"("A")", R"("B\"C")", R"({"v":1,"w":[2,3]})", R"({"v":"x"})",
                                           "[1]", R"({"u":[]})", "null"}));
}

TEST(json, escapes_each_byte_at_every_position_of_short_strings) {
  // Strings of up to two words end in a word padded with spaces or one that
  // overlaps the word before: a byte to escape must be seen in either, and the
  // text is appended after what `out` held.
  int checked = 0;
  for (std::size_t len = 1; len <= 17; ++len) {
    for (int c = 0; c < 256; ++c) {
      for (std::size_t pos = 0; pos < len; ++pos) {
        std::string in(len, 'a');
        in[pos] = static_cast<char>(c);
        std::string want = "[\"";
        for (char x : in) want += escaped_byte(static_cast<unsigned char>(x));
        want += '"';
        std::string out = "[";
        dump_string_to(in, out);
        ASSERT_EQ(out, want) << "byte " << c << " at " << pos << " of " << len;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 256 * (17 * 18 / 2));
  std::string out = "x";
  dump_string_to("", out);
  EXPECT_EQ(out, "x\"\"");
}

}  // namespace cityos
