// SPDX-License-Identifier: Apache-2.0
// Verification of OpenID Connect bearer tokens: JWS compact serialisation
// (RFC 7515) signed with RS256 or ES256 by a key of the configured JWKS, with
// the claims iss, aud, exp and nbf checked (RFC 7519). Nothing else is
// accepted: no "none", no HMAC, no key from the token itself, no "crit".
// Thread-safe: verify() may run on many threads while replace_keys() swaps the
// key set; a verification works on an immutable snapshot of the set and never
// waits for a swap (nor for the fetch behind it, see jwks_source.h).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "auth/jwks.h"
#include "common/json.h"
#include "common/result.h"
#include "common/time.h"

namespace cityos::auth {

struct verifier_config {
  jwks keys;
  std::string issuer;    // the "iss" a token must carry, exactly
  std::string audience;  // must be "aud" or one of its entries
  std::chrono::seconds leeway{60};  // clock skew allowed on exp and nbf
  // Optional: called (on the verifying thread) when a token names a kid that is
  // not in the set; returns true if the set may have been replaced meanwhile, and
  // verify() then looks the kid up once more in the current set (key rotation).
  std::function<bool(std::string_view kid)> on_unknown_kid{};
};

struct verified_token {
  std::string sub;                // the person
  std::string iss;
  std::vector<std::string> aud;   // one entry when "aud" was a string
  epoch_ms exp = 0;
  json::object claims;            // the whole payload
};

class token_verifier {
 public:
  // Errors: bad_request if the issuer or audience is empty or the leeway negative.
  static result<token_verifier> make(verifier_config config);

  token_verifier(token_verifier&&) noexcept;
  token_verifier& operator=(token_verifier&&) noexcept;
  ~token_verifier();

  // Verifies `compact_jws` at time `now`. Returns the token's subject, issuer,
  // audience, expiry and claims. Every failure is unauthenticated with a detail
  // saying why (malformed, unsupported alg, unknown kid, bad signature,
  // expired, not yet valid, wrong issuer or audience, no subject).
  result<verified_token> verify(std::string_view compact_jws, epoch_ms now) const;

  // Replaces the key set (a refreshed JWKS); tokens being verified finish with the old one.
  void replace_keys(jwks keys);
  void replace_keys(std::shared_ptr<jwks const> keys);  // null: an empty set

 private:
  struct state;
  explicit token_verifier(std::unique_ptr<state> s);
  std::unique_ptr<state> s_;
};

}  // namespace cityos::auth
