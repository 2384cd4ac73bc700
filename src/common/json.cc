// SPDX-License-Identifier: Apache-2.0
#include "common/json.h"

#include <charconv>
#include <cmath>

namespace cityos {

result<json::value> parse_json(std::string_view text) {
  boost::system::error_code ec;
  json::parse_options opt;
  opt.max_depth = 64;
  json::value v = json::parse(text, ec, {}, opt);
  if (ec) {
    return make_error(error_code::invalid_request, "invalid JSON: " + ec.message());
  }
  return v;
}

void dump_string_to(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;  // start of the pending run of bytes that need no escape
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto const c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xf]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

namespace {

template <typename N>
void append_number(N n, std::string& out) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), n);
  out.append(buf, ec == std::errc{} ? end : buf);
}

void append_double(double d, std::string& out) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  append_number(d, out);
}

}  // namespace

void dump_to(json::value const& v, std::string& out) {
  switch (v.kind()) {
    case json::kind::null: out += "null"; break;
    case json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
    case json::kind::int64: append_number(v.get_int64(), out); break;
    case json::kind::uint64: append_number(v.get_uint64(), out); break;
    case json::kind::double_: append_double(v.get_double(), out); break;
    case json::kind::string: dump_string_to(v.get_string(), out); break;
    case json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (auto const& e : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        dump_to(e, out);
      }
      out.push_back(']');
      break;
    }
    case json::kind::object: dump_to(v.get_object(), out); break;
  }
}

void dump_to(json::object const& o, std::string& out) {
  out.push_back('{');
  bool first = true;
  for (auto const& kv : o) {
    if (!first) out.push_back(',');
    first = false;
    dump_string_to(kv.key(), out);
    out.push_back(':');
    dump_to(kv.value(), out);
  }
  out.push_back('}');
}

std::string dump(json::value const& v) {
  std::string out;
  dump_to(v, out);
  return out;
}

}  // namespace cityos
