// SPDX-License-Identifier: Apache-2.0
#include "ngsild/query/scope_query.h"

#include <gtest/gtest.h>

namespace cityos::ngsild {
namespace {

json::object entity_with(std::initializer_list<std::string_view> scopes) {
  json::array a;
  for (auto s : scopes) a.emplace_back(s);
  return json::object{{"id", "urn:x"}, {"type", json::array{"T"}}, {"scope", a}};
}

bool m(std::string_view text, json::object const& e) {
  auto q = parse_scope_query(text);
  EXPECT_TRUE(q.ok()) << text << ": " << q.err().detail;
  return q.ok() && matches(*q, e);
}

TEST(scope_query, exact_scope) {
  auto e = entity_with({"/Madrid/Gardens/ParqueNorte"});
  EXPECT_TRUE(m("/Madrid/Gardens/ParqueNorte", e));
  EXPECT_FALSE(m("/Madrid/Gardens", e));
  EXPECT_FALSE(m("/Madrid/Gardens/ParqueNorte/Lake", e));
}

TEST(scope_query, hash_matches_level_and_below) {
  auto e = entity_with({"/Madrid/Gardens/ParqueNorte"});
  EXPECT_TRUE(m("/Madrid/#", e));
  EXPECT_TRUE(m("/Madrid/Gardens/ParqueNorte/#", e));
  EXPECT_FALSE(m("/Valencia/#", e));
  EXPECT_TRUE(m("/#", e));
  EXPECT_TRUE(m("/Madrid/#", entity_with({"/Madrid"})));
}

TEST(scope_query, plus_matches_exactly_one_level) {
  EXPECT_TRUE(m("/Madrid/+", entity_with({"/Madrid/Gardens"})));
  EXPECT_FALSE(m("/Madrid/+", entity_with({"/Madrid"})));
  EXPECT_FALSE(m("/Madrid/+", entity_with({"/Madrid/Gardens/ParqueNorte"})));
  EXPECT_TRUE(m("/Madrid/+/ParqueNorte", entity_with({"/Madrid/Gardens/ParqueNorte"})));
  EXPECT_TRUE(m("/+/Gardens/#", entity_with({"/Madrid/Gardens/ParqueNorte"})));
}

TEST(scope_query, or_and_and_parentheses) {
  auto e = entity_with({"/Madrid/Gardens", "/CompanyA/OrgB"});
  EXPECT_TRUE(m("/Valencia,/Madrid/Gardens", e));
  EXPECT_TRUE(m("/Madrid/Gardens;/CompanyA/#", e));
  EXPECT_FALSE(m("/Madrid/Gardens;/CompanyB/#", e));
  EXPECT_TRUE(m("/Valencia,/Madrid/Gardens;/CompanyA/OrgB", e));
  EXPECT_FALSE(m("(/Valencia,/Madrid/Gardens);/CompanyC", e));
  EXPECT_TRUE(m("(/Valencia|/Madrid/+);/CompanyA/+", e));
}

TEST(scope_query, entity_without_scope_never_matches) {
  json::object e{{"id", "urn:x"}, {"type", json::array{"T"}}};
  EXPECT_FALSE(m("/#", e));
  EXPECT_FALSE(m("/Madrid", e));
}

TEST(scope_query, rejects_malformed) {
  for (std::string_view text :
       {"", "Madrid", "/", "/Madrid/", "//Madrid", "/Madrid/#/Gardens", "(/Madrid", "/Madrid)",
        "/A,", "/A;;/B"}) {
    auto q = parse_scope_query(text);
    ASSERT_FALSE(q.ok()) << "accepted: " << text;
    EXPECT_EQ(q.err().code, error_code::invalid_request);
    EXPECT_NE(q.err().detail.find("position"), std::string::npos);
  }
}

}  // namespace
}  // namespace cityos::ngsild
