// SPDX-License-Identifier: Apache-2.0
#include "mobility/gtfs/csv_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cityos::mobility::gtfs {
namespace {

std::vector<std::vector<std::string>> read_all(std::string_view data) {
  csv_reader r(data);
  std::vector<std::vector<std::string>> rows;
  while (r.next()) {
    rows.emplace_back();
    for (std::size_t i = 0; i < r.size(); ++i) rows.back().emplace_back(r.field(i));
  }
  return rows;
}

using rows = std::vector<std::vector<std::string>>;

TEST(csv_reader, plain_rows_and_empty_fields) {
  EXPECT_EQ(read_all("a,b,c\n1,,3\n"), (rows{{"a", "b", "c"}, {"1", "", "3"}}));
  EXPECT_EQ(read_all("a,b,\n"), (rows{{"a", "b", ""}}));
  EXPECT_EQ(read_all("a,b"), (rows{{"a", "b"}}));  // no final newline
}

TEST(csv_reader, skips_utf8_bom) {
  EXPECT_EQ(read_all("\xEF\xBB\xBFstop_id,stop_name\n1,駅\n"), (rows{{"stop_id", "stop_name"}, {"1", "駅"}}));
}

TEST(csv_reader, quoted_commas_newlines_and_doubled_quotes) {
  auto const r = read_all("id,name\n1,\"a, b\"\n2,\"line1\nline2\"\n3,\"say \"\"hi\"\"\"\n4,\"\"\n");
  EXPECT_EQ(r, (rows{{"id", "name"}, {"1", "a, b"}, {"2", "line1\nline2"}, {"3", "say \"hi\""}, {"4", ""}}));
}

TEST(csv_reader, crlf_cr_and_blank_lines) {
  EXPECT_EQ(read_all("a,b\r\n1,2\r\n\r\n3,4\r5,6\r\n"), (rows{{"a", "b"}, {"1", "2"}, {"3", "4"}, {"5", "6"}}));
}

TEST(csv_reader, line_numbers_count_newlines_inside_quotes) {
  csv_reader r("h\n\"x\ny\"\n\nz\n");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 1u);
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 2u);
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 5u);
  EXPECT_EQ(r.field(0), "z");
  EXPECT_FALSE(r.next());
}

TEST(csv_reader, syntax_errors_are_flagged_not_fatal) {
  csv_reader r("a,\"open\nb,c\n");
  ASSERT_TRUE(r.next());
  EXPECT_NE(r.syntax_error().find("never closed"), std::string::npos);
  csv_reader r2("\"x\"y,z\nok,1\n");
  ASSERT_TRUE(r2.next());
  EXPECT_EQ(r2.syntax_error(), "text after a closing quote");
  EXPECT_EQ(r2.field(1), "z");
  ASSERT_TRUE(r2.next());
  EXPECT_TRUE(r2.syntax_error().empty());
  EXPECT_EQ(r2.field(0), "ok");
}

}  // namespace
}  // namespace cityos::mobility::gtfs
