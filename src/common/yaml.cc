// SPDX-License-Identifier: Apache-2.0
#include "common/yaml.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace cityos {

namespace {

constexpr std::size_t kMaxValues = 100000;
constexpr int kMaxDepth = 200;
constexpr std::string_view kStrTag = "tag:yaml.org,2002:str";
constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

error yaml_error(YAML::Mark const& m, std::string_view why) {
  std::string where = m.is_null() ? std::string("YAML")
                                  : "YAML line " + std::to_string(m.line + 1) + ", column " +
                                        std::to_string(m.column + 1);
  return make_error(error_code::invalid_request, where + ": " + std::string(why));
}

bool all_digits(std::string_view s, int base) {
  if (s.empty()) return false;
  for (char c : s) {
    bool const ok = base == 16 ? std::isxdigit(static_cast<unsigned char>(c)) != 0
                               : c >= '0' && c < static_cast<char>('0' + base);
    if (!ok) return false;
  }
  return true;
}

// YAML 1.2 core schema float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool is_core_float(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t const from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - from;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t mantissa = digits();
  if (i < s.size() && s[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

// Reads an integer of the core schema (decimal, 0x hex, 0o octal) into `out`.
// Returns false if `s` is not one; `overflow` says it is one that int64 cannot hold.
bool core_integer(std::string_view s, std::int64_t& out, bool& overflow) {
  bool negative = false;
  std::string_view body = s;
  int base = 10;
  if (body.starts_with("0x")) {
    base = 16;
    body.remove_prefix(2);
  } else if (body.starts_with("0o")) {
    base = 8;
    body.remove_prefix(2);
  } else if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (!all_digits(body, base)) return false;
  std::uint64_t magnitude = 0;
  auto const parsed = std::from_chars(body.data(), body.data() + body.size(), magnitude, base);
  std::uint64_t const limit = negative ? std::uint64_t{1} << 63 : (std::uint64_t{1} << 63) - 1;
  overflow = parsed.ec != std::errc{} || magnitude > limit;
  if (overflow) return true;
  out = !negative ? static_cast<std::int64_t>(magnitude)
        : magnitude == limit ? INT64_MIN
                             : -static_cast<std::int64_t>(magnitude);
  return true;
}

// Resolves a plain (unquoted, untagged) scalar by the core schema.
result<json::value> plain_scalar(YAML::Node const& n) {
  std::string const& s = n.Scalar();
  if (s == "true" || s == "True" || s == "TRUE") return json::value(true);
  if (s == "false" || s == "False" || s == "FALSE") return json::value(false);
  if (s == "null" || s == "Null" || s == "NULL" || s == "~" || s.empty()) return json::value(nullptr);
  std::int64_t i = 0;
  bool overflow = false;
  if (core_integer(s, i, overflow)) {
    if (overflow) return yaml_error(n.Mark(), "integer '" + s + "' does not fit in 64 bits");
    return json::value(i);
  }
  if (is_core_float(s)) {
    std::string_view v = s;
    if (v.starts_with('+')) v.remove_prefix(1);
    double d = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
    if (ec == std::errc{} && end == v.data() + v.size() && std::isfinite(d)) return json::value(d);
    return yaml_error(n.Mark(), "number '" + s + "' is out of range");
  }
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == ".inf" || lower == "+.inf" || lower == "-.inf" || lower == ".nan")
    return yaml_error(n.Mark(), "'" + s + "' has no JSON form");
  return json::value(json::string(s));
}

class converter {
 public:
  result<json::value> convert(YAML::Node const& n, int depth) {
    if (++values_ > kMaxValues) return yaml_error(n.Mark(), "more than 100,000 values (alias expansion?)");
    if (depth > kMaxDepth) return yaml_error(n.Mark(), "nested deeper than 200 levels (recursive alias?)");
    std::string const& tag = n.Tag();
    if (!tag.empty() && tag != "?" && tag != "!" && !tag.starts_with(kCoreTagPrefix))
      return yaml_error(n.Mark(), "unsupported tag '" + tag + "'");
    switch (n.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        return json::value(nullptr);
      case YAML::NodeType::Scalar:
        if (tag == "!" || tag == kStrTag) return json::value(json::string(n.Scalar()));
        return plain_scalar(n);
      case YAML::NodeType::Sequence:
        return sequence(n, depth);
      case YAML::NodeType::Map:
        return map(n, depth);
    }
    return yaml_error(n.Mark(), "unknown node");
  }

 private:
  result<json::value> sequence(YAML::Node const& n, int depth) {
    json::array out;
    out.reserve(n.size());
    for (auto const& item : n) {
      auto v = convert(item, depth + 1);
      if (!v) return std::move(v).err();
      out.push_back(std::move(*v));
    }
    return json::value(std::move(out));
  }

  result<json::value> map(YAML::Node const& n, int depth) {
    json::object out;
    for (auto const& kv : n) {
      if (!kv.first.IsScalar()) return yaml_error(kv.first.Mark(), "a map key must be a scalar");
      std::string const& key = kv.first.Scalar();
      if (out.contains(key)) return yaml_error(kv.first.Mark(), "duplicate key '" + key + "'");
      auto v = convert(kv.second, depth + 1);
      if (!v) return std::move(v).err();
      out.emplace(key, std::move(*v));
    }
    return json::value(std::move(out));
  }

  std::size_t values_ = 0;
};

}  // namespace

result<json::value> parse_yaml(std::string_view text) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(text));
  } catch (YAML::ParserException const& e) {
    return yaml_error(e.mark, e.msg);
  } catch (YAML::Exception const& e) {
    return yaml_error(e.mark, e.msg);
  }
  if (docs.empty()) return json::value(nullptr);
  if (docs.size() > 1) return yaml_error(docs[1].Mark(), "only one document is allowed");
  try {
    return converter{}.convert(docs[0], 0);
  } catch (YAML::Exception const& e) {
    return yaml_error(e.mark, e.msg);
  }
}

}  // namespace cityos
