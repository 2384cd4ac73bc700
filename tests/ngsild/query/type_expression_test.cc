// SPDX-License-Identifier: Apache-2.0
#include "ngsild/query/type_expression.h"

#include <gtest/gtest.h>

#include "test_expand.h"

namespace cityos::ngsild {
namespace {

using testing::expander;
using testing::kVocab;

std::string iri(std::string_view term) { return std::string(kVocab) + std::string(term); }

json::array types(std::initializer_list<std::string_view> terms) {
  json::array a;
  for (auto t : terms) a.emplace_back(iri(t));
  return a;
}

bool m(std::string_view text, json::array const& entity_types) {
  auto e = parse_type_expression(text, expander());
  EXPECT_TRUE(e.ok()) << text << ": " << e.err().detail;
  return e.ok() && matches(*e, entity_types);
}

TEST(type_expression, single_type) {
  EXPECT_TRUE(m("Building", types({"Building"})));
  EXPECT_FALSE(m("Building", types({"Vehicle"})));
  EXPECT_TRUE(m("Building", types({"Vehicle", "Building"})));
}

TEST(type_expression, comma_and_bar_are_or) {
  EXPECT_TRUE(m("Building,Vehicle", types({"Vehicle"})));
  EXPECT_TRUE(m("Building|Vehicle", types({"Building"})));
  EXPECT_FALSE(m("Building|Vehicle", types({"Park"})));
}

TEST(type_expression, semicolon_is_and_and_binds_tighter) {
  EXPECT_TRUE(m("Building;Vehicle", types({"Building", "Vehicle"})));
  EXPECT_FALSE(m("Building;Vehicle", types({"Building"})));
  EXPECT_TRUE(m("Park|Building;Vehicle", types({"Park"})));
  EXPECT_FALSE(m("(Park|Building);Vehicle", types({"Park"})));
  EXPECT_TRUE(m("(Park|Building);Vehicle", types({"Park", "Vehicle"})));
}

TEST(type_expression, full_iris_are_kept) {
  json::array t{"https://example.org/Car"};
  EXPECT_TRUE(m("https://example.org/Car", t));
}

TEST(type_expression, candidate_types_lists_every_type_once) {
  auto e = parse_type_expression("(A|B);C,A", expander());
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(candidate_types(*e), (std::vector<std::string>{iri("A"), iri("B"), iri("C")}));
  EXPECT_FALSE(is_pure_or(*e));
  auto o = parse_type_expression("A,(B|C)", expander());
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(is_pure_or(*o));
}

TEST(type_expression, rejects_malformed) {
  for (std::string_view text : {"", ",", "A,", "A;;B", "(A", "A)", "()", "A B", "|A"}) {
    auto e = parse_type_expression(text, expander());
    ASSERT_FALSE(e.ok()) << "accepted: " << text;
    EXPECT_EQ(e.err().code, error_code::invalid_request);
    EXPECT_NE(e.err().detail.find("position"), std::string::npos);
  }
}

}  // namespace
}  // namespace cityos::ngsild
