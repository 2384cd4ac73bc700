// SPDX-License-Identifier: Apache-2.0
#include "api/http/server.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>

#include "api/http/detail/connection_state.h"
#include "api/http/tls_context.h"
#include "common/huge_pages.h"
#include "common/thread_name.h"

namespace cityos::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using detail::clock_type;
using detail::core;
using detail::post_to;
using detail::session_base;
using detail::worker;

// How often a worker looks for connections past their deadline: a quarter of
// the idle timeout, between 10 ms and 1 s.
clock_type::duration sweep_period(std::chrono::milliseconds idle_timeout) {
  return std::clamp<clock_type::duration>(idle_timeout / 4, std::chrono::milliseconds(10),
                                          std::chrono::seconds(1));
}

}  // namespace

struct http_server::impl {
  std::shared_ptr<core> core_;  // first: destroyed last
  std::optional<tcp::acceptor> acceptor_;
  std::optional<asio::steady_timer> retry_timer_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
  std::size_t next_worker_ = 0;
  unsigned short port_ = 0;
  bool running_ = false;

  result<void> listen(server_options const& options) {
    auto& ioc = core_->workers.front()->ioc;
    beast::error_code ec;
    tcp::resolver resolver(ioc);
    auto endpoints = resolver.resolve(options.host, std::to_string(options.port), ec);
    if (ec || endpoints.empty()) {
      return make_error(error_code::unavailable,
                        "cannot resolve listen address '" + options.host + "': " + ec.message());
    }
    tcp::endpoint endpoint = endpoints.begin()->endpoint();
    std::string where = options.host + ":" + std::to_string(options.port);
    acceptor_.emplace(ioc);
    acceptor_->open(endpoint.protocol(), ec);
    if (!ec) acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_->bind(endpoint, ec);
    if (ec) {
      return make_error(error_code::unavailable,
                        "cannot listen on " + where + ": " + ec.message() +
                            (ec == asio::error::address_in_use ? " (is another server running?)" : ""));
    }
    acceptor_->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return make_error(error_code::unavailable, "cannot listen on " + where + ": " + ec.message());
    port_ = acceptor_->local_endpoint().port();
    retry_timer_.emplace(ioc);
    return {};
  }

  // Accepts the next connection into the next worker's io_context (round robin).
  void accept_next() {
    worker& w = *core_->workers[next_worker_++ % core_->workers.size()];
    acceptor_->async_accept(w.ioc, [this, &w](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || core_->stopping.load()) return;
      if (ec) {  // e.g. out of file descriptors: back off instead of spinning
        retry_timer_->expires_after(std::chrono::milliseconds(50));
        retry_timer_->async_wait([this](beast::error_code wait_ec) {
          if (!wait_ec && !core_->stopping.load()) accept_next();
        });
        return;
      }
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      post_to(w, [c = core_, &w, s = std::move(socket)]() mutable {
        detail::start_session(std::move(c), w, std::move(s));
      });
      accept_next();
    });
  }

  // Closes the sessions of `w` past their deadline every `period`, until the
  // timer is cancelled (stop).
  static void sweep(worker& w, clock_type::duration period) {
    w.sweep.expires_after(period);
    w.sweep.async_wait([&w, period](beast::error_code ec) {
      if (ec) return;
      auto const now = clock_type::now();
      for (auto& s : sessions_of(w)) s->on_sweep(now);
      sweep(w, period);
    });
  }

  static void run_worker(worker& w) {
    for (;;) {
      try {
        w.ioc.run();
        return;
      } catch (...) {
        // A throwing completion handler must not end the I/O thread.
      }
    }
  }

  // Returns strong references to the live sessions of `w`.
  static std::vector<std::shared_ptr<session_base>> sessions_of(worker& w) {
    std::vector<std::shared_ptr<session_base>> out;
    std::lock_guard lock(w.mutex);
    for (auto& [ptr, weak] : w.sessions) {
      if (auto s = weak.lock()) out.push_back(std::move(s));
    }
    return out;
  }

  void shutdown_threads() {
    for (auto& g : guards_) g.reset();
    for (auto& w : core_->workers) w->ioc.stop();
    for (auto& t : threads_) t.join();
    threads_.clear();
    guards_.clear();
    beast::error_code ec;
    if (acceptor_) acceptor_->close(ec);
    if (retry_timer_) retry_timer_->cancel();
    for (auto& w : core_->workers) {
      {
        std::lock_guard lock(w->mutex);
        w->closed = true;
      }
      w->sweep.cancel();
      for (auto& s : sessions_of(*w)) s->force_close();
      // Run the cancelled operations' handlers so sessions release themselves.
      w->ioc.restart();
      try {
        w->ioc.poll();
      } catch (...) {
      }
    }
    acceptor_.reset();
    retry_timer_.reset();
  }
};

http_server::http_server() : impl_(std::make_unique<impl>()) {}

http_server::~http_server() { stop(std::chrono::milliseconds(0)); }

result<void> http_server::start(server_options options, request_handler handler,
                                durability_waiter waiter) {
  if (impl_->running_) return make_error(error_code::internal, "the HTTP server already runs");
  if (!handler) return make_error(error_code::internal, "no request handler given");
  auto c = std::make_shared<core>();
  c->options = std::move(options);
  c->handler = std::move(handler);
  c->waiter = std::move(waiter);
  if (!c->options.tls_cert_file.empty() || !c->options.tls_key_file.empty()) {
    auto tls = make_server_tls_context(c->options.tls_cert_file, c->options.tls_key_file);
    if (!tls) return std::move(tls).err();
    c->tls.emplace(std::move(*tls));
  }
  unsigned threads = std::max(1u, c->options.threads);
  for (unsigned i = 0; i < threads; ++i) c->workers.push_back(std::make_unique<worker>());
  impl_ = std::make_unique<impl>();
  impl_->core_ = c;
  if (auto r = impl_->listen(c->options); !r) {
    impl_ = std::make_unique<impl>();
    return r;
  }
  impl_->accept_next();
  // Requests allocate in the I/O threads (bodies, entities, new entities'
  // stored form): one huge-page arena for them, fewer page faults.
  std::optional<huge_page_arena> arena;
  if (c->options.huge_pages) arena = huge_page_arena::create();
  for (std::size_t i = 0; i < c->workers.size(); ++i) {
    auto& w = c->workers[i];
    impl::sweep(*w, sweep_period(c->options.idle_timeout));
    impl_->guards_.push_back(asio::make_work_guard(w->ioc));
    impl_->threads_.emplace_back([&w = *w, arena, i] {
      name_this_thread("http-" + std::to_string(i));
      huge_page_scope scope(arena);
      impl::run_worker(w);
    });
  }
  impl_->running_ = true;
  return {};
}

unsigned short http_server::port() const { return impl_->running_ ? impl_->port_ : 0; }

bool http_server::tls() const { return impl_->running_ && impl_->core_->tls.has_value(); }

void http_server::stop(std::chrono::milliseconds grace) {
  if (!impl_ || !impl_->running_) return;
  auto& c = *impl_->core_;
  c.stopping.store(true);
  impl* self = impl_.get();
  asio::post(c.workers.front()->ioc, [self] {
    beast::error_code ec;
    self->acceptor_->close(ec);
    self->retry_timer_->cancel();
  });
  for (auto& w : c.workers) {
    post_to(*w, [&w = *w] {
      for (auto& s : impl::sessions_of(w)) s->on_stop();
    });
  }
  {
    std::unique_lock lock(c.live_mutex);
    c.live_cv.wait_for(lock, grace, [&c] { return c.live == 0; });
  }
  impl_->shutdown_threads();
  impl_->running_ = false;
  impl_->port_ = 0;
}

}  // namespace cityos::api
