// SPDX-License-Identifier: Apache-2.0
// parse_link_header() (declared in context_resolver.h): RFC 8288 link-values,
// as much of the grammar as NGSI-LD clients use.
#include <string>
#include <vector>

#include "ngsild/jsonld/context_resolver.h"

namespace cityos::ngsild {
namespace {

constexpr std::string_view kJsonLdContextRel = "http://www.w3.org/ns/json-ld#context";

std::string_view trim(std::string_view s) {
  auto const b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  auto const e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// Splits at `sep` outside <...> and "..." (with \-escapes in quotes).
std::vector<std::string_view> split_outside(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  bool in_angle = false;
  bool in_quote = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_quote) {
      if (c == '\\') ++i;
      else if (c == '"') in_quote = false;
    } else if (c == '"') {
      in_quote = true;
    } else if (c == '<') {
      in_angle = true;
    } else if (c == '>') {
      in_angle = false;
    } else if (c == sep && !in_angle) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(s.substr(start));
  return parts;
}

error malformed(std::string_view why) {
  return make_error(error_code::invalid_request, "Malformed Link header: " + std::string(why));
}

struct link_value {
  std::string url;
  bool is_context = false;
};

result<link_value> parse_link_value(std::string_view text) {
  auto parts = split_outside(text, ';');
  auto target = trim(parts[0]);
  if (target.size() < 2 || target.front() != '<' || target.back() != '>') {
    return malformed("expected <URL>");
  }
  link_value link{std::string(target.substr(1, target.size() - 2))};
  if (link.url.empty() || link.url.find_first_of("<> \t\"") != std::string::npos) {
    return malformed("invalid URL");
  }
  for (std::size_t i = 1; i < parts.size(); ++i) {
    auto param = trim(parts[i]);
    if (param.empty()) continue;
    auto eq = param.find('=');
    if (eq == std::string_view::npos || trim(param.substr(0, eq)).empty()) {
      return malformed("parameter without name=value");
    }
    auto name = trim(param.substr(0, eq));
    auto value = trim(param.substr(eq + 1));
    if (value.starts_with('"')) {
      if (value.size() < 2 || !value.ends_with('"')) return malformed("unterminated quote");
      value = value.substr(1, value.size() - 2);
    }
    if (name == "rel") {
      for (auto rel : split_outside(value, ' ')) {
        if (rel == kJsonLdContextRel) link.is_context = true;
      }
    }
  }
  return link;
}

}  // namespace

result<std::string> parse_link_header(std::string_view header) {
  if (trim(header).empty()) return malformed("empty value");
  std::string found;
  for (auto text : split_outside(header, ',')) {
    auto link = parse_link_value(text);
    if (!link) return std::move(link).err();
    if (!link->is_context) continue;
    if (!found.empty()) {
      return make_error(error_code::bad_request, "More than one JSON-LD @context Link header");
    }
    found = std::move(link->url);
  }
  if (found.empty()) {
    return make_error(error_code::bad_request,
                      "The Link header has no rel=\"http://www.w3.org/ns/json-ld#context\"");
  }
  auto colon = found.find(':');
  if (colon == std::string::npos || colon == 0) {
    return make_error(error_code::bad_request,
                      "The Link header @context URL '" + found + "' is not absolute");
  }
  return found;
}

}  // namespace cityos::ngsild
