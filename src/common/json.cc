// SPDX-License-Identifier: Apache-2.0
#include "common/json.h"
#include "common/written_json.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace cityos {

result<json::value> parse_json(std::string_view text, std::size_t max_depth) {
  boost::system::error_code ec;
  json::parse_options opt;
  opt.max_depth = max_depth;
  json::value v = json::parse(text, ec, {}, opt);
  if (ec) {
    return make_error(error_code::invalid_request, "invalid JSON: " + ec.message());
  }
  return v;
}

json::parse_options written_json_options() {
  json::parse_options opt;
  opt.max_depth = kMaxWrittenDepth;
  opt.allow_invalid_utf8 = true;
  return opt;
}

json::value parse_written_json(std::string_view text, json::storage_ptr sp) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec, std::move(sp), written_json_options());
  return ec ? json::value() : v;
}

namespace {

// True if one of the 8 bytes in `w` is a control character, '"' or '\\'
// (the bytes a JSON string escapes). Exact as a yes or no: a borrow can only
// flag a byte above one that is flagged for itself. A byte with its high bit
// set is none of them, and XOR with '"' or '\\' keeps that bit, so one mask
// of ~w serves all three tests.
bool any_to_escape(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  std::uint64_t const below_space = w - 0x20 * ones;
  std::uint64_t const quote = (w ^ ('"' * ones)) - ones;
  std::uint64_t const backslash = (w ^ ('\\' * ones)) - ones;
  return ((below_space | quote | backslash) & ~w & highs) != 0;
}

// True if `s` has a byte that a JSON string escapes, read 8 bytes at a time
// (the last word overlaps the one before, or is padded with spaces).
bool needs_escape(std::string_view s) {
  std::uint64_t w;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::memcpy(&w, s.data() + i, 8);
    if (any_to_escape(w)) return true;
  }
  if (i == s.size()) return false;
  if (s.size() >= 8) {
    std::memcpy(&w, s.data() + s.size() - 8, 8);
  } else {
    w = 0x2020202020202020ull;
    std::memcpy(&w, s.data(), s.size());
  }
  return any_to_escape(w);
}

// dump_string_to() for a string with bytes to escape.
void dump_escaped_string_to(std::string_view s, std::string& out) {
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

}  // namespace

void dump_string_to(std::string_view s, std::string& out) {
  if (needs_escape(s)) return dump_escaped_string_to(s, out);
  // Most strings: one growth of `out`, the quotes around one copy.
  std::size_t const at = out.size();
  out.append(s.size() + 2, '"');
  std::memcpy(out.data() + at + 1, s.data(), s.size());
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

namespace {

// Writes the elements of `a`, appending the span of each to `elements`.
void dump_elements(json::array const& a, std::string& out, std::vector<text_span>& elements) {
  out.push_back('[');
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (i > 0) out.push_back(',');
    auto const begin = static_cast<std::uint32_t>(out.size());
    dump_to(a[i], out);
    elements.push_back({begin, static_cast<std::uint32_t>(out.size())});
  }
  out.push_back(']');
}

// dump_to() of `o`, with the spans of its array members' elements if `elements`.
void dump_object(json::object const& o, std::string& out, std::vector<text_span>* elements) {
  out.push_back('{');
  bool first = true;
  for (auto const& kv : o) {
    if (!first) out.push_back(',');
    first = false;
    dump_string_to(kv.key(), out);
    out.push_back(':');
    if (elements && kv.value().is_array()) {
      dump_elements(kv.value().get_array(), out, *elements);
    } else {
      dump_to(kv.value(), out);
    }
  }
  out.push_back('}');
}

}  // namespace

void dump_to(json::object const& o, std::string& out) { dump_object(o, out, nullptr); }

void dump_to(json::object const& o, std::string& out, std::vector<text_span>& elements) {
  dump_object(o, out, &elements);
}

std::string dump(json::value const& v) {
  std::string out;
  dump_to(v, out);
  return out;
}

}  // namespace cityos
