// SPDX-License-Identifier: Apache-2.0
// Recursive-descent parser for `q`:
//   or   := and ('|' and)*
//   and  := atom (';' atom)*
//   atom := '(' or ')' | term
//   term := path [op value-spec]
#include "ngsild/query/q_parser.h"

#include <charconv>

namespace cityos::ngsild {
namespace {

// Characters that end a name or a bare token.
bool ends_name(char c) {
  return std::string_view("=!<>~;|()[]{}.\",' ").find(c) != std::string_view::npos;
}
bool ends_token(char c) { return std::string_view(";|(),\" ").find(c) != std::string_view::npos; }

q_member member_of(std::string_view term) {
  if (term == "observedAt") return q_member::observed_at;
  if (term == "createdAt") return q_member::created_at;
  if (term == "modifiedAt") return q_member::modified_at;
  if (term == "unitCode") return q_member::unit_code;
  if (term == "datasetId") return q_member::dataset_id;
  return q_member::none;
}

// Classifies a bare (unquoted) token.
q_value bare_value(std::string_view token) {
  q_value v;
  v.text = std::string(token);
  if (token == "true" || token == "false") {
    v.boolean = token == "true";
    return v;
  }
  double d = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), d);
  if (ec == std::errc() && end == token.data() + token.size()) {
    v.number = d;
    return v;
  }
  if (auto t = parse_iso8601(token); t && token.find('T') != std::string_view::npos) {
    v.time = t;
    v.time_kind = q_time_kind::date_time;
  } else if (auto dt = parse_date(token)) {
    v.time = dt;
    v.time_kind = q_time_kind::date;
  } else if (auto tod = parse_time_of_day(token)) {
    v.time = tod;
    v.time_kind = q_time_kind::time_of_day;
  }
  return v;
}

class q_parser {
 public:
  q_parser(std::string_view text, expand_fn const& expand) : text_(text), expand_(expand) {}

  result<q_expression> run() {
    if (text_.empty()) fail(error_code::invalid_request, "empty query");
    q_expression e = parse_or();
    if (!failed_ && pos_ != text_.size()) fail(error_code::invalid_request, "unexpected character");
    if (failed_) return error{code_, std::move(message_)};
    return e;
  }

 private:
  void fail(error_code code, std::string_view what) {
    if (failed_) return;
    failed_ = true;
    code_ = code;
    message_ = "q: " + std::string(what) + " at position " + std::to_string(pos_);
  }
  bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool at(std::string_view s) const { return text_.substr(pos_, s.size()) == s; }
  bool at_end_of_term() const { return pos_ == text_.size() || at(';') || at('|') || at(')'); }

  static q_expression combine(q_expression::kind k, std::vector<q_expression> parts) {
    if (parts.size() == 1) return std::move(parts.front());
    q_expression e;
    e.what = k;
    e.children = std::move(parts);
    return e;
  }

  q_expression parse_or() {
    std::vector<q_expression> parts;
    parts.push_back(parse_and());
    while (!failed_ && at('|')) {
      ++pos_;
      parts.push_back(parse_and());
    }
    return combine(q_expression::kind::any_of, std::move(parts));
  }

  q_expression parse_and() {
    std::vector<q_expression> parts;
    parts.push_back(parse_atom());
    while (!failed_ && at(';')) {
      ++pos_;
      parts.push_back(parse_atom());
    }
    return combine(q_expression::kind::all_of, std::move(parts));
  }

  q_expression parse_atom() {
    q_expression e;
    if (failed_) return e;
    if (at('(')) {
      ++pos_;
      e = parse_or();
      if (!at(')')) fail(error_code::invalid_request, "expected ')'");
      ++pos_;
      return e;
    }
    e.term = parse_term();
    return e;
  }

  q_term parse_term() {
    q_term t;
    std::size_t start = pos_;
    parse_path(t.path);
    if (failed_) return t;
    t.path.text = std::string(text_.substr(start, pos_ - start));
    if (at('{')) {
      fail(error_code::not_supported, "linked-entity sub-queries are not supported");
      return t;
    }
    if (at_end_of_term()) return t;  // existence
    t.op = parse_operator();
    if (failed_) return t;
    if (t.op == q_op::pattern || t.op == q_op::not_pattern) {
      parse_pattern(t);
    } else {
      parse_values(t);
    }
    if (!failed_ && !at_end_of_term()) fail(error_code::invalid_request, "unexpected character");
    return t;
  }

  // Reads a name up to a delimiter; a full IRI ("scheme://...") may contain dots.
  std::string_view parse_name(bool allow_iri) {
    std::size_t start = pos_;
    bool iri = allow_iri && text_.substr(pos_).find("://") != std::string_view::npos &&
               text_.substr(pos_, text_.substr(pos_).find("://")).find_first_of("=!<>~;|()[]{}.\"") ==
                   std::string_view::npos;
    while (pos_ < text_.size() && (!ends_name(text_[pos_]) || (iri && text_[pos_] == '.'))) ++pos_;
    if (pos_ == start) fail(error_code::invalid_request, "expected an attribute name");
    return text_.substr(start, pos_ - start);
  }

  void parse_path(q_path& path) {
    std::string_view name = parse_name(true);
    if (failed_) return;
    path.attribute = expand_(name);
    while (!failed_ && at('.')) {
      ++pos_;
      std::string_view term = parse_name(false);
      if (failed_) return;
      path.segments.push_back(q_segment{std::string(term), expand_(term), member_of(term)});
    }
    while (!failed_ && at('[')) {
      ++pos_;
      do {
        if (at('.')) ++pos_;
        std::string_view key = parse_name(false);
        if (failed_) return;
        path.trailing.emplace_back(key);
      } while (at('.'));
      if (!at(']')) return fail(error_code::invalid_request, "expected ']'");
      ++pos_;
    }
  }

  q_op parse_operator() {
    struct entry {
      std::string_view text;
      q_op op;
    };
    static const entry kOps[] = {{"==", q_op::equal},         {"!~=", q_op::not_pattern},
                                 {"!=", q_op::not_equal},     {"~=", q_op::pattern},
                                 {">=", q_op::greater_equal}, {">", q_op::greater},
                                 {"<=", q_op::less_equal},    {"<", q_op::less}};
    for (entry const& e : kOps) {
      if (at(e.text)) {
        pos_ += e.text.size();
        return e.op;
      }
    }
    fail(error_code::invalid_request, "expected an operator");
    return q_op::exists;
  }

  q_value parse_value() {
    if (at('"')) return parse_quoted();
    std::size_t start = pos_;
    while (pos_ < text_.size() && !ends_token(text_[pos_]) && !at("..")) ++pos_;
    std::string_view token = text_.substr(start, pos_ - start);
    if (token.empty() || token.find_first_of("=<>~!") != std::string_view::npos) {
      pos_ = start;
      fail(error_code::invalid_request, "expected a value");
      return {};
    }
    return bare_value(token);
  }

  q_value parse_quoted() {
    q_value v;
    v.quoted = true;
    ++pos_;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (c == '\\') {
        if (pos_ == text_.size()) break;
        char e = text_[pos_++];
        c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
      }
      v.text.push_back(c);
    }
    if (!at('"')) {
      fail(error_code::invalid_request, "unterminated string");
      return v;
    }
    ++pos_;
    return v;
  }

  void parse_values(q_term& t) {
    q_value first = parse_value();
    if (failed_) return;
    bool equality = t.op == q_op::equal || t.op == q_op::not_equal;
    if (at("..")) {
      if (!equality) return fail(error_code::invalid_request, "a range needs == or !=");
      pos_ += 2;
      t.range_low = std::move(first);
      t.range_high = parse_value();
      return;
    }
    t.values.push_back(std::move(first));
    while (!failed_ && at(',')) {
      if (!equality) return fail(error_code::invalid_request, "a value list needs == or !=");
      ++pos_;
      t.values.push_back(parse_value());
    }
  }

  // A quoted pattern, or a bare one running to the next ';' / '|' / ')' outside
  // the pattern's own parentheses.
  void parse_pattern(q_term& t) {
    std::string source;
    std::size_t start = pos_;
    if (at('"')) {
      source = parse_quoted().text;
    } else {
      int depth = 0;
      while (pos_ < text_.size() && !(depth == 0 && (at(';') || at('|') || at(')')))) {
        if (at('\\') && pos_ + 1 < text_.size()) ++pos_;
        else if (at('(')) ++depth;
        else if (at(')')) --depth;
        ++pos_;
      }
      source = std::string(text_.substr(start, pos_ - start));
    }
    if (failed_) return;
    if (source.empty()) return fail(error_code::invalid_request, "expected a pattern");
    auto flags = std::regex::ECMAScript;
    if (source.starts_with("(?i)")) {
      source.erase(0, 4);
      flags |= std::regex::icase;
    }
    try {
      t.regex.emplace(source, flags);
    } catch (std::regex_error const& e) {
      pos_ = start;
      fail(error_code::bad_request, "invalid regular expression (" + std::string(e.what()) + ")");
    }
  }

  std::string_view text_;
  expand_fn const& expand_;
  std::size_t pos_ = 0;
  bool failed_ = false;
  error_code code_ = error_code::invalid_request;
  std::string message_;
};

}  // namespace

result<q_expression> parse_q(std::string_view text, expand_fn const& expand) {
  return q_parser(text, expand).run();
}

}  // namespace cityos::ngsild
