// SPDX-License-Identifier: Apache-2.0
#include "ngsild/jsonld/context_resolver.h"

#include <gtest/gtest.h>

namespace cityos::ngsild {
namespace {

TEST(LinkHeader, ParsesContextLink) {
  auto url = parse_link_header(
      R"(<https://ex.org/ctx.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json")");
  ASSERT_TRUE(url.ok()) << url.err().detail;
  EXPECT_EQ(*url, "https://ex.org/ctx.jsonld");
}

TEST(LinkHeader, ToleratesSpacingOrderAndOtherLinks) {
  auto url = parse_link_header(
      R"(<https://ex.org/next>; rel="next",  < https://ex.org/c.jsonld >)"
      R"(;type="application/ld+json";rel=http://www.w3.org/ns/json-ld#context)");
  EXPECT_FALSE(url.ok());  // spaces inside <> are not allowed
  url = parse_link_header(
      R"(<https://ex.org/next>; rel="next",<https://ex.org/c.jsonld>)"
      R"(;type="application/ld+json";rel=http://www.w3.org/ns/json-ld#context)");
  ASSERT_TRUE(url.ok()) << url.err().detail;
  EXPECT_EQ(*url, "https://ex.org/c.jsonld");
}

TEST(LinkHeader, MalformedIsInvalidRequest) {
  for (std::string_view h : {"", "   ", "https://ex.org/ctx.jsonld",
                             R"(<https://ex.org/ctx.jsonld; rel="http://www.w3.org/ns/json-ld#context")",
                             R"(<>; rel="http://www.w3.org/ns/json-ld#context")",
                             R"(<https://ex.org/c>; rel)",
                             R"(<https://ex.org/c>; rel="http://www.w3.org/ns/json-ld#context)"}) {
    auto url = parse_link_header(h);
    ASSERT_FALSE(url.ok()) << h;
    EXPECT_EQ(url.err().code, error_code::invalid_request) << h;
  }
}

TEST(LinkHeader, WrongOrMissingRelIsBadRequest) {
  for (std::string_view h : {R"(<https://ex.org/c>; rel="next")",
                             R"(<https://ex.org/c>)",
                             R"(<relative/c.jsonld>; rel="http://www.w3.org/ns/json-ld#context")",
                             R"(<https://a/c>; rel="http://www.w3.org/ns/json-ld#context", )"
                             R"(<https://b/c>; rel="http://www.w3.org/ns/json-ld#context")"}) {
    auto url = parse_link_header(h);
    ASSERT_FALSE(url.ok()) << h;
    EXPECT_EQ(url.err().code, error_code::bad_request) << h;
  }
}

}  // namespace
}  // namespace cityos::ngsild
