// SPDX-License-Identifier: Apache-2.0
#include "api/http/detail/response_head.h"

#include <charconv>

#include <boost/beast/http/status.hpp>

#include "api/http/detail/request_target.h"

namespace cityos::api::detail {

std::string response_head(http_response const& res, unsigned minor, bool keep_alive,
                          bool streamed) {
  namespace http = boost::beast::http;
  std::string out;
  out.reserve(160 + 64 * res.headers.size());
  out += minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ";
  char status[16];
  out.append(status, std::to_chars(status, status + sizeof status, res.status).ptr);
  out += ' ';
  auto const reason = http::obsolete_reason(static_cast<http::status>(res.status));
  out.append(reason.data(), reason.size());
  out += "\r\nServer: cityos\r\n";
  auto field = [&](std::string_view name, std::string_view value) {
    out += name;
    out += ": ";
    if (value.find('\r') == std::string_view::npos && value.find('\n') == std::string_view::npos) {
      out += value;  // the usual case, appended whole
    } else {
      for (char c : value) out += (c == '\r' || c == '\n') ? ' ' : c;
    }
    out += "\r\n";
  };
  for (auto const& [name, value] : res.headers) field(name, value);
  if (body_expected(res)) {
    if (!res.content_type.empty()) field("Content-Type", res.content_type);
    if (!streamed) {
      char length[24];
      auto const length_end = std::to_chars(length, length + sizeof length, res.body.size()).ptr;
      field("Content-Length", std::string_view(length, static_cast<std::size_t>(length_end - length)));
    }
  }
  // HTTP/1.1 keeps connections by default, HTTP/1.0 closes them by default.
  if (minor == 0 && keep_alive) field("Connection", "keep-alive");
  if (minor != 0 && !keep_alive) field("Connection", "close");
  out += "\r\n";
  return out;
}

}  // namespace cityos::api::detail
