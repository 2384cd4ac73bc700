// SPDX-License-Identifier: Apache-2.0
#include "auth/base64url.h"

#include <gtest/gtest.h>

namespace cityos::auth {
namespace {

TEST(Base64url, RoundTripsWithoutPadding) {
  EXPECT_EQ(base64url_encode(std::string_view("")), "");
  EXPECT_EQ(base64url_encode(std::string_view("f")), "Zg");
  EXPECT_EQ(base64url_encode(std::string_view("fo")), "Zm8");
  EXPECT_EQ(base64url_encode(std::string_view("foo")), "Zm9v");
  EXPECT_EQ(base64url_encode(std::string_view("\xfb\xff", 2)), "-_8");
  EXPECT_EQ(*base64url_decode("-_8"), std::string("\xfb\xff", 2));
  EXPECT_EQ(*base64url_decode("Zm9v"), "foo");
  EXPECT_EQ(*base64url_decode(""), "");
}

TEST(Base64url, RefusesNonCanonicalText) {
  EXPECT_FALSE(base64url_decode("Zg=="));   // padding
  EXPECT_FALSE(base64url_decode("+/8"));    // standard alphabet
  EXPECT_FALSE(base64url_decode("Zm 9v"));  // whitespace
  EXPECT_FALSE(base64url_decode("Z"));      // impossible length
  EXPECT_FALSE(base64url_decode("Zh"));     // non-zero trailing bits
  EXPECT_FALSE(base64url_decode("Zm9v.")); // other characters
}

}  // namespace
}  // namespace cityos::auth
