// SPDX-License-Identifier: Apache-2.0
// OpenSSL contexts for the HTTP server and client: TLS 1.2 or newer, no
// compression, no renegotiation; the server offers only forward-secret AEAD
// suites for TLS 1.2 (OpenSSL's defaults for TLS 1.3). A context is built once
// and then shared read-only by every connection (safe from any thread).
#pragma once

#include <string>

#include <boost/asio/ssl/context.hpp>

#include "api/http/http_client.h"
#include "common/result.h"

namespace cityos::api {

// Returns a server context holding the certificate chain of `cert_file` (PEM:
// the server certificate first, then intermediates) and the private key of
// `key_file` (PEM, unencrypted). Errors: bad_request when either is empty,
// cannot be read or parsed, or the key does not match the certificate; the
// detail names the file.
result<boost::asio::ssl::context> make_server_tls_context(std::string const& cert_file,
                                                          std::string const& key_file);

// Returns a client context that verifies the peer's chain as `options` says
// (the host name is checked per connection). Errors: bad_request when
// options.ca_file cannot be read or holds no certificate; unavailable when the
// system's CAs cannot be loaded.
result<boost::asio::ssl::context> make_client_tls_context(client_tls_options const& options);

}  // namespace cityos::api
