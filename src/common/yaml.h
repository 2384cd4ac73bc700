// SPDX-License-Identifier: Apache-2.0
// YAML configuration text as a JSON value, so a YAML file and its JSON twin go
// through the same parser (e.g. a health-points programme). YAML 1.2 core schema:
// plain scalars become integers (int64), doubles, true/false,
// null (`~`, `null`, empty); quoted scalars and `!!str` stay strings; yes/no/on/off
// stay strings. Pure; thread-safe.
#pragma once

#include <string_view>

#include "common/json.h"
#include "common/result.h"

namespace cityos {

// Parses `text` as one YAML document (an empty text is null). Map keys must be
// scalars and unique; anchors and aliases are expanded (at most 100,000 values,
// nesting at most 200 deep). Errors: invalid_request "YAML line L, column C: why"
// (1-based) for a syntax error, a duplicate or non-scalar key, a second document,
// an unknown tag or a value JSON cannot hold (.inf, .nan, an integer beyond int64).
result<json::value> parse_yaml(std::string_view text);

}  // namespace cityos
