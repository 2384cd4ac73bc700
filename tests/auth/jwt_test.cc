// SPDX-License-Identifier: Apache-2.0
#include "auth/jwt.h"

#include <memory>

#include <gtest/gtest.h>

#include "auth/base64url.h"
#include "token_factory.h"

namespace cityos::auth {
namespace {

using testing::claims_for;
using testing::test_key;

constexpr char kIss[] = "https://id.city.example/realms/city";
constexpr char kAud[] = "cityos";
constexpr long long kNow = 1'780'000'000;  // seconds
constexpr epoch_ms kNowMs = kNow * 1000;

class JwtTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rsa_ = std::make_unique<test_key>(testing::make_rsa_key("rsa-1"));
    rsa_other_ = std::make_unique<test_key>(testing::make_rsa_key("rsa-1"));  // same kid, other key
    ec_ = std::make_unique<test_key>(testing::make_ec_key("ec-1"));
  }

  token_verifier verifier() const {
    auto keys = jwks::parse(testing::jwks_json({rsa_.get(), ec_.get()}));
    EXPECT_TRUE(keys.ok()) << (keys ? "" : keys.err().detail);
    auto v = token_verifier::make({std::move(*keys), kIss, kAud});
    EXPECT_TRUE(v.ok());
    return std::move(*v);
  }

  static json::object claims() { return claims_for(kIss, kAud, "citizen-42", kNow); }

  // Expects `token` to be refused with a detail containing `why`.
  void expect_refused(std::string const& token, std::string_view why) const {
    auto r = verifier().verify(token, kNowMs);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.err().code, error_code::unauthenticated);
    EXPECT_NE(r.err().detail.find(why), std::string::npos) << r.err().detail;
  }

  static inline std::unique_ptr<test_key> rsa_;
  static inline std::unique_ptr<test_key> rsa_other_;
  static inline std::unique_ptr<test_key> ec_;
};

TEST_F(JwtTest, AcceptsRs256) {
  auto c = claims();
  c["name"] = "Hanako";
  auto t = verifier().verify(testing::sign(c, *rsa_), kNowMs);
  ASSERT_TRUE(t.ok()) << t.err().detail;
  EXPECT_EQ(t->sub, "citizen-42");
  EXPECT_EQ(t->iss, kIss);
  EXPECT_EQ(t->aud, std::vector<std::string>{kAud});
  EXPECT_EQ(t->exp, (kNow + 300) * 1000);
  EXPECT_EQ(t->claims.at("name").as_string(), "Hanako");
}

TEST_F(JwtTest, AcceptsEs256) {
  auto t = verifier().verify(testing::sign(claims(), *ec_), kNowMs);
  ASSERT_TRUE(t.ok()) << t.err().detail;
  EXPECT_EQ(t->sub, "citizen-42");
}

TEST_F(JwtTest, RefusesForgedSignature) {
  auto token = testing::sign(claims(), *rsa_);
  // Change the payload, keep the signature.
  auto forged = claims();
  forged["sub"] = "admin";
  auto const dot1 = token.find('.');
  auto const dot2 = token.find('.', dot1 + 1);
  std::string tampered = token.substr(0, dot1) + "." + base64url_encode(dump(json::value(forged))) +
                         token.substr(dot2);
  expect_refused(tampered, "invalid signature");
  // Flip a bit of an ES256 signature.
  auto es = testing::sign(claims(), *ec_);
  auto sig = *base64url_decode(es.substr(es.rfind('.') + 1));
  sig[5] = static_cast<char>(sig[5] ^ 1);
  expect_refused(es.substr(0, es.rfind('.') + 1) + base64url_encode(sig), "invalid signature");
}

TEST_F(JwtTest, RefusesTokenOfAnotherKeyWithTheSameKid) {
  expect_refused(testing::sign(claims(), *rsa_other_), "invalid signature");
}

TEST_F(JwtTest, RefusesUnknownKid) {
  auto stranger = testing::make_ec_key("ec-2");
  expect_refused(testing::sign(claims(), stranger), "unknown kid");
}

TEST_F(JwtTest, RefusesMissingKidWhenTheSetHasSeveralKeys) {
  json::object header;
  header["alg"] = "RS256";
  expect_refused(testing::sign_with_header(header, claims(), *rsa_), "no kid");
}

TEST_F(JwtTest, AcceptsMissingKidWhenTheSetHasOneKey) {
  auto keys = jwks::parse(testing::jwks_json({ec_.get()}));
  ASSERT_TRUE(keys.ok());
  auto v = token_verifier::make({std::move(*keys), kIss, kAud});
  ASSERT_TRUE(v.ok());
  json::object header;
  header["alg"] = "ES256";
  EXPECT_TRUE(v->verify(testing::sign_with_header(header, claims(), *ec_), kNowMs).ok());
}

TEST_F(JwtTest, RefusesAlgNone) {
  expect_refused(testing::unsigned_token(claims()), "unsupported alg 'none'");
}

TEST_F(JwtTest, RefusesHs256EvenWithThePublicKeyAsSecret) {
  auto const n = std::string(testing::public_jwk(*rsa_).at("n").as_string());
  expect_refused(testing::hs256_token(claims(), "rsa-1", n), "unsupported alg 'HS256'");
}

TEST_F(JwtTest, RefusesAlgThatDoesNotMatchTheKey) {
  json::object header;
  header["alg"] = "ES256";
  header["kid"] = "rsa-1";
  expect_refused(testing::sign_with_header(header, claims(), *rsa_), "alg does not match");
}

TEST_F(JwtTest, RefusesCriticalHeaders) {
  json::object header;
  header["alg"] = "RS256";
  header["kid"] = "rsa-1";
  header["crit"] = json::array{"exp"};
  expect_refused(testing::sign_with_header(header, claims(), *rsa_), "critical");
}

TEST_F(JwtTest, RefusesExpiredTokenBeyondLeeway) {
  auto c = claims_for(kIss, kAud, "citizen-42", kNow - 400);  // exp = now - 100 s
  expect_refused(testing::sign(c, *rsa_), "expired");
  auto within = claims_for(kIss, kAud, "citizen-42", kNow - 330);  // exp = now - 30 s
  EXPECT_TRUE(verifier().verify(testing::sign(within, *rsa_), kNowMs).ok());
}

TEST_F(JwtTest, RefusesTokenWithoutExp) {
  auto c = claims();
  c.erase("exp");
  expect_refused(testing::sign(c, *rsa_), "no exp");
  c["exp"] = "tomorrow";
  expect_refused(testing::sign(c, *rsa_), "exp is not a number");
}

TEST_F(JwtTest, RefusesNotYetValidToken) {
  auto c = claims();
  c["nbf"] = kNow + 120;
  expect_refused(testing::sign(c, *ec_), "not valid before");
  c["nbf"] = kNow + 30;  // within the leeway
  EXPECT_TRUE(verifier().verify(testing::sign(c, *ec_), kNowMs).ok());
}

TEST_F(JwtTest, RefusesWrongIssuer) {
  expect_refused(testing::sign(claims_for("https://evil.example", kAud, "x", kNow), *rsa_),
                 "wrong issuer");
}

TEST_F(JwtTest, RefusesWrongAudience) {
  expect_refused(testing::sign(claims_for(kIss, "other-app", "x", kNow), *rsa_), "wrong audience");
  auto c = claims();
  c["aud"] = json::array{"other-app", "another"};
  expect_refused(testing::sign(c, *rsa_), "wrong audience");
  c.erase("aud");
  expect_refused(testing::sign(c, *rsa_), "no aud");
}

TEST_F(JwtTest, AcceptsAudienceArray) {
  auto c = claims();
  c["aud"] = json::array{"account", kAud};
  auto t = verifier().verify(testing::sign(c, *rsa_), kNowMs);
  ASSERT_TRUE(t.ok()) << t.err().detail;
  EXPECT_EQ(t->aud, (std::vector<std::string>{"account", kAud}));
}

TEST_F(JwtTest, RefusesMissingSubject) {
  auto c = claims();
  c.erase("sub");
  expect_refused(testing::sign(c, *rsa_), "no sub");
  c["sub"] = "";
  expect_refused(testing::sign(c, *rsa_), "no sub");
}

TEST_F(JwtTest, RefusesMalformedTokens) {
  auto const good = testing::sign(claims(), *rsa_);
  expect_refused("", "compact form");
  expect_refused("abc", "compact form");
  expect_refused("a.b", "compact form");
  expect_refused(good + ".x", "compact form");
  expect_refused("!!!." + good.substr(good.find('.') + 1), "header is not base64url");
  expect_refused(base64url_encode("not json") + good.substr(good.find('.')), "header is not a JSON object");
  auto const sig_at = good.rfind('.');
  expect_refused(good.substr(0, sig_at) + ".a*b", "signature is not base64url");
  expect_refused(good.substr(0, sig_at) + ".", "no signature");
  expect_refused(std::string(20000, 'a'), "too long");
}

TEST_F(JwtTest, RefusesMalformedPayloadEvenWhenSigned) {
  json::object header;
  header["alg"] = "RS256";
  header["kid"] = "rsa-1";
  expect_refused(testing::sign_payload(header, "[1,2]", *rsa_), "payload is not a JSON object");
  expect_refused(testing::sign_payload(header, "{\"sub\":", *rsa_), "payload is not a JSON object");
}

TEST_F(JwtTest, ReplaceKeysTakesEffect) {
  auto v = verifier();
  auto token = testing::sign(claims(), *ec_);
  ASSERT_TRUE(v.verify(token, kNowMs).ok());
  auto only_rsa = jwks::parse(testing::jwks_json({rsa_.get()}));
  ASSERT_TRUE(only_rsa.ok());
  v.replace_keys(std::move(*only_rsa));
  auto r = v.verify(token, kNowMs);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.err().detail.find("unknown kid"), std::string::npos);
}

TEST(TokenVerifierConfig, RequiresIssuerAndAudience) {
  auto k = testing::make_ec_key("k");
  auto keys = jwks::parse(testing::jwks_json({&k}));
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(token_verifier::make({std::move(*keys), "", "aud"}).err().code, error_code::bad_request);
  auto keys2 = jwks::parse(testing::jwks_json({&k}));
  EXPECT_EQ(token_verifier::make({std::move(*keys2), "iss", ""}).err().code, error_code::bad_request);
}

}  // namespace
}  // namespace cityos::auth
