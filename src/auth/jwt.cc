// SPDX-License-Identifier: Apache-2.0
#include "auth/jwt.h"

#include <algorithm>
#include <cmath>
#include <atomic>
#include <optional>

#include "auth/base64url.h"
#include "auth/detail/openssl_ptr.h"

namespace cityos::auth {
namespace {

using namespace detail;

constexpr std::size_t kMaxTokenLength = 16 * 1024;
constexpr std::size_t kEs256SignatureBytes = 64;

error reject(std::string detail) {
  return make_error(error_code::unauthenticated, "bearer token: " + std::move(detail));
}

struct jws_parts {
  std::string_view header, payload, signature;
  std::string_view signing_input;  // header.payload
};

std::optional<jws_parts> split(std::string_view t) {
  auto const a = t.find('.');
  if (a == std::string_view::npos) return std::nullopt;
  auto const b = t.find('.', a + 1);
  if (b == std::string_view::npos || t.find('.', b + 1) != std::string_view::npos) return std::nullopt;
  jws_parts p{t.substr(0, a), t.substr(a + 1, b - a - 1), t.substr(b + 1), t.substr(0, b)};
  if (p.header.empty() || p.payload.empty()) return std::nullopt;
  return p;
}

// Decodes one base64url JSON object part of the token.
result<json::object> decode_object(std::string_view part, std::string_view what) {
  auto raw = base64url_decode(part);
  if (!raw) return reject(std::string(what) + " is not base64url");
  auto doc = parse_json(*raw);
  if (!doc || !doc->is_object()) return reject(std::string(what) + " is not a JSON object");
  return std::move(doc->get_object());
}

struct header_fields {
  jws_alg alg;
  std::string kid;
};

result<header_fields> read_header(json::object const& h) {
  auto const* alg = h.if_contains("alg");
  if (alg == nullptr || !alg->is_string()) return reject("header has no alg");
  std::string_view const name = alg->get_string();
  header_fields out{jws_alg::rs256, {}};
  if (name == "ES256") {
    out.alg = jws_alg::es256;
  } else if (name != "RS256") {
    return reject("unsupported alg '" + std::string(name.substr(0, 16)) + "' (RS256 or ES256 only)");
  }
  if (h.contains("crit")) return reject("unsupported critical header parameters");
  if (auto const* kid = h.if_contains("kid"); kid != nullptr) {
    if (!kid->is_string()) return reject("kid must be a string");
    out.kid = kid->get_string();
  }
  return out;
}

// Converts a raw r||s ES256 signature to the DER form OpenSSL verifies.
std::optional<std::string> es256_der(std::string const& raw) {
  if (raw.size() != kEs256SignatureBytes) return std::nullopt;
  auto const* p = reinterpret_cast<unsigned char const*>(raw.data());
  ecdsa_sig_ptr sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(p, 32, nullptr);
  BIGNUM* s = BN_bin2bn(p + 32, 32, nullptr);
  if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return std::nullopt;
  }
  int const len = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (len <= 0) return std::nullopt;
  std::string der(static_cast<std::size_t>(len), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  i2d_ECDSA_SIG(sig.get(), &out);
  return der;
}

bool signature_ok(jwk const& key, std::string_view input, std::string const& raw_signature) {
  std::optional<std::string> der;
  if (key.alg == jws_alg::es256) {
    der = es256_der(raw_signature);
    if (!der) return false;
  }
  std::string const& sig = der ? *der : raw_signature;
  md_ctx_ptr ctx(EVP_MD_CTX_new());
  return ctx &&
         EVP_DigestVerifyInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, key.key.get(),
                                 nullptr) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<unsigned char const*>(sig.data()), sig.size(),
                          reinterpret_cast<unsigned char const*>(input.data()), input.size()) == 1;
}

// A NumericDate claim in ms; nullopt if absent; an error if not a number.
result<std::optional<epoch_ms>> numeric_date(json::object const& c, std::string_view name) {
  auto const* v = c.if_contains(name);
  if (v == nullptr) return std::optional<epoch_ms>{};
  double seconds = 0;
  if (v->is_int64()) {
    seconds = static_cast<double>(v->get_int64());
  } else if (v->is_uint64()) {
    seconds = static_cast<double>(v->get_uint64());
  } else if (v->is_double()) {
    seconds = v->get_double();
  } else {
    return reject(std::string(name) + " is not a number");
  }
  if (!std::isfinite(seconds) || std::fabs(seconds) > 1e13) {
    return reject(std::string(name) + " is out of range");
  }
  return std::optional<epoch_ms>{static_cast<epoch_ms>(std::llround(seconds * 1000))};
}

result<std::vector<std::string>> audiences(json::object const& c) {
  std::vector<std::string> out;
  auto const* v = c.if_contains("aud");
  if (v != nullptr && v->is_string()) out.emplace_back(v->get_string());
  if (v != nullptr && v->is_array()) {
    for (auto const& e : v->get_array()) {
      if (!e.is_string()) return reject("aud entries must be strings");
      out.emplace_back(e.get_string());
    }
  }
  if (out.empty()) return reject("no aud");
  return out;
}

}  // namespace

struct token_verifier::state {
  std::atomic<std::shared_ptr<jwks const>> keys;  // never null; swapped whole
  std::function<bool(std::string_view)> on_unknown_kid;
  std::string issuer;
  std::string audience;
  epoch_ms leeway_ms = 0;

  result<verified_token> check_claims(json::object claims, epoch_ms now) const;
};

result<verified_token> token_verifier::state::check_claims(json::object claims,
                                                          epoch_ms now) const {
  verified_token t;
  auto const* iss = claims.if_contains("iss");
  if (iss == nullptr || !iss->is_string() || iss->get_string() != issuer) {
    return reject("wrong issuer");
  }
  t.iss = iss->get_string();
  auto aud = audiences(claims);
  if (!aud) return std::move(aud).err();
  if (std::find(aud->begin(), aud->end(), audience) == aud->end()) return reject("wrong audience");
  t.aud = std::move(*aud);
  auto exp = numeric_date(claims, "exp");
  if (!exp) return std::move(exp).err();
  if (!*exp) return reject("no exp");
  if (now >= **exp + leeway_ms) return reject("expired at " + format_iso8601(**exp));
  t.exp = **exp;
  auto nbf = numeric_date(claims, "nbf");
  if (!nbf) return std::move(nbf).err();
  if (*nbf && now + leeway_ms < **nbf) return reject("not valid before " + format_iso8601(**nbf));
  auto const* sub = claims.if_contains("sub");
  if (sub == nullptr || !sub->is_string() || sub->get_string().empty()) return reject("no sub");
  t.sub = sub->get_string();
  t.claims = std::move(claims);
  return t;
}

token_verifier::token_verifier(std::unique_ptr<state> s) : s_(std::move(s)) {}
token_verifier::token_verifier(token_verifier&&) noexcept = default;
token_verifier& token_verifier::operator=(token_verifier&&) noexcept = default;
token_verifier::~token_verifier() = default;

result<token_verifier> token_verifier::make(verifier_config config) {
  if (config.issuer.empty()) return make_error(error_code::bad_request, "an issuer is required");
  if (config.audience.empty()) return make_error(error_code::bad_request, "an audience is required");
  if (config.leeway.count() < 0) return make_error(error_code::bad_request, "negative leeway");
  auto s = std::make_unique<state>();
  s->keys.store(std::make_shared<jwks const>(std::move(config.keys)));
  s->on_unknown_kid = std::move(config.on_unknown_kid);
  s->issuer = std::move(config.issuer);
  s->audience = std::move(config.audience);
  s->leeway_ms = std::chrono::duration_cast<std::chrono::milliseconds>(config.leeway).count();
  return token_verifier(std::move(s));
}

void token_verifier::replace_keys(jwks keys) { replace_keys(std::make_shared<jwks const>(std::move(keys))); }

void token_verifier::replace_keys(std::shared_ptr<jwks const> keys) {
  s_->keys.store(keys ? std::move(keys) : std::make_shared<jwks const>());
}

result<verified_token> token_verifier::verify(std::string_view compact_jws, epoch_ms now) const {
  if (compact_jws.size() > kMaxTokenLength) return reject("too long");
  auto parts = split(compact_jws);
  if (!parts) return reject("not a JWS in compact form (header.payload.signature)");
  auto header = decode_object(parts->header, "header");
  if (!header) return std::move(header).err();
  auto fields = read_header(*header);
  if (!fields) return std::move(fields).err();
  if (parts->signature.empty()) return reject("no signature");
  auto signature = base64url_decode(parts->signature);
  if (!signature) return reject("signature is not base64url");
  std::shared_ptr<jwks const> keys = s_->keys.load();  // this verification's snapshot
  jwk const* key = keys->find(fields->kid);
  if (key == nullptr && !fields->kid.empty() && s_->on_unknown_kid && s_->on_unknown_kid(fields->kid)) {
    keys = s_->keys.load();  // perhaps rotated: look once more
    key = keys->find(fields->kid);
  }
  if (key == nullptr) return reject(fields->kid.empty() ? "no kid" : "unknown kid");
  if (key->alg != fields->alg) return reject("alg does not match the key");
  if (!signature_ok(*key, parts->signing_input, *signature)) return reject("invalid signature");
  auto claims = decode_object(parts->payload, "payload");
  if (!claims) return std::move(claims).err();
  return s_->check_claims(std::move(*claims), now);
}

}  // namespace cityos::auth
