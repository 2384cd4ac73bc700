// SPDX-License-Identifier: Apache-2.0
#include "ngsild/query/q_parser.h"

#include <gtest/gtest.h>

#include "test_expand.h"

namespace cityos::ngsild {
namespace {

using testing::expander;
using testing::kVocab;

result<q_expression> parse(std::string_view text) { return parse_q(text, expander()); }

std::string iri(std::string_view term) { return std::string(kVocab) + std::string(term); }

TEST(q_parser, parses_simple_comparison_with_expanded_name) {
  auto e = parse("temperature>=20.5");
  ASSERT_TRUE(e.ok()) << e.err().detail;
  ASSERT_EQ(e->what, q_expression::kind::term);
  EXPECT_EQ(e->term.path.attribute, iri("temperature"));
  EXPECT_EQ(e->term.op, q_op::greater_equal);
  ASSERT_EQ(e->term.values.size(), 1u);
  EXPECT_DOUBLE_EQ(*e->term.values[0].number, 20.5);
}

TEST(q_parser, parses_every_operator) {
  struct c {
    std::string_view text;
    q_op op;
  };
  for (c const& x : {c{"a==1", q_op::equal}, c{"a!=1", q_op::not_equal}, c{"a>1", q_op::greater},
                     c{"a>=1", q_op::greater_equal}, c{"a<1", q_op::less},
                     c{"a<=1", q_op::less_equal}, c{"a~=x.*", q_op::pattern},
                     c{"a!~=x.*", q_op::not_pattern}, c{"a", q_op::exists}}) {
    auto e = parse(x.text);
    ASSERT_TRUE(e.ok()) << x.text << ": " << e.err().detail;
    EXPECT_EQ(e->term.op, x.op) << x.text;
  }
}

TEST(q_parser, and_binds_tighter_than_or) {
  auto e = parse("a==1|b==2;c==3");
  ASSERT_TRUE(e.ok());
  ASSERT_EQ(e->what, q_expression::kind::any_of);
  ASSERT_EQ(e->children.size(), 2u);
  EXPECT_EQ(e->children[0].what, q_expression::kind::term);
  EXPECT_EQ(e->children[1].what, q_expression::kind::all_of);
}

TEST(q_parser, parentheses_override_precedence) {
  auto e = parse("(a==1|b==2);c==3");
  ASSERT_TRUE(e.ok());
  ASSERT_EQ(e->what, q_expression::kind::all_of);
  EXPECT_EQ(e->children[0].what, q_expression::kind::any_of);
  auto nested = parse("((a==1;(b|c)))");
  ASSERT_TRUE(nested.ok()) << nested.err().detail;
  EXPECT_EQ(nested->what, q_expression::kind::all_of);
}

TEST(q_parser, classifies_values) {
  auto e = parse("a==-3,4.25,true,\"x\\\"y\",2020-01-01,2020-01-01T10:00:00Z,10:30:00,urn:x:1");
  ASSERT_TRUE(e.ok()) << e.err().detail;
  auto const& v = e->term.values;
  ASSERT_EQ(v.size(), 8u);
  EXPECT_DOUBLE_EQ(*v[0].number, -3);
  EXPECT_DOUBLE_EQ(*v[1].number, 4.25);
  EXPECT_TRUE(*v[2].boolean);
  EXPECT_TRUE(v[3].quoted);
  EXPECT_EQ(v[3].text, "x\"y");
  EXPECT_EQ(v[4].time_kind, q_time_kind::date);
  EXPECT_EQ(v[5].time_kind, q_time_kind::date_time);
  EXPECT_EQ(v[6].time_kind, q_time_kind::time_of_day);
  EXPECT_FALSE(v[7].number || v[7].boolean || v[7].time);
  EXPECT_EQ(v[7].text, "urn:x:1");
}

TEST(q_parser, parses_ranges) {
  auto e = parse("a==1..5");
  ASSERT_TRUE(e.ok()) << e.err().detail;
  EXPECT_DOUBLE_EQ(*e->term.range_low->number, 1);
  EXPECT_DOUBLE_EQ(*e->term.range_high->number, 5);
  auto d = parse("a!=2020-01-01T00:00:00Z..2020-12-31T00:00:00Z");
  ASSERT_TRUE(d.ok()) << d.err().detail;
  EXPECT_TRUE(d->term.range_low->time && d->term.range_high->time);
  auto dec = parse("a==1.5..2.5");
  ASSERT_TRUE(dec.ok());
  EXPECT_DOUBLE_EQ(*dec->term.range_high->number, 2.5);
}

TEST(q_parser, parses_paths) {
  auto sub = parse("temperature.observedAt>=2020-01-01T00:00:00Z");
  ASSERT_TRUE(sub.ok());
  ASSERT_EQ(sub->term.path.segments.size(), 1u);
  EXPECT_EQ(sub->term.path.segments[0].member, q_member::observed_at);
  auto deep = parse("a.b.c[d][e.f]==1");
  ASSERT_TRUE(deep.ok()) << deep.err().detail;
  EXPECT_EQ(deep->term.path.segments.size(), 2u);
  EXPECT_EQ(deep->term.path.segments[1].iri, iri("c"));
  EXPECT_EQ(deep->term.path.trailing, (std::vector<std::string>{"d", "e", "f"}));
  EXPECT_EQ(deep->term.path.text, "a.b.c[d][e.f]");
  auto full = parse("https://example.org/v1.0/speed>3");
  ASSERT_TRUE(full.ok()) << full.err().detail;
  EXPECT_EQ(full->term.path.attribute, "https://example.org/v1.0/speed");
  auto lang = parse("color[*]==\"red\"");
  ASSERT_TRUE(lang.ok());
  EXPECT_EQ(lang->term.path.trailing, std::vector<std::string>{"*"});
}

TEST(q_parser, compiles_patterns_once) {
  auto e = parse("name~=(?i)^abc(d|e)");
  ASSERT_TRUE(e.ok()) << e.err().detail;
  ASSERT_TRUE(e->term.regex.has_value());
  auto quoted = parse("name~=\"a;b|c\";x==1");
  ASSERT_TRUE(quoted.ok()) << quoted.err().detail;
  EXPECT_EQ(quoted->what, q_expression::kind::all_of);
  auto in_parens = parse("(name~=a(b)c|x)");
  ASSERT_TRUE(in_parens.ok()) << in_parens.err().detail;
  EXPECT_EQ(in_parens->what, q_expression::kind::any_of);
}

TEST(q_parser, rejects_malformed_syntax_with_position) {
  for (std::string_view text :
       {"a==", "(a==1", "a===1", "", "==1", "a==1;", "a==1|", "a==1)", "a=1", "a==\"open",
        "a[b==1", "a[]==1", "a. b==1", "a==1 ", "a>1,2", "a<1..3", "a~=", "a==1,", "()"}) {
    auto e = parse(text);
    ASSERT_FALSE(e.ok()) << "accepted: " << text;
    EXPECT_EQ(e.err().code, error_code::invalid_request) << text;
    EXPECT_NE(e.err().detail.find("position"), std::string::npos) << e.err().detail;
  }
  auto e = parse("a===1");
  EXPECT_EQ(e.err().detail, "q: expected a value at position 3");
}

TEST(q_parser, rejects_bad_regex_and_linked_queries) {
  auto bad = parse("a~=\"(unclosed\"");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.err().code, error_code::bad_request);
  auto linked = parse("managedBy{name}==\"x\"");
  ASSERT_FALSE(linked.ok());
  EXPECT_EQ(linked.err().code, error_code::not_supported);
}

TEST(q_parser, lists_referenced_attributes) {
  auto e = parse("a==1;(b>2|a<0);c.d");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(referenced_attributes(*e), (std::vector<std::string>{iri("a"), iri("b"), iri("c")}));
}

}  // namespace
}  // namespace cityos::ngsild
