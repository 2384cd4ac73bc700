// SPDX-License-Identifier: Apache-2.0
#include "auth/auth_config.h"

#include <gtest/gtest.h>

namespace cityos::auth {
namespace {

result<auth_config> parse_oidc(std::string const& extra) {
  auto doc = parse_json(R"({"oidc": {"issuer": "https://id.example", "audience": "cityos", "jwks": "k.json")" +
                        extra + "}}");
  EXPECT_TRUE(doc.ok());
  return parse_auth_config(*doc, "/etc/cityos");
}

TEST(AuthConfig, JwksRefreshDefaults) {
  auto c = parse_oidc("");
  ASSERT_TRUE(c.ok()) << c.err().detail;
  EXPECT_EQ(c->oidc->jwks, "/etc/cityos/k.json");
  EXPECT_EQ(c->oidc->jwks_refresh, std::chrono::seconds(3600));
  EXPECT_EQ(c->oidc->jwks_min_refresh, std::chrono::seconds(60));
}

TEST(AuthConfig, JwksRefreshIntervals) {
  auto c = parse_oidc(R"(, "jwksRefreshSeconds": 600, "jwksMinRefreshSeconds": 30)");
  ASSERT_TRUE(c.ok()) << c.err().detail;
  EXPECT_EQ(c->oidc->jwks_refresh, std::chrono::seconds(600));
  EXPECT_EQ(c->oidc->jwks_min_refresh, std::chrono::seconds(30));
}

TEST(AuthConfig, JwksRefreshBounds) {
  for (auto const* bad : {R"(, "jwksRefreshSeconds": 59)", R"(, "jwksRefreshSeconds": "3600")",
                          R"(, "jwksRefreshSeconds": 60.5)", R"(, "jwksMinRefreshSeconds": 0)",
                          R"(, "jwksMinRefreshSeconds": -1)"}) {
    auto c = parse_oidc(bad);
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.err().code, error_code::bad_request);
    EXPECT_NE(c.err().detail.find("oidc.jwks"), std::string::npos) << c.err().detail;
  }
}

}  // namespace
}  // namespace cityos::auth
