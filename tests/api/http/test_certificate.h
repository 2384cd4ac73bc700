// SPDX-License-Identifier: Apache-2.0
// Test certificates made with the OpenSSL C API (no openssl command needed):
// a self-signed P-256 certificate for localhost and 127.0.0.1, written as PEM.
#pragma once

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace cityos::api::testing {

struct certificate_files {
  std::filesystem::path cert;  // PEM certificate (also usable as the CA file)
  std::filesystem::path key;   // PEM private key, unencrypted
};

namespace detail {

struct openssl_free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
  void operator()(std::FILE* p) const { std::fclose(p); }
};
template <typename T>
using owned = std::unique_ptr<T, openssl_free>;

inline bool add_extension(X509* cert, int nid, char const* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  owned<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

inline bool write_pem(std::filesystem::path const& path, auto&& write) {
  owned<std::FILE> f(std::fopen(path.c_str(), "w"));
  return f && write(f.get()) == 1;
}

}  // namespace detail

// Writes `name`.pem and `name`.key into `dir`, valid from a minute ago for a
// day. Returns false if OpenSSL or the file system fails.
inline bool make_self_signed(std::filesystem::path const& dir, std::string const& name,
                             certificate_files& out) {
  using detail::owned;
  owned<EVP_PKEY> key(EVP_EC_gen("P-256"));
  owned<X509> cert(X509_new());
  if (!key || !cert) return false;
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86'400);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* subject = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                             reinterpret_cast<unsigned char const*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), subject);
  if (!detail::add_extension(cert.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1") ||
      !detail::add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE") ||
      X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
    return false;
  }
  out.cert = dir / (name + ".pem");
  out.key = dir / (name + ".key");
  return detail::write_pem(out.cert, [&](std::FILE* f) { return PEM_write_X509(f, cert.get()); }) &&
         detail::write_pem(out.key, [&](std::FILE* f) {
           return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
         });
}

}  // namespace cityos::api::testing
