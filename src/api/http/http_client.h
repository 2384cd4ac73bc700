// SPDX-License-Identifier: Apache-2.0
// A small synchronous HTTP/1.1 client (plain TCP or TLS, keep-alive) for
// notifications, fetching remote @contexts, tests and benchmarks. An http_client object is not
// thread-safe: use one per thread. http_get() is thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace cityos::api {

struct client_response {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  // Returns the first header named `name` (lower case), or nullptr.
  std::string const* header(std::string_view name) const {
    for (auto const& [k, v] : headers) {
      if (k == name) return &v;
    }
    return nullptr;
  }
};

using client_headers = std::vector<std::pair<std::string, std::string>>;

// How a client checks the TLS servers it talks to.
struct client_tls_options {
  bool verify = true;   // false: accept any certificate and name (tests only)
  std::string ca_file;  // PEM file of the only trusted CAs; empty: the system's (or SSL_CERT_FILE)
};

// The parts of an http:// or https:// URL a request needs.
struct http_url {
  bool tls = false;  // https
  std::string host;
  unsigned short port = 80;  // 443 for https unless given
  std::string target;        // path and query, "/" at least
};

// Parses an absolute http:// or https:// URL. Errors: not_supported (another
// scheme), invalid_request (malformed, no host, port 0).
result<http_url> parse_http_url(std::string_view url);

class http_client {
 public:
  // `tls` says how connect_tls() checks servers (default: the system's CAs).
  explicit http_client(std::chrono::milliseconds timeout = std::chrono::seconds(10),
                       client_tls_options tls = {});
  ~http_client();
  http_client(http_client const&) = delete;
  http_client& operator=(http_client const&) = delete;
  http_client(http_client&&) noexcept;
  http_client& operator=(http_client&&) noexcept;

  // Connects to host:port (closing any previous connection). Errors: unavailable
  // (resolution failed, refused, timed out).
  result<void> connect(std::string_view host, unsigned short port);
  // Connects with TLS: the server's certificate must chain to the CAs of the
  // options' ca_file, or else the system's (or those in SSL_CERT_FILE), and
  // name `host`; with verify off anything is accepted. Errors: unavailable (as
  // connect(), or the handshake or verification failed; the detail says),
  // bad_request (the options' ca_file is unusable).
  result<void> connect_tls(std::string_view host, unsigned short port);
  // connect() or connect_tls(), as `url` asks.
  result<void> connect(http_url const& url);

  // Sends one request and reads its response. Host, User-Agent and (for a
  // body or POST/PUT/PATCH) Content-Length are set unless `headers` has them.
  // Errors: unavailable (not connected, connection closed or reset, timeout),
  // invalid_request (the response could not be parsed). After an error or a
  // response with "Connection: close" the client is disconnected.
  result<client_response> request(std::string_view method, std::string_view target,
                                  client_headers const& headers = {},
                                  std::string_view body = {});

  // Writes raw bytes (tests: pipelining, malformed requests). Errors: unavailable.
  result<void> send_raw(std::string_view bytes);
  // Reads one response (to a request sent with send_raw). `head`: the request
  // was HEAD, so no body follows. Errors as request().
  result<client_response> read_response(bool head = false);

  bool connected() const;
  void close();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// GETs an http:// or https:// URL (following up to 5 redirects) and returns the
// body of its 2xx response. Errors: not_supported for other schemes,
// invalid_request for a malformed URL, unavailable for network errors, timeouts
// and non-2xx answers (the detail names the status).
result<std::string> http_get(std::string_view url, std::chrono::milliseconds timeout);

}  // namespace cityos::api
