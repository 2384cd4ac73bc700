// SPDX-License-Identifier: Apache-2.0
// The parsed form of an NGSI-LD `q` query (GS CIM 009 v1.9.1 clause 4.9).
// Built once per request by parse_q() (q_parser.h) with every name already
// expanded and every pattern compiled, then evaluated per entity by matches()
// (q_evaluator.h). Immutable after parsing: safe to share between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "common/time.h"

namespace cityos::ngsild {

enum class q_op {
  exists,             // just the path: the target element exists
  equal,              // ==  (also value lists and ranges)
  not_equal,          // !=  (no value equals / none in list / none in range)
  greater,            // >
  greater_equal,      // >=
  less,               // <
  less_equal,         // <=
  pattern,            // ~=  (ECMAScript regex, search semantics)
  not_pattern,        // !~=
};

// Instance members reachable with a dotted segment (`attr.observedAt`).
enum class q_member { none, observed_at, created_at, modified_at, unit_code, dataset_id };

// How a bare date/time literal was written; decides how attribute strings
// are parsed for comparison.
enum class q_time_kind { none, date, date_time, time_of_day };

// One dotted segment after the attribute name: normally a sub-attribute.
struct q_segment {
  std::string term;  // as written ("observedAt", "accuracy")
  std::string iri;   // expanded term: the sub-attribute key in the stored form
  q_member member = q_member::none;  // set if `term` names an instance member
};

// Where a query term looks: attribute, optional dotted sub-attributes or
// instance member, optional bracketed trailing path into the value.
//   temperature                 -> attribute only
//   temperature.observedAt      -> member of the attribute instance
//   temperature.accuracy        -> sub-attribute (falls back to a key of a
//                                  compound value when no such sub-attribute)
//   address[city], a[b][c], a[b.c] -> keys inside the compound value; on a
//                                  LanguageProperty `color[en]` picks one
//                                  language and `color[*]` any language
struct q_path {
  std::string attribute;              // expanded IRI of the attribute
  std::vector<q_segment> segments;    // dotted segments after the attribute
  std::vector<std::string> trailing;  // bracketed keys, not expanded
  std::string text;                   // the path as written (for messages)
};

// A literal on the right of an operator. Which optionals are set depends on
// how it was written: 12 / -3.5 -> number; true/false -> boolean;
// 2020-01-01, 2020-01-01T10:00:00Z, 10:00:00 -> time (and text);
// "quoted" -> text only (quoted = true); any other bare token (a URI) -> text.
struct q_value {
  std::string text;                // unescaped string, or the token as written
  std::optional<double> number;
  std::optional<bool> boolean;
  std::optional<epoch_ms> time;    // date/date-time/time literals
  q_time_kind time_kind = q_time_kind::none;
  bool quoted = false;
};

// One Query Term: `path`, `path op value`, `path op v1,v2`, `path op lo..hi`.
struct q_term {
  q_path path;
  q_op op = q_op::exists;
  std::vector<q_value> values;          // one value, or the list for a==1,2,3
  std::optional<q_value> range_low;     // set (with range_high) for a==1..5
  std::optional<q_value> range_high;
  std::optional<std::regex> regex;      // compiled for pattern / not_pattern
};

// The expression tree. `;` (and) binds tighter than `|` (or).
struct q_expression {
  enum class kind { term, all_of, any_of };
  kind what = kind::term;
  q_term term;                          // for kind::term
  std::vector<q_expression> children;   // for all_of / any_of (>= 2)
};

// Returns every attribute IRI the expression reads (duplicates removed,
// in first-use order), e.g. for subscriptions that watch attributes.
std::vector<std::string> referenced_attributes(q_expression const& e);

}  // namespace cityos::ngsild
