// SPDX-License-Identifier: Apache-2.0
// Parser for the NGSI-LD `q` query language (GS CIM 009 v1.9.1 clause 4.9).
// Parse once per request; the result is immutable and thread-safe to share.
// Stateless: the function is thread-safe.
#pragma once

#include <string_view>

#include "common/result.h"
#include "ngsild/query/expand.h"
#include "ngsild/query/q_expression.h"

namespace cityos::ngsild {

// Parses `text` (already URL-decoded) into an expression. Attribute and
// sub-attribute names go through `expand` (called only during parsing);
// bracketed trailing keys stay as written. Whitespace is not allowed except
// inside quoted strings.
// Errors: invalid_request for malformed syntax (detail names the 0-based
// character position, e.g. "q: expected a value at position 4"); bad_request
// for a well-formed but invalid query (a bad regular expression);
// not_supported for linked-entity sub-queries (`managedBy{name}==...`).
// Values: numbers, true/false, "quoted strings" (\" \\ \n \t \/ escapes),
// bare dates/date-times/times, other bare tokens (URIs) as strings. A pattern
// after ~= or !~= may be quoted or bare; a leading "(?i)" makes it
// case-insensitive.
result<q_expression> parse_q(std::string_view text, expand_fn const& expand);

}  // namespace cityos::ngsild
