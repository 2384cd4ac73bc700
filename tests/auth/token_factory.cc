// SPDX-License-Identifier: Apache-2.0
#include "token_factory.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <memory>
#include <stdexcept>

#include "auth/base64url.h"

namespace cityos::auth::testing {
namespace {

void require(bool ok, char const* what) {
  if (!ok) throw std::runtime_error(std::string("token_factory: ") + what);
}

std::string bn_param(EVP_PKEY* k, char const* name, int pad = 0) {
  BIGNUM* bn = nullptr;
  require(EVP_PKEY_get_bn_param(k, name, &bn) == 1, name);
  std::unique_ptr<BIGNUM, void (*)(BIGNUM*)> owned(bn, BN_free);
  int const len = pad > 0 ? pad : BN_num_bytes(bn);
  std::string out(static_cast<std::size_t>(len), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), len);
  return base64url_encode(out);
}

std::string raw_signature(test_key const& k, std::string_view input) {
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  require(EVP_DigestSignInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, k.key.get(),
                                nullptr) == 1,
          "sign init");
  auto const* in = reinterpret_cast<unsigned char const*>(input.data());
  std::size_t len = 0;
  require(EVP_DigestSign(ctx.get(), nullptr, &len, in, input.size()) == 1, "sign size");
  std::string sig(len, '\0');
  require(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, in,
                         input.size()) == 1,
          "sign");
  sig.resize(len);
  if (k.alg == jws_alg::rs256) return sig;
  // DER ECDSA-Sig-Value -> raw r||s, 32 bytes each (RFC 7518 §3.4)
  auto const* p = reinterpret_cast<unsigned char const*>(sig.data());
  std::unique_ptr<ECDSA_SIG, void (*)(ECDSA_SIG*)> es(
      d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size())), ECDSA_SIG_free);
  require(es != nullptr, "ECDSA signature");
  std::string raw(64, '\0');
  BN_bn2binpad(ECDSA_SIG_get0_r(es.get()), reinterpret_cast<unsigned char*>(raw.data()), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(es.get()), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
  return raw;
}

std::string encode_json(json::object const& o) { return base64url_encode(dump(json::value(o))); }

}  // namespace

test_key make_rsa_key(std::string kid) {
  EVP_PKEY* k = EVP_RSA_gen(2048);
  require(k != nullptr, "RSA key generation");
  return {std::move(kid), jws_alg::rs256, pkey_ptr(k)};
}

test_key make_ec_key(std::string kid) {
  EVP_PKEY* k = EVP_EC_gen("P-256");
  require(k != nullptr, "P-256 key generation");
  return {std::move(kid), jws_alg::es256, pkey_ptr(k)};
}

json::object public_jwk(test_key const& k) {
  json::object o;
  o["kid"] = k.kid;
  o["use"] = "sig";
  o["alg"] = to_string(k.alg);
  if (k.alg == jws_alg::rs256) {
    o["kty"] = "RSA";
    o["n"] = bn_param(k.key.get(), OSSL_PKEY_PARAM_RSA_N);
    o["e"] = bn_param(k.key.get(), OSSL_PKEY_PARAM_RSA_E);
  } else {
    o["kty"] = "EC";
    o["crv"] = "P-256";
    o["x"] = bn_param(k.key.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32);
    o["y"] = bn_param(k.key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32);
  }
  return o;
}

std::string jwks_json(std::vector<test_key const*> const& keys) {
  json::array a;
  for (auto const* k : keys) a.emplace_back(public_jwk(*k));
  json::object doc;
  doc["keys"] = std::move(a);
  return dump(json::value(std::move(doc)));
}

std::string sign_payload(json::object const& header, std::string_view payload, test_key const& k) {
  std::string input = encode_json(header) + "." + base64url_encode(payload);
  return input + "." + base64url_encode(raw_signature(k, input));
}

std::string sign_with_header(json::object const& header, json::object const& claims,
                             test_key const& k) {
  return sign_payload(header, dump(json::value(claims)), k);
}

std::string sign(json::object const& claims, test_key const& k) {
  json::object header;
  header["alg"] = to_string(k.alg);
  header["kid"] = k.kid;
  header["typ"] = "JWT";
  return sign_with_header(header, claims, k);
}

std::string unsigned_token(json::object const& claims) {
  json::object header;
  header["alg"] = "none";
  return encode_json(header) + "." + encode_json(claims) + ".";
}

std::string hs256_token(json::object const& claims, std::string_view kid, std::string_view secret) {
  json::object header;
  header["alg"] = "HS256";
  header["kid"] = kid;
  std::string input = encode_json(header) + "." + encode_json(claims);
  unsigned char mac[EVP_MAX_MD_SIZE];
  std::size_t len = 0;
  require(EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.data(), secret.size(),
                    reinterpret_cast<unsigned char const*>(input.data()), input.size(), mac,
                    sizeof mac, &len) != nullptr,
          "HMAC");
  return input + "." + base64url_encode(std::span<unsigned char const>(mac, len));
}

json::object claims_for(std::string_view iss, std::string_view aud, std::string_view sub,
                        long long now_seconds, long long ttl_seconds) {
  json::object c;
  c["iss"] = iss;
  c["aud"] = aud;
  c["sub"] = sub;
  c["iat"] = now_seconds;
  c["exp"] = now_seconds + ttl_seconds;
  return c;
}

}  // namespace cityos::auth::testing
