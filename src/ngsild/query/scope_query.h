// SPDX-License-Identifier: Apache-2.0
// NGSI-LD scope queries (GS CIM 009 v1.9.1 clause 4.19): `/Madrid/Gardens`
// (exactly that scope), `/Madrid/#` (it and everything below), `/Madrid/+`
// (exactly one level below), `/#` (any scope); `+` may stand for any single
// level in the middle too. `,` or `|` is OR, `;` is AND (binds tighter),
// parentheses nest. Parsed once, immutable, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"

namespace cityos::ngsild {

struct scope_query {
  enum class kind { scope, all_of, any_of };
  kind what = kind::scope;
  // For kind::scope: the pattern's levels ("/Madrid/+/#" -> Madrid, +, #).
  // "#" only ever appears last.
  std::vector<std::string> levels;
  std::vector<scope_query> children;  // for all_of / any_of (>= 2)
};

// Parses `text`. Errors: invalid_request (detail names the position) for an
// empty query, a scope not starting with '/', an empty level ("//", trailing
// '/'), '#' not last, unbalanced parentheses or stray characters.
result<scope_query> parse_scope_query(std::string_view text);

// True if the entity's "scope" array satisfies `q`; an entity without scopes
// matches no scope pattern (not even "/#").
bool matches(scope_query const& q, json::object const& stored_entity);

}  // namespace cityos::ngsild
