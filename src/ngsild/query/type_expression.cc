// SPDX-License-Identifier: Apache-2.0
#include "ngsild/query/type_expression.h"

#include <algorithm>

namespace cityos::ngsild {
namespace {

// Recursive descent: or := and (('|' | ',') and)* ; and := atom (';' atom)* ;
// atom := name | '(' or ')'. Throws nothing; errors go to `err_`.
class type_parser {
 public:
  type_parser(std::string_view text, expand_fn const& expand) : text_(text), expand_(expand) {}

  result<type_expression> run() {
    type_expression e = parse_or();
    if (failed_) return make_error(error_code::invalid_request, std::move(message_));
    if (pos_ != text_.size()) {
      return make_error(error_code::invalid_request,
                        "type: unexpected '" + std::string(1, text_[pos_]) + "' at position " +
                            std::to_string(pos_));
    }
    return e;
  }

 private:
  void fail(std::string what) {
    if (failed_) return;
    failed_ = true;
    message_ = "type: " + what + " at position " + std::to_string(pos_);
  }
  bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  type_expression combine(type_expression::kind k, std::vector<type_expression> parts) {
    if (parts.size() == 1) return std::move(parts.front());
    type_expression e;
    e.what = k;
    e.children = std::move(parts);
    return e;
  }

  type_expression parse_or() {
    std::vector<type_expression> parts;
    parts.push_back(parse_and());
    while (!failed_ && (at('|') || at(','))) {
      ++pos_;
      parts.push_back(parse_and());
    }
    return combine(type_expression::kind::any_of, std::move(parts));
  }

  type_expression parse_and() {
    std::vector<type_expression> parts;
    parts.push_back(parse_atom());
    while (!failed_ && at(';')) {
      ++pos_;
      parts.push_back(parse_atom());
    }
    return combine(type_expression::kind::all_of, std::move(parts));
  }

  type_expression parse_atom() {
    type_expression e;
    if (failed_) return e;
    if (at('(')) {
      ++pos_;
      e = parse_or();
      if (!failed_ && !at(')')) fail("expected ')'");
      ++pos_;
      return e;
    }
    std::size_t start = pos_;
    while (pos_ < text_.size() && std::string_view("|,;()").find(text_[pos_]) == std::string_view::npos &&
           text_[pos_] != ' ') {
      ++pos_;
    }
    if (pos_ == start) {
      fail("expected a type name");
      return e;
    }
    e.type = expand_(text_.substr(start, pos_ - start));
    return e;
  }

  std::string_view text_;
  expand_fn const& expand_;
  std::size_t pos_ = 0;
  bool failed_ = false;
  std::string message_;
};

void collect(type_expression const& e, std::vector<std::string>& out) {
  if (e.what == type_expression::kind::type) {
    if (std::find(out.begin(), out.end(), e.type) == out.end()) out.push_back(e.type);
    return;
  }
  for (auto const& c : e.children) collect(c, out);
}

}  // namespace

result<type_expression> parse_type_expression(std::string_view text, expand_fn const& expand) {
  return type_parser(text, expand).run();
}

bool matches(type_expression const& e, json::array const& entity_types) {
  switch (e.what) {
    case type_expression::kind::type:
      return std::any_of(entity_types.begin(), entity_types.end(), [&](json::value const& t) {
        return t.is_string() && std::string_view(t.get_string()) == e.type;
      });
    case type_expression::kind::all_of:
      return std::all_of(e.children.begin(), e.children.end(),
                         [&](type_expression const& c) { return matches(c, entity_types); });
    case type_expression::kind::any_of:
      return std::any_of(e.children.begin(), e.children.end(),
                         [&](type_expression const& c) { return matches(c, entity_types); });
  }
  return false;
}

std::vector<std::string> candidate_types(type_expression const& e) {
  std::vector<std::string> out;
  collect(e, out);
  return out;
}

bool is_pure_or(type_expression const& e) {
  if (e.what == type_expression::kind::type) return true;
  if (e.what == type_expression::kind::all_of) return false;
  return std::all_of(e.children.begin(), e.children.end(), is_pure_or);
}

}  // namespace cityos::ngsild
