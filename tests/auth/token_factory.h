// SPDX-License-Identifier: Apache-2.0
// Test helper: makes RSA-2048 and P-256 key pairs, their JWKS document, and
// signed (or deliberately broken) OpenID Connect tokens. For the auth unit
// tests and the API tests of issue 6. RSA key generation takes ~0.1 s: make
// keys once per suite.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/jwks.h"
#include "common/json.h"

namespace cityos::auth::testing {

struct test_key {
  std::string kid;
  jws_alg alg = jws_alg::rs256;
  pkey_ptr key;  // the private key
};

// A fresh RSA-2048 key for RS256.
test_key make_rsa_key(std::string kid);
// A fresh P-256 key for ES256.
test_key make_ec_key(std::string kid);

// The public JWK of `k` ({"kty","kid","alg","use","n","e"} or {..,"crv","x","y"}).
json::object public_jwk(test_key const& k);
// {"keys":[public_jwk(k)...]} as JSON text.
std::string jwks_json(std::vector<test_key const*> const& keys);

// A compact JWS of `claims` signed with `k`, header {"alg": k.alg, "kid": k.kid, "typ":"JWT"}.
std::string sign(json::object const& claims, test_key const& k);
// As sign() with a caller-made header; its "alg" is ignored for signing (k.alg
// is used), so a token can claim one alg and be signed with another.
std::string sign_with_header(json::object const& header, json::object const& claims,
                             test_key const& k);
// A compact JWS of arbitrary payload bytes (for malformed-payload tests).
std::string sign_payload(json::object const& header, std::string_view payload, test_key const& k);
// An unsigned token: header {"alg":"none"}, empty signature part.
std::string unsigned_token(json::object const& claims);
// An HS256 token whose HMAC key is `secret` (e.g. an attempt to use the public key as the secret).
std::string hs256_token(json::object const& claims, std::string_view kid, std::string_view secret);

// Claims {"iss","aud","sub","exp": now + ttl, "iat": now} in seconds.
json::object claims_for(std::string_view iss, std::string_view aud, std::string_view sub,
                        long long now_seconds, long long ttl_seconds = 300);

}  // namespace cityos::auth::testing
