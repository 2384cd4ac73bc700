// SPDX-License-Identifier: Apache-2.0
// NGSI-LD entity type selection (GS CIM 009 v1.9.1 clause 4.17): `type=A,B`,
// `A|B` (or), `A;B` (and), parentheses; `;` binds tighter than `,`/`|`.
// Parsed once per request with types expanded; immutable, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "ngsild/query/expand.h"

namespace cityos::ngsild {

struct type_expression {
  enum class kind { type, all_of, any_of };
  kind what = kind::type;
  std::string type;                        // expanded IRI, for kind::type
  std::vector<type_expression> children;   // for all_of / any_of (>= 2)
};

// Parses `text`; each type name goes through `expand`.
// Errors: invalid_request (detail names the position) for empty input, empty
// names, unbalanced parentheses or stray characters.
result<type_expression> parse_type_expression(std::string_view text, expand_fn const& expand);

// True if the entity's types (the stored "type" array of expanded IRIs)
// satisfy `e`. Non-string array elements are ignored.
bool matches(type_expression const& e, json::array const& entity_types);

// Every type mentioned in `e`, duplicates removed, in first-use order. An
// entity that matches `e` has at least one of them (narrowing by type index).
std::vector<std::string> candidate_types(type_expression const& e);

// True if `e` is a plain list of alternatives (no `;`), so candidate_types()
// is an exact filter and matches() need not run.
bool is_pure_or(type_expression const& e);

}  // namespace cityos::ngsild
