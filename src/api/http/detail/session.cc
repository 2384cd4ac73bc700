// SPDX-License-Identifier: Apache-2.0
// One HTTP connection: reads requests, calls the server's handler, waits for
// durability when the response asks, writes the response (or a stream), keeps
// its deadline for the worker's sweep, and closes (TLS: with close_notify).
#include <algorithm>
#include <array>
#include <exception>
#include <string>
#include <type_traits>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "api/http/detail/connection_state.h"
#include "api/http/detail/request_target.h"
#include "api/http/detail/response_head.h"
#include "common/text.h"

namespace cityos::api::detail {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using tls_stream = beast::ssl_stream<beast::tcp_stream>;

// Longest wait for a TLS close_notify to be written when a connection ends.
constexpr std::chrono::seconds kTlsShutdownBound{1};

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
    // Waited for after the requests this thread already has ready (the
    // scheduler runs a posted handler after them): the first of their waits
    // commits all their writes in one go, the others find theirs durable.
    asio::post(worker_.ioc, [self = this->shared_from_this(), wait_seq, via] {
      self->wait_durable(wait_seq, via ? *via : self->core_->waiter);
    });
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

void start_session(std::shared_ptr<core> c, worker& w, tcp::socket socket) {
  if (c->tls) {
    auto& tls = *c->tls;
    std::make_shared<session<tls_stream>>(std::move(c), w, std::move(socket), tls)->start();
  } else {
    std::make_shared<session<beast::tcp_stream>>(std::move(c), w, std::move(socket))->start();
  }
}

}  // namespace cityos::api::detail
