// SPDX-License-Identifier: Apache-2.0
#include "api/http/http_client.h"
#include "api/http/tls_context.h"
#include "common/text.h"

#include <cctype>
#include <optional>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url.hpp>

namespace cityos::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace urls = boost::urls;
using tcp = asio::ip::tcp;

constexpr std::size_t kMaxResponseBody = std::size_t{256} << 20;
constexpr int kMaxRedirects = 5;

error io_error(std::string_view what, beast::error_code ec) {
  std::string detail = "http client: " + std::string(what) + ": ";
  detail += ec == beast::error::timeout ? std::string("timed out") : ec.message();
  return make_error(error_code::unavailable, std::move(detail));
}

}  // namespace

struct http_client::impl {
  impl(std::chrono::milliseconds t, client_tls_options o) : timeout(t), tls_options(std::move(o)) {}

  std::chrono::milliseconds timeout;
  client_tls_options tls_options;
  asio::io_context ioc{1};
  std::optional<beast::tcp_stream> stream;                       // plain connection
  std::optional<asio::ssl::context> tls_context;                 // made on first TLS use
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;       // TLS connection
  beast::flat_buffer buffer;
  std::string host_header;

  bool connected() const { return stream.has_value() || tls.has_value(); }
  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *stream; }

  // Calls `f` with the connection's stream (TLS or plain).
  template <typename F>
  void with_stream(F&& f) {
    if (tls) f(*tls);
    else f(*stream);
  }

  // Runs one asynchronous operation started by `start` under the timeout.
  template <typename Start>
  beast::error_code run(Start&& start) {
    beast::error_code result = asio::error::would_block;
    lowest().expires_after(timeout);
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  void disconnect() {
    if (!connected()) return;
    beast::error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    lowest().close();
    tls.reset();
    stream.reset();
    buffer.clear();
  }
};

http_client::http_client(std::chrono::milliseconds timeout, client_tls_options tls)
    : impl_(std::make_unique<impl>(timeout, std::move(tls))) {}

http_client::~http_client() {
  if (impl_) impl_->disconnect();
}

http_client::http_client(http_client&&) noexcept = default;
http_client& http_client::operator=(http_client&&) noexcept = default;

bool http_client::connected() const { return impl_ && impl_->connected(); }

void http_client::close() { impl_->disconnect(); }

result<void> http_client::connect(std::string_view host, unsigned short port) {
  impl_->disconnect();
  beast::error_code ec;
  tcp::resolver resolver(impl_->ioc);
  auto endpoints = resolver.resolve(std::string(host), std::to_string(port), ec);
  if (ec) return io_error("resolve " + std::string(host), ec);
  impl_->stream.emplace(impl_->ioc);
  ec = impl_->run([&](auto handler) { impl_->stream->async_connect(endpoints, handler); });
  if (ec) {
    impl_->disconnect();
    return io_error("connect to " + std::string(host) + ":" + std::to_string(port), ec);
  }
  beast::error_code ignored;
  impl_->stream->socket().set_option(tcp::no_delay(true), ignored);
  impl_->host_header = std::string(host) + ":" + std::to_string(port);
  return {};
}

result<void> http_client::connect_tls(std::string_view host, unsigned short port) {
  auto& i = *impl_;
  if (!i.tls_context) {
    auto made = make_client_tls_context(i.tls_options);
    if (!made) {
      i.disconnect();
      return make_error(made.err().code, "http client: " + made.err().detail);
    }
    i.tls_context.emplace(std::move(*made));
  }
  if (auto r = connect(host, port); !r) return r;
  i.tls.emplace(std::move(*i.stream), *i.tls_context);
  i.stream.reset();
  std::string const name(host);
  // SNI, and the certificate must name the host.
  if (!SSL_set_tlsext_host_name(i.tls->native_handle(), name.c_str())) {
    i.disconnect();
    return make_error(error_code::unavailable, "http client: cannot set the TLS server name");
  }
  if (i.tls_options.verify) i.tls->set_verify_callback(asio::ssl::host_name_verification(name));
  auto ec = i.run([&](auto handler) {
    i.tls->async_handshake(asio::ssl::stream_base::client, handler);
  });
  if (ec) {
    i.disconnect();
    return io_error("TLS handshake with " + name + ":" + std::to_string(port), ec);
  }
  return {};
}

result<void> http_client::send_raw(std::string_view bytes) {
  if (!impl_->connected()) return make_error(error_code::unavailable, "http client: not connected");
  auto ec = impl_->run([&](auto handler) {
    impl_->with_stream([&](auto& s) {
      asio::async_write(s, asio::buffer(bytes.data(), bytes.size()), handler);
    });
  });
  if (ec) {
    impl_->disconnect();
    return io_error("write", ec);
  }
  return {};
}

result<client_response> http_client::request(std::string_view method, std::string_view target,
                                             client_headers const& headers,
                                             std::string_view body) {
  if (!impl_->connected()) return make_error(error_code::unavailable, "http client: not connected");
  http::request<http::string_body> req;
  req.version(11);
  http::verb verb = http::string_to_verb(method);
  if (verb == http::verb::unknown) req.method_string(method);
  else req.method(verb);
  req.target(target);
  req.set(http::field::host, impl_->host_header);
  req.set(http::field::user_agent, "cityos");
  for (auto const& [name, value] : headers) req.set(name, value);
  req.body() = std::string(body);
  bool wants_length = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
  if (wants_length && req.find(http::field::content_length) == req.end()) {
    req.content_length(body.size());
  }
  auto ec = impl_->run([&](auto handler) {
    impl_->with_stream([&](auto& s) { http::async_write(s, req, handler); });
  });
  if (ec) {
    impl_->disconnect();
    return io_error("write", ec);
  }
  return read_response(method == "HEAD");
}

result<client_response> http_client::read_response(bool head) {
  if (!impl_->connected()) return make_error(error_code::unavailable, "http client: not connected");
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxResponseBody);
  if (head) parser.skip(true);
  auto ec = impl_->run([&](auto handler) {
    impl_->with_stream([&](auto& s) { http::async_read(s, impl_->buffer, parser, handler); });
  });
  if (ec) {
    impl_->disconnect();
    if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      return make_error(error_code::invalid_request, "http client: bad response: " + ec.message());
    }
    return io_error("read", ec);
  }
  auto& msg = parser.get();
  client_response out;
  out.status = static_cast<int>(msg.result_int());
  for (auto const& f : msg) out.headers.emplace_back(to_lower(f.name_string()), f.value());
  out.body = std::move(msg.body());
  if (!msg.keep_alive()) impl_->disconnect();
  return out;
}

namespace {

result<http_url> split_url(urls::url_view u) {
  std::string scheme = to_lower(u.scheme());
  if (scheme != "http" && scheme != "https") {
    return make_error(error_code::not_supported,
                      "only http:// and https:// URLs can be fetched, not '" + scheme + ":'");
  }
  http_url out;
  out.tls = scheme == "https";
  if (out.tls) out.port = 443;
  out.host = u.host_address();
  if (out.host.empty()) return make_error(error_code::invalid_request, "URL without a host");
  if (u.has_port()) {
    if (u.port_number() == 0) return make_error(error_code::invalid_request, "URL with a bad port");
    out.port = u.port_number();
  }
  out.target = u.encoded_path().empty() ? std::string("/") : std::string(u.encoded_path());
  if (u.has_query()) out.target += "?" + std::string(u.encoded_query());
  return out;
}

}  // namespace

result<http_url> parse_http_url(std::string_view url) {
  auto parsed = urls::parse_uri(url);
  if (!parsed) {
    return make_error(error_code::invalid_request, "malformed URL '" + std::string(url) + "'");
  }
  return split_url(*parsed);
}

result<void> http_client::connect(http_url const& url) {
  return url.tls ? connect_tls(url.host, url.port) : connect(url.host, url.port);
}

result<std::string> http_get(std::string_view url, std::chrono::milliseconds timeout) {
  auto parsed = urls::parse_uri(url);
  if (!parsed) {
    return make_error(error_code::invalid_request, "malformed URL '" + std::string(url) + "'");
  }
  urls::url current(*parsed);
  for (int hop = 0; hop <= kMaxRedirects; ++hop) {
    auto parts = split_url(current);
    if (!parts) return std::move(parts).err();
    http_client client(timeout);
    if (auto connected = client.connect(*parts); !connected) return std::move(connected).err();
    auto res = client.request("GET", parts->target,
                              {{"Accept", "application/ld+json, application/json;q=0.9"}});
    if (!res) return std::move(res).err();
    if (res->status >= 200 && res->status < 300) return std::move(res->body);
    auto const* location = res->header("location");
    bool redirect = res->status == 301 || res->status == 302 || res->status == 303 ||
                    res->status == 307 || res->status == 308;
    if (!redirect || location == nullptr) {
      return make_error(error_code::unavailable, "GET " + std::string(current.buffer()) +
                                                     " answered status " +
                                                     std::to_string(res->status));
    }
    auto ref = urls::parse_uri_reference(*location);
    if (!ref) return make_error(error_code::unavailable, "bad redirect location '" + *location + "'");
    urls::url next;
    if (!urls::resolve(current, *ref, next)) {
      return make_error(error_code::unavailable, "bad redirect location '" + *location + "'");
    }
    current = std::move(next);
  }
  return make_error(error_code::unavailable, "too many redirects fetching " + std::string(url));
}

}  // namespace cityos::api
