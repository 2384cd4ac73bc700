// SPDX-License-Identifier: Apache-2.0
#include "ngsild/query/id_pattern.h"

#include <gtest/gtest.h>

namespace cityos::ngsild {
namespace {

TEST(id_pattern, matches_with_search_semantics) {
  auto p = id_pattern::parse("urn:ngsi-ld:Vehicle:.*");
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->matches("urn:ngsi-ld:Vehicle:A1"));
  EXPECT_FALSE(p->matches("urn:ngsi-ld:Building:A1"));
  auto part = id_pattern::parse("Vehicle");
  ASSERT_TRUE(part.ok());
  EXPECT_TRUE(part->matches("urn:ngsi-ld:Vehicle:A1"));
}

TEST(id_pattern, anchors_restrict_to_full_id) {
  auto p = id_pattern::parse("^urn:ngsi-ld:Vehicle:A[0-9]$");
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->matches("urn:ngsi-ld:Vehicle:A1"));
  EXPECT_FALSE(p->matches("urn:ngsi-ld:Vehicle:A12"));
}

TEST(id_pattern, rejects_invalid_regex_and_empty) {
  auto bad = id_pattern::parse("urn:(unclosed");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.err().code, error_code::bad_request);
  auto empty = id_pattern::parse("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.err().code, error_code::bad_request);
}

}  // namespace
}  // namespace cityos::ngsild
