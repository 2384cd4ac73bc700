// SPDX-License-Identifier: Apache-2.0
#include "api/http/tls_context.h"

#include <fstream>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace cityos::api {
namespace {

namespace ssl = boost::asio::ssl;

// TLS 1.2 suites with forward secrecy and AEAD (Mozilla's "intermediate" list
// without DHE); TLS 1.3 keeps OpenSSL's default suites.
constexpr char const* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

bool readable(std::string const& file) { return std::ifstream(file).good(); }

// The OpenSSL reason of `ec`, or of the last queued OpenSSL error.
std::string reason(boost::system::error_code ec) {
  if (ec) return ec.message();
  unsigned long const e = ERR_get_error();
  char const* r = e != 0 ? ERR_reason_error_string(e) : nullptr;
  return r != nullptr ? r : "unknown OpenSSL error";
}

error file_error(std::string_view what, std::string const& file, std::string const& why) {
  return make_error(error_code::bad_request,
                    std::string(what) + " '" + file + "' is not usable: " + why);
}

// The protocol floor and options shared by server and client contexts; the
// server also restricts the TLS 1.2 suites (a client keeps OpenSSL's defaults
// so that it still reaches older notification endpoints).
result<void> harden(ssl::context& ctx, bool server) {
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                  ssl::context::no_compression | ssl::context::single_dh_use);
  SSL_CTX* native = ctx.native_handle();
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION);
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      (server && SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1)) {
    return make_error(error_code::internal, "cannot configure TLS: " + reason({}));
  }
  return {};
}

}  // namespace

result<ssl::context> make_server_tls_context(std::string const& cert_file,
                                             std::string const& key_file) {
  if (cert_file.empty() || key_file.empty()) {
    return make_error(error_code::bad_request,
                      cert_file.empty()
                          ? "a TLS private key file was given without a certificate file"
                          : "a TLS certificate file was given without a private key file");
  }
  if (!readable(cert_file)) return file_error("TLS certificate file", cert_file, "cannot be read");
  if (!readable(key_file)) return file_error("TLS private key file", key_file, "cannot be read");
  ERR_clear_error();
  ssl::context ctx(ssl::context::tls_server);
  if (auto r = harden(ctx, true); !r) return std::move(r).err();
  boost::system::error_code ec;
  ctx.use_certificate_chain_file(cert_file, ec);
  if (ec) return file_error("TLS certificate file", cert_file, reason(ec));
  ctx.use_private_key_file(key_file, ssl::context::pem, ec);
  bool const mismatch =
      ec && ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == X509_R_KEY_VALUES_MISMATCH;
  if (ec && !mismatch) return file_error("TLS private key file", key_file, reason(ec));
  if (mismatch || SSL_CTX_check_private_key(ctx.native_handle()) != 1) {
    return file_error("TLS private key file", key_file,
                      "it does not match the certificate in '" + cert_file + "'");
  }
  return ctx;
}

result<ssl::context> make_client_tls_context(client_tls_options const& options) {
  ERR_clear_error();
  ssl::context ctx(ssl::context::tls_client);
  if (auto r = harden(ctx, false); !r) return std::move(r).err();
  boost::system::error_code ec;
  if (!options.verify) {
    ctx.set_verify_mode(ssl::verify_none);
    return ctx;
  }
  if (!options.ca_file.empty()) {
    if (!readable(options.ca_file)) {
      return file_error("CA file", options.ca_file, "cannot be read");
    }
    ctx.load_verify_file(options.ca_file, ec);
    if (ec) return file_error("CA file", options.ca_file, reason(ec));
  } else {
    ctx.set_default_verify_paths(ec);  // the system's CAs (or SSL_CERT_FILE)
    if (ec) {
      return make_error(error_code::unavailable,
                        "cannot load the system's CA certificates: " + reason(ec));
    }
  }
  ctx.set_verify_mode(ssl::verify_peer);
  return ctx;
}

}  // namespace cityos::api
