// SPDX-License-Identifier: Apache-2.0
// What the HTTP server's acceptor and its connections share: the I/O threads
// (workers), the server-wide state (core) and the interface the server keeps
// of a connection (session_base). Private to api/http.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>

#include "api/http/server.h"

namespace cityos::api::detail {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

// What the server needs of a session when it stops (the only virtual calls:
// the per-request path is compiled for each stream type).
class session_base {
 public:
  virtual ~session_base() = default;
  // On the worker thread when the server stops: an idle connection is closed,
  // a busy one closes after its response.
  virtual void on_stop() = 0;
  // Once the worker thread has ended: closes the socket, cancelling all operations.
  virtual void force_close() = 0;
  // On the worker thread, by its periodic sweep: closes the connection if it
  // is past its deadline (its pending operations end with an error).
  virtual void on_sweep(clock_type::time_point now) = 0;
};

// One I/O thread's world: its io_context and the sessions living on it.
// Deadlines are kept by the sessions and checked by one periodic timer per
// worker (instead of a timer armed and cancelled around every read and write).
struct worker {
  asio::io_context ioc{1};
  asio::steady_timer sweep{ioc};  // periodic (server.cc): on_sweep() of each session
  std::mutex mutex;  // guards sessions and closed
  std::unordered_map<session_base*, std::weak_ptr<session_base>> sessions;  // live sessions
  bool closed = false;  // the I/O thread has ended: nothing may be posted any more
};

// State shared by the server and its sessions; a session (or a pending
// durability callback holding one) may outlive the http_server object.
struct core {
  server_options options;
  request_handler handler;
  durability_waiter waiter;
  std::optional<asio::ssl::context> tls;  // set: every connection speaks TLS
  std::vector<std::unique_ptr<worker>> workers;
  std::atomic<bool> stopping{false};
  std::mutex live_mutex;
  std::condition_variable live_cv;
  std::size_t live = 0;  // guarded by live_mutex: sessions not yet destroyed
};

// Posts `f` to `w` unless its thread has ended. Returns whether it was posted.
template <typename F>
bool post_to(worker& w, F&& f) {
  std::lock_guard lock(w.mutex);
  if (w.closed) return false;
  asio::post(w.ioc, std::forward<F>(f));
  return true;
}

// Starts serving the accepted `socket` on `w` (TLS if c->tls is set). On w's thread.
void start_session(std::shared_ptr<core> c, worker& w, asio::ip::tcp::socket socket);

}  // namespace cityos::api::detail
