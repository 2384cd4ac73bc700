// SPDX-License-Identifier: Apache-2.0
// A JSON Web Key Set (RFC 7517) of an OpenID Connect issuer, reduced to the
// signing keys we verify with: RSA keys for RS256 and EC P-256 keys for ES256,
// as OpenSSL public keys. Keys of other types, algorithms or uses ("enc") are
// skipped. Immutable after parse(); safe to share between threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/types.h>

#include "common/json.h"
#include "common/result.h"

namespace cityos::auth {

// The JWS algorithms we accept; anything else ("none", HS256, RS384, ...) is refused.
enum class jws_alg : unsigned char { rs256, es256 };

// "RS256" | "ES256".
std::string_view to_string(jws_alg a);

struct pkey_deleter {
  void operator()(EVP_PKEY* k) const;
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_deleter>;

// One signing key.
struct jwk {
  std::string kid;  // may be empty when the set has one key
  jws_alg alg = jws_alg::rs256;
  pkey_ptr key;     // never null
};

class jwks {
 public:
  // Parses a JWKS document {"keys":[...]}. Errors: bad_request for invalid JSON,
  // a malformed RSA or P-256 key (missing or bad n/e/x/y, RSA under 2048 bits,
  // a point not on the curve, an "alg" that does not fit the key type), a
  // repeated kid, or no usable signing key at all.
  static result<jwks> parse(std::string_view text);
  static result<jwks> parse(json::value const& doc);

  // Returns the key named `kid`, or, when `kid` is empty and the set holds a
  // single key, that key; nullptr otherwise. Valid as long as this set lives.
  jwk const* find(std::string_view kid) const;
  std::vector<jwk> const& keys() const { return keys_; }

 private:
  std::vector<jwk> keys_;
};

}  // namespace cityos::auth
