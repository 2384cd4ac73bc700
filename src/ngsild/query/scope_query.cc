// SPDX-License-Identifier: Apache-2.0
#include "ngsild/query/scope_query.h"

#include <algorithm>

namespace cityos::ngsild {
namespace {

bool is_delimiter(char c) { return std::string_view(",|;()").find(c) != std::string_view::npos; }

// or := and ((',' | '|') and)* ; and := atom (';' atom)* ; atom := scope | '(' or ')'
class scope_parser {
 public:
  explicit scope_parser(std::string_view text) : text_(text) {}

  result<scope_query> run() {
    scope_query q = parse_or();
    if (!failed_ && pos_ != text_.size()) fail("unexpected character");
    if (failed_) return make_error(error_code::invalid_request, std::move(message_));
    return q;
  }

 private:
  void fail(std::string_view what) {
    if (failed_) return;
    failed_ = true;
    message_ = "scopeQ: " + std::string(what) + " at position " + std::to_string(pos_);
  }
  bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  static scope_query combine(scope_query::kind k, std::vector<scope_query> parts) {
    if (parts.size() == 1) return std::move(parts.front());
    scope_query q;
    q.what = k;
    q.children = std::move(parts);
    return q;
  }

  scope_query parse_or() {
    std::vector<scope_query> parts;
    parts.push_back(parse_and());
    while (!failed_ && (at(',') || at('|'))) {
      ++pos_;
      parts.push_back(parse_and());
    }
    return combine(scope_query::kind::any_of, std::move(parts));
  }

  scope_query parse_and() {
    std::vector<scope_query> parts;
    parts.push_back(parse_atom());
    while (!failed_ && at(';')) {
      ++pos_;
      parts.push_back(parse_atom());
    }
    return combine(scope_query::kind::all_of, std::move(parts));
  }

  scope_query parse_atom() {
    scope_query q;
    if (failed_) return q;
    if (at('(')) {
      ++pos_;
      q = parse_or();
      if (!at(')')) fail("expected ')'");
      ++pos_;
      return q;
    }
    if (!at('/')) {
      fail("expected a scope starting with '/'");
      return q;
    }
    while (!failed_ && at('/')) {
      ++pos_;
      q.levels.push_back(parse_level(q.levels));
    }
    return q;
  }

  std::string parse_level(std::vector<std::string> const& before) {
    std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != '/' && !is_delimiter(text_[pos_])) ++pos_;
    std::string level(text_.substr(start, pos_ - start));
    if (level.empty()) fail("empty scope level");
    if (!before.empty() && before.back() == "#") fail("'#' must be the last level");
    return level;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  bool failed_ = false;
  std::string message_;
};

// True if scope "/a/b/c" fits the pattern levels.
bool scope_fits(std::vector<std::string> const& levels, std::string_view scope) {
  if (scope.empty() || scope.front() != '/') return false;
  scope.remove_prefix(1);
  for (std::string const& level : levels) {
    if (level == "#") return true;  // this level and everything below, or nothing more
    if (scope.empty()) return false;
    std::size_t slash = scope.find('/');
    std::string_view part = scope.substr(0, slash);
    if (level != "+" && part != level) return false;
    scope = slash == std::string_view::npos ? std::string_view() : scope.substr(slash + 1);
  }
  return scope.empty();
}

bool matches_scopes(scope_query const& q, json::array const& scopes) {
  switch (q.what) {
    case scope_query::kind::scope:
      return std::any_of(scopes.begin(), scopes.end(), [&](json::value const& s) {
        return s.is_string() && scope_fits(q.levels, s.get_string());
      });
    case scope_query::kind::all_of:
      return std::all_of(q.children.begin(), q.children.end(),
                         [&](scope_query const& c) { return matches_scopes(c, scopes); });
    case scope_query::kind::any_of:
      return std::any_of(q.children.begin(), q.children.end(),
                         [&](scope_query const& c) { return matches_scopes(c, scopes); });
  }
  return false;
}

}  // namespace

result<scope_query> parse_scope_query(std::string_view text) { return scope_parser(text).run(); }

bool matches(scope_query const& q, json::object const& stored_entity) {
  auto it = stored_entity.find("scope");
  if (it == stored_entity.end() || !it->value().is_array()) return false;
  return matches_scopes(q, it->value().get_array());
}

}  // namespace cityos::ngsild
