// SPDX-License-Identifier: Apache-2.0
#include "api/http/detail/request_target.h"

#include <array>
#include <cctype>

#include <boost/url.hpp>

#include "common/json.h"

namespace cityos::api::detail {

namespace urls = boost::urls;

std::string to_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

namespace {

// RFC 3986 pchar without pct-encoded (unreserved, sub-delims, ':' and '@'),
// and '/', by byte.
constexpr std::array<bool, 256> kPlainPathChars = [] {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = t[c - 'a' + 'A'] = true;
  for (char c : std::string_view("-._~!$&'()*+,;=:@/")) t[static_cast<unsigned char>(c)] = true;
  return t;
}();

// A path with nothing to decode and no query (GET, PATCH, POST of one entity
// or a batch: most requests) is its own decoded path. Its full parse as a URL
// cost an eighth of a GET by id.
bool is_plain_path(std::string_view target) {
  if (target.empty() || target[0] != '/' || target.starts_with("//")) return false;
  for (unsigned char c : target) {
    if (!kPlainPathChars[c]) return false;
  }
  return true;
}

}  // namespace

bool parse_target(http_request& out) {
  if (is_plain_path(out.target)) {
    out.path = out.target;
    return true;
  }
  auto origin = urls::parse_origin_form(out.target);
  urls::url_view u;
  if (origin) {
    u = *origin;
  } else {
    auto absolute = urls::parse_absolute_uri(out.target);
    if (!absolute) return false;
    u = *absolute;
  }
  out.path = u.path();
  if (out.path.empty()) out.path = "/";
  // NGSI-LD encodes spaces as %20: '+' stays a plus sign.
  for (auto const& p : u.params(urls::encoding_opts(false, false, false))) {
    out.query.emplace_back(p.key, p.value);
  }
  return true;
}

http_response problem_response(int status, std::string_view title, std::string_view detail, std::string_view type) {
  json::object o;
  o["type"] = type;
  o["title"] = title;
  o["status"] = status;
  o["detail"] = detail;
  http_response res;
  res.status = status;
  res.content_type = "application/problem+json";
  res.body = dump(o);
  return res;
}

bool body_expected(http_response const& res) {
  return !(res.status < 200 || res.status == 204 || res.status == 304);
}

}  // namespace cityos::api::detail
