// SPDX-License-Identifier: Apache-2.0
#include "auth/jwks.h"

#include <gtest/gtest.h>

#include "auth/base64url.h"
#include "token_factory.h"

namespace cityos::auth {
namespace {

std::string set_of(json::object key) {
  json::object doc;
  doc["keys"] = json::array{std::move(key)};
  return dump(json::value(std::move(doc)));
}

void expect_bad(std::string_view text, std::string_view why) {
  auto r = jwks::parse(text);
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_EQ(r.err().code, error_code::bad_request);
  EXPECT_NE(r.err().detail.find(why), std::string::npos) << r.err().detail;
}

class JwksTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rsa_ = std::make_unique<testing::test_key>(testing::make_rsa_key("r1"));
    ec_ = std::make_unique<testing::test_key>(testing::make_ec_key("e1"));
  }
  static inline std::unique_ptr<testing::test_key> rsa_;
  static inline std::unique_ptr<testing::test_key> ec_;
};

TEST_F(JwksTest, ParsesRsaAndEcKeys) {
  auto set = jwks::parse(testing::jwks_json({rsa_.get(), ec_.get()}));
  ASSERT_TRUE(set.ok()) << set.err().detail;
  ASSERT_EQ(set->keys().size(), 2u);
  ASSERT_NE(set->find("r1"), nullptr);
  EXPECT_EQ(set->find("r1")->alg, jws_alg::rs256);
  EXPECT_EQ(set->find("e1")->alg, jws_alg::es256);
  EXPECT_EQ(set->find("x"), nullptr);
  EXPECT_EQ(set->find(""), nullptr);  // ambiguous without a kid
}

TEST_F(JwksTest, DerivesAlgFromKeyTypeAndSkipsOtherKeys) {
  auto rsa = testing::public_jwk(*rsa_);
  rsa.erase("alg");
  json::object enc = testing::public_jwk(*ec_);
  enc["use"] = "enc";
  json::object oct{{"kty", "oct"}, {"k", "c2VjcmV0"}};
  json::object rs384 = testing::public_jwk(*rsa_);
  rs384["alg"] = "RS384";
  rs384["kid"] = "r384";
  json::object doc;
  doc["keys"] = json::array{rsa, enc, oct, rs384};
  auto set = jwks::parse(json::value(std::move(doc)));
  ASSERT_TRUE(set.ok()) << set.err().detail;
  ASSERT_EQ(set->keys().size(), 1u);
  EXPECT_EQ(set->keys()[0].alg, jws_alg::rs256);
  EXPECT_EQ(set->find(""), &set->keys()[0]);  // the only key
}

TEST_F(JwksTest, RefusesBadDocuments) {
  expect_bad("not json", "JWKS");
  expect_bad("[]", "'keys' array");
  expect_bad(R"({"keys":{}})", "'keys' array");
  expect_bad(R"({"keys":[]})", "no RS256 or ES256");
  expect_bad(R"({"keys":[1]})", "must be an object");
  expect_bad(testing::jwks_json({rsa_.get(), rsa_.get()}), "appears twice");
}

TEST_F(JwksTest, RefusesMalformedKeys) {
  auto k = testing::public_jwk(*rsa_);
  k.erase("n");
  expect_bad(set_of(k), "'n' is missing");
  k = testing::public_jwk(*rsa_);
  k["e"] = "A=";
  expect_bad(set_of(k), "'e'");
  k = testing::public_jwk(*rsa_);
  k["n"] = base64url_encode(std::string(128, '\xc5'));  // 1024 bits
  expect_bad(set_of(k), "2048");
  k = testing::public_jwk(*rsa_);
  k["alg"] = "ES256";
  expect_bad(set_of(k), "does not fit");
  auto e = testing::public_jwk(*ec_);
  e["x"] = base64url_encode(std::string(31, 'a'));
  expect_bad(set_of(e), "32 bytes");
  e = testing::public_jwk(*ec_);
  e["y"] = base64url_encode(std::string(32, '\x01'));  // not on the curve
  expect_bad(set_of(e), "not a valid P-256");
}

}  // namespace
}  // namespace cityos::auth
