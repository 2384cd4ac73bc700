// SPDX-License-Identifier: Apache-2.0
// http_server: an HTTP/1.1 server on Boost.Beast that knows no routes. It parses
// requests into http_request, calls one request_handler and writes the response
// (keep-alive, pipelined requests answered in order), over plain TCP or TLS. start() and stop() must be
// called from one controlling thread; the handler runs on the I/O threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/http/message.h"
#include "common/result.h"

namespace cityos::api {

struct server_options {
  std::string host = "127.0.0.1";
  unsigned short port = 1026;  // 0: an ephemeral port, see http_server::port()
  unsigned threads = 2;        // I/O threads, each with its own io_context
  std::size_t max_body_bytes = std::size_t{64} << 20;    // larger bodies: 413
  std::size_t max_header_bytes = std::size_t{64} << 10;  // larger headers: 431
  // Longest wait for a TLS handshake, a request (from the end of the previous
  // response to its last byte) and a response's write; a connection past it is
  // closed, checked every quarter of it (at most every second, at least every 10 ms).
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};
  bool huge_pages = true;  // I/O threads allocate from a huge-page arena (common/huge_pages.h) when there is one
  // Both set: every connection speaks TLS (1.2 or newer). PEM files: the
  // certificate file holds the server certificate, then any intermediates;
  // the key file an unencrypted private key. Both empty: plain HTTP.
  std::string tls_cert_file;
  std::string tls_key_file;
};

// Called on an I/O thread for each request; may throw (the client gets a 500).
using request_handler = std::function<http_response(http_request&)>;
// Calls `done` (from any thread) once commit `seq` is durable. The server holds
// the response whose wait_seq is `seq` until then.
using durability_waiter = std::function<void(std::uint64_t seq, std::function<void()> done)>;

class http_server {
 public:
  http_server();
  ~http_server();  // stops with no grace if still running
  http_server(http_server const&) = delete;
  http_server& operator=(http_server const&) = delete;

  // Binds, listens and starts the I/O threads. `waiter` may be empty (wait_seq
  // is then ignored). Errors: bad_request (naming the file) if only one of the
  // TLS files is set, or one cannot be read or parsed, or the key does not
  // match the certificate; unavailable if the address cannot be resolved or
  // the port is taken; internal if the server already runs.
  result<void> start(server_options options, request_handler handler,
                     durability_waiter waiter = {});

  // The port actually bound (useful with port 0); 0 when not running.
  unsigned short port() const;
  // Whether the running server speaks TLS; false when not running.
  bool tls() const;

  // Stops gracefully: stops accepting, closes idle keep-alive connections, lets
  // in-flight requests finish and their responses be written (Connection:
  // close), and after `grace` closes whatever is left. Blocks until the I/O
  // threads have ended. No-op when not running. Must not be called from a
  // request handler or a durability callback (it would wait for itself).
  void stop(std::chrono::milliseconds grace);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cityos::api
