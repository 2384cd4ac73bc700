// SPDX-License-Identifier: Apache-2.0
// Evaluates a parsed `q` expression against one entity in the stored form
// (ngsild/entity/stored_entity.h). Pure function of its inputs, no allocation
// on the common paths: thread-safe, call it per candidate entity.
#pragma once

#include "common/json.h"
#include "ngsild/query/q_expression.h"

namespace cityos::ngsild {

// True if `stored_entity` satisfies `e`. Semantics:
// - an attribute's comparable value: Property/GeoProperty "value",
//   Relationship "object", ListProperty "valueList", ListRelationship
//   "objectList", LanguageProperty "languageMap" (each language's string),
//   VocabProperty "vocab", JsonProperty "json"; {"@value": v} unwraps to v;
// - arrays: == > >= < <= ~= match if any element matches; != and !~= match if
//   the target exists and no element matches (same across multi-instance
//   attributes, i.e. several datasetIds);
// - numbers compare as numbers, strings as strings, booleans only by ==/!=,
//   date/date-time/time literals against strings that parse as such;
//   any type mismatch does not match;
// - on a Relationship/ListRelationship only ==, != and existence can match;
// - a missing attribute, sub-attribute or trailing key never matches.
bool matches(q_expression const& e, json::object const& stored_entity);

}  // namespace cityos::ngsild
