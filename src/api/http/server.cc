// SPDX-License-Identifier: Apache-2.0
#include "api/http/server.h"
#include "common/text.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "api/http/detail/request_target.h"
#include "api/http/detail/response_head.h"
#include "api/http/tls_context.h"
#include "common/huge_pages.h"
#include "common/json.h"

namespace cityos::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using tls_stream = beast::ssl_stream<beast::tcp_stream>;
using detail::body_expected;
using detail::parse_target;
using detail::problem_response;
using detail::to_upper;

using clock_type = std::chrono::steady_clock;

// Longest wait for a TLS close_notify to be written when a connection ends.
constexpr std::chrono::seconds kTlsShutdownBound{1};

// How often a worker looks for connections past their deadline: a quarter of
// the idle timeout, between 10 ms and 1 s.
clock_type::duration sweep_period(std::chrono::milliseconds idle_timeout) {
  return std::clamp<clock_type::duration>(idle_timeout / 4, std::chrono::milliseconds(10),
                                          std::chrono::seconds(1));
}

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
  asio::steady_timer sweep{ioc};  // fires every sweep_period(): on_sweep() of each session
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

// One connection over `Stream`: beast::tcp_stream (plain) or tls_stream.
template <typename Stream>
class session : public session_base, public std::enable_shared_from_this<session<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, tls_stream>;

 public:
  // `stream_args`: the accepted socket, then for TLS the server's context
  // (which lives in *c).
  template <typename... Args>
  session(std::shared_ptr<core> c, worker& w, Args&&... stream_args)
      : core_(std::move(c)), worker_(w), stream_(std::forward<Args>(stream_args)...) {
    std::lock_guard lock(core_->live_mutex);
    ++core_->live;
  }

  ~session() override {
    {
      std::lock_guard lock(worker_.mutex);
      worker_.sessions.erase(this);
    }
    beast::error_code ec;
    lowest().socket().close(ec);
    std::lock_guard lock(core_->live_mutex);
    --core_->live;
    core_->live_cv.notify_all();
  }

  // On the worker thread, right after construction.
  void start() {
    {
      std::lock_guard lock(worker_.mutex);
      worker_.sessions.emplace(this, this->weak_from_this());
    }
    if constexpr (kTls) {
      arm(core_->options.idle_timeout);
      stream_.async_handshake(asio::ssl::stream_base::server,
                              beast::bind_front_handler(&session::on_handshake,
                                                        this->shared_from_this()));
    } else {
      read_next();
    }
  }

  void on_stop() override {
    if (stream_body_) {  // a stream never ends on its own: end it now
      stream_body_->cancel();
      stream_body_.reset();
      if constexpr (kTls) lowest().cancel();
      else stream_.close();
      return;
    }
    bool idle = !busy_ && buffer_.size() == 0 && (!parser_ || !parser_->got_some());
    if (!idle) return;
    // TLS: the cancelled read (or handshake) ends in close(), which says close_notify.
    if constexpr (kTls) lowest().cancel();
    else stream_.close();
  }

  void force_close() override { lowest().close(); }

  void on_sweep(clock_type::time_point now) override {
    if (now < deadline_) return;
    deadline_ = clock_type::time_point::max();
    lowest().close();
  }

 private:
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  // The connection is closed if the current step is not done within `d`.
  void arm(clock_type::duration d) { deadline_ = clock_type::now() + d; }
  void disarm() { deadline_ = clock_type::time_point::max(); }

  void on_handshake(beast::error_code ec) {
    // A failed handshake (plain HTTP, a scanner, a timeout) just ends the connection.
    if (ec) return lowest().close();
    read_next();
  }

  void read_next() {
    busy_ = false;
    if (core_->stopping.load()) return close();
    parser_.emplace();
    parser_->body_limit(core_->options.max_body_bytes);
    parser_->header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(core_->options.max_header_bytes, UINT32_MAX)));
    arm(core_->options.idle_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&session::on_header, this->shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    busy_ = true;
    if (parser_->is_done()) return handle();
    auto const& req = parser_->get();
    auto expect = req.find(http::field::expect);
    if (expect != req.end() && beast::iequals(expect->value(), "100-continue")) {
      // curl sends larger bodies only after "100 Continue".
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        beast::bind_front_handler(&session::on_continue, this->shared_from_this()));
      return;
    }
    read_body();
  }

  void on_continue(beast::error_code ec, std::size_t) {
    if (ec) return close();
    read_body();
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&session::on_body, this->shared_from_this()));
  }

  void on_body(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    handle();
  }

  void on_read_error(beast::error_code ec) {
    if (ec == http::error::end_of_stream) return close();
    if (ec == http::error::body_limit) {
      return send_problem(413, "Request entity too large",
                          "the request body exceeds " +
                              std::to_string(core_->options.max_body_bytes) + " bytes");
    }
    if (ec == http::error::header_limit) {
      return send_problem(431, "Request header fields too large",
                          "the request header exceeds " +
                              std::to_string(core_->options.max_header_bytes) + " bytes");
    }
    if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
      return send_problem(400, "Malformed HTTP request", ec.message());
    }
    close();  // timeout, reset, cancelled: nobody to answer
  }

  // Converts the parsed message, calls the handler and answers.
  void handle() {
    disarm();  // the request is read; its handling and durability wait have no deadline
    auto& msg = parser_->get();
    http_request req;
    req.has_content_length = parser_->content_length().has_value() || parser_->chunked();
    req.method = to_upper(msg.method_string());
    req.target = std::string(msg.target());
    req.headers.reserve(std::distance(msg.begin(), msg.end()));
    for (auto const& f : msg) req.headers.emplace_back(to_lower(f.name_string()), f.value());
    req.body = std::move(msg.body());
    if (remote_.empty()) {  // once per connection
      beast::error_code ec;
      auto const ep = lowest().socket().remote_endpoint(ec);
      if (!ec) remote_ = ep.address().to_string() + ":" + std::to_string(ep.port());
    }
    req.remote = remote_;
    version_ = msg.version();
    keep_alive_ = msg.keep_alive();
    head_ = req.method == "HEAD";
    if (!parse_target(req)) {
      return send_problem(400, "Malformed request target",
                          "the request target is not a valid origin-form URI");
    }
    http_response res = call_handler(req);
    if (res.stream && !head_) return start_stream(std::move(res));
    std::uint64_t const wait_seq = res.wait_seq;
    auto const* via = res.wait_via;
    prepare(std::move(res));
    if (wait_seq == 0 || (!via && !core_->waiter)) return write();
    wait_durable(wait_seq, via ? *via : core_->waiter);
  }

  http_response call_handler(http_request& req) {
    try {
      return core_->handler(req);
    } catch (std::exception const& e) {
      return problem_response(500, "InternalError", std::string("unexpected error: ") + e.what(),
                              "https://uri.etsi.org/ngsi-ld/errors/InternalError");
    } catch (...) {
      return problem_response(500, "InternalError", "unexpected error",
                              "https://uri.etsi.org/ngsi-ld/errors/InternalError");
    }
  }

  // Hands `seq` to `waiter`; the response is written once it calls back.
  void wait_durable(std::uint64_t seq, durability_waiter const& waiter) {
    waiting_seq_.store(seq);
    auto self = this->shared_from_this();
    auto done = [self, seq] {
      std::uint64_t expected = seq;
      if (!self->waiting_seq_.compare_exchange_strong(expected, 0)) return;  // called twice
      post_to(self->worker_, [self] { self->write(); });
    };
    std::string failure;
    try {
      waiter(seq, std::move(done));
      return;
    } catch (std::exception const& e) {
      failure = e.what();
    } catch (...) {
      failure = "unknown exception";
    }
    std::uint64_t expected = seq;
    if (!waiting_seq_.compare_exchange_strong(expected, 0)) return;  // done already ran
    prepare(problem_response(500, "InternalError", "durability wait failed: " + failure,
                             "https://uri.etsi.org/ngsi-ld/errors/InternalError"));
    write();
  }

  void send_problem(int status, std::string_view title, std::string detail) {
    busy_ = true;
    keep_alive_ = false;
    head_ = false;
    version_ = 11;
    prepare(problem_response(status, title, std::move(detail)));
    write();
  }

  // Keeps `res` for write(), which serializes it (the Connection field is
  // known only then).
  void prepare(http_response res) {
    if (!body_expected(res)) res.body.clear();
    res_ = std::move(res);
  }

  // Sends the head of a streamed response, then its chunks as they come.
  void start_stream(http_response res) {
    stream_body_ = std::move(res.stream);
    keep_alive_ = false;
    stream_chunk_ = detail::response_head(res, 1, false, /*streamed=*/true);
    write_chunk();
  }

  void write_chunk() {
    arm(core_->options.idle_timeout);
    asio::async_write(stream_, asio::buffer(stream_chunk_),
                      beast::bind_front_handler(&session::on_chunk_written, this->shared_from_this()));
  }

  void on_chunk_written(beast::error_code ec, std::size_t) {
    if (ec || !stream_body_ || core_->stopping.load()) return end_stream();
    disarm();  // no timeout while waiting for the producer
    auto self = this->shared_from_this();
    stream_body_->next([self](std::optional<std::string> chunk) {
      post_to(self->worker_, [self, chunk = std::move(chunk)]() mutable {
        if (!chunk || !self->stream_body_) return self->end_stream();
        self->stream_chunk_ = std::move(*chunk);
        self->write_chunk();
      });
    });
  }

  void end_stream() {
    if (stream_body_) {
      stream_body_->cancel();
      stream_body_.reset();
    }
    close();
  }

  // Sends res_ as one write of its head and body (Beast's serializer costs
  // more than the rest of a small request's handling).
  void write() {
    if (core_->stopping.load()) keep_alive_ = false;
    head_text_ = detail::response_head(res_, version_ == 10 ? 0 : 1, keep_alive_);
    std::array<asio::const_buffer, 2> const buffers{
        asio::buffer(head_text_), head_ ? asio::const_buffer() : asio::buffer(res_.body)};
    arm(core_->options.idle_timeout);
    asio::async_write(stream_, buffers,
                      beast::bind_front_handler(&session::on_write, this->shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec || !keep_alive_) return close();
    read_next();
  }

  void close() {
    if constexpr (kTls) {
      if (!lowest().socket().is_open()) return;  // force-closed or timed out
      // Send close_notify without waiting for the peer's (as browsers and
      // curl close without one), bounded in case the peer reads nothing.
      SSL* ssl = stream_.native_handle();
      SSL_set_shutdown(ssl, SSL_get_shutdown(ssl) | SSL_RECEIVED_SHUTDOWN);
      arm(std::min<clock_type::duration>(core_->options.idle_timeout, kTlsShutdownBound));
      stream_.async_shutdown(
          beast::bind_front_handler(&session::on_tls_shutdown, this->shared_from_this()));
    } else {
      close_socket();
    }
  }

  void on_tls_shutdown(beast::error_code) { close_socket(); }

  void close_socket() {
    beast::error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
    lowest().close();
  }

  std::shared_ptr<core> core_;
  worker& worker_;  // lives in *core_
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http_response res_;       // the response being sent
  std::string head_text_;   // its serialized head
  std::atomic<std::uint64_t> waiting_seq_{0};  // seq whose done() is awaited, 0: none
  std::shared_ptr<response_stream> stream_body_;  // set while a streamed response is sent
  std::string stream_chunk_;                       // the chunk being written
  bool busy_ = false;                          // a request is being handled or answered
  bool keep_alive_ = true;
  std::string remote_;  // peer address "ip:port", for the access log and audit
  bool head_ = false;
  unsigned version_ = 11;
  clock_type::time_point deadline_ = clock_type::time_point::max();  // see arm()
};

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
        if (c->tls) {
          std::make_shared<session<tls_stream>>(c, w, std::move(s), *c->tls)->start();
        } else {
          std::make_shared<session<beast::tcp_stream>>(c, w, std::move(s))->start();
        }
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
  for (auto& w : c->workers) {
    impl::sweep(*w, sweep_period(c->options.idle_timeout));
    impl_->guards_.push_back(asio::make_work_guard(w->ioc));
    impl_->threads_.emplace_back([&w = *w, arena] {
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
