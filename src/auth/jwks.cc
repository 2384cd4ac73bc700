// SPDX-License-Identifier: Apache-2.0
#include "auth/jwks.h"

#include <openssl/core_names.h>

#include <optional>

#include "auth/base64url.h"
#include "auth/detail/openssl_ptr.h"

namespace cityos::auth {
namespace {

using namespace detail;

constexpr int kMinRsaBits = 2048;
constexpr std::size_t kP256CoordinateBytes = 32;

error bad(std::string detail) { return make_error(error_code::bad_request, "JWKS: " + detail); }

std::string_view member(json::object const& o, std::string_view name) {
  auto const* v = o.if_contains(name);
  return v != nullptr && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

// The base64url member `name` decoded, or an error naming it.
result<std::string> bytes_of(json::object const& o, std::string_view name, std::string_view kid) {
  auto raw = base64url_decode(member(o, name));
  if (!raw || raw->empty()) {
    return bad("key '" + std::string(kid) + "': '" + std::string(name) + "' is missing or not base64url");
  }
  return std::move(*raw);
}

// Builds a public key of `type` ("RSA" | "EC") from `params`; null on failure.
pkey_ptr key_from(char const* type, OSSL_PARAM_BLD* bld) {
  params_ptr params(OSSL_PARAM_BLD_to_param(bld));
  pkey_ctx_ptr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return nullptr;
  }
  pkey_ptr out(key);
  pkey_ctx_ptr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return out;
}

result<pkey_ptr> rsa_key(json::object const& o, std::string_view kid) {
  auto n = bytes_of(o, "n", kid);
  if (!n) return std::move(n).err();
  auto e = bytes_of(o, "e", kid);
  if (!e) return std::move(e).err();
  auto to_bn = [](std::string const& b) {
    return bn_ptr(BN_bin2bn(reinterpret_cast<unsigned char const*>(b.data()),
                            static_cast<int>(b.size()), nullptr));
  };
  bn_ptr bn_n = to_bn(*n), bn_e = to_bn(*e);
  if (bn_n && BN_num_bits(bn_n.get()) < kMinRsaBits) {
    return bad("key '" + std::string(kid) + "': RSA keys need at least 2048 bits");
  }
  param_bld_ptr bld(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    return make_error(error_code::internal, "JWKS: OpenSSL parameter building failed");
  }
  auto key = key_from("RSA", bld.get());
  if (!key) return bad("key '" + std::string(kid) + "' is not a valid RSA public key");
  return key;
}

result<pkey_ptr> p256_key(json::object const& o, std::string_view kid) {
  auto x = bytes_of(o, "x", kid);
  if (!x) return std::move(x).err();
  auto y = bytes_of(o, "y", kid);
  if (!y) return std::move(y).err();
  if (x->size() != kP256CoordinateBytes || y->size() != kP256CoordinateBytes) {
    return bad("key '" + std::string(kid) + "': P-256 coordinates must be 32 bytes");
  }
  std::string point = "\x04" + *x + *y;  // uncompressed SEC1 point
  param_bld_ptr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return make_error(error_code::internal, "JWKS: OpenSSL parameter building failed");
  }
  auto key = key_from("EC", bld.get());
  if (!key) return bad("key '" + std::string(kid) + "' is not a valid P-256 public key");
  return key;
}

// The algorithm a key entry is for, or nullopt if we skip the entry.
result<std::optional<jws_alg>> algorithm_of(json::object const& o, std::string_view kid) {
  auto const use = member(o, "use");
  auto const kty = member(o, "kty");
  auto const alg = member(o, "alg");
  if (!use.empty() && use != "sig") return std::optional<jws_alg>{};
  std::optional<jws_alg> by_type;
  if (kty == "RSA") by_type = jws_alg::rs256;
  if (kty == "EC" && member(o, "crv") == "P-256") by_type = jws_alg::es256;
  if (!by_type) return std::optional<jws_alg>{};  // oct, OKP, other curves
  if (alg.empty()) return by_type;
  if (alg != "RS256" && alg != "ES256") return std::optional<jws_alg>{};  // RS384, PS256, ...
  if (alg != to_string(*by_type)) {
    return bad("key '" + std::string(kid) + "': alg " + std::string(alg) + " does not fit kty " +
               std::string(kty));
  }
  return by_type;
}

}  // namespace

std::string_view to_string(jws_alg a) { return a == jws_alg::es256 ? "ES256" : "RS256"; }

void pkey_deleter::operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }

result<jwks> jwks::parse(std::string_view text) {
  auto doc = parse_json(text);
  if (!doc) return bad(doc.err().detail);
  return parse(*doc);
}

result<jwks> jwks::parse(json::value const& doc) {
  auto const* keys = doc.is_object() ? doc.get_object().if_contains("keys") : nullptr;
  if (keys == nullptr || !keys->is_array()) return bad("a JWKS is an object with a 'keys' array");
  jwks out;
  for (auto const& v : keys->get_array()) {
    if (!v.is_object()) return bad("each key must be an object");
    auto const& o = v.get_object();
    std::string kid(member(o, "kid"));
    auto alg = algorithm_of(o, kid);
    if (!alg) return std::move(alg).err();
    if (!*alg) continue;
    if (!kid.empty() && out.find(kid) != nullptr) return bad("kid '" + kid + "' appears twice");
    auto key = **alg == jws_alg::rs256 ? rsa_key(o, kid) : p256_key(o, kid);
    if (!key) return std::move(key).err();
    out.keys_.push_back(jwk{std::move(kid), **alg, std::move(*key)});
  }
  if (out.keys_.empty()) return bad("no RS256 or ES256 signing key");
  return out;
}

jwk const* jwks::find(std::string_view kid) const {
  if (kid.empty()) return keys_.size() == 1 ? &keys_.front() : nullptr;
  for (auto const& k : keys_) {
    if (k.kid == kid) return &k;
  }
  return nullptr;
}

}  // namespace cityos::auth
