// SPDX-License-Identifier: Apache-2.0
// Internal to ngsild/entity: expansion of one attribute's input value (normalized
// or concise, single or multi-instance) into stored attribute instances.
#pragma once

#include <string>
#include <string_view>

#include "common/json.h"
#include "common/result.h"
#include "ngsild/entity/entity_input.h"
#include "ngsild/jsonld/context.h"

namespace cityos::ngsild::detail {

// Expands the input value of the attribute `path` (the client's name, dotted for
// sub-attributes, used in error details) whose expanded IRI is `iri`. Returns
// its instances, default instance first. Errors: bad_request.
result<json::array> expand_attribute_value(std::string const& path, std::string const& iri,
                                           json::value const& input, context const& ctx,
                                           input_options const& options);

// Returns "Property", "Relationship", ... for a type name given short or as an
// https://uri.etsi.org/ngsi-ld/ IRI; empty if not an attribute type.
std::string_view attribute_type_name(std::string_view type);

// Returns the value member of an attribute type ("value", "object", ...).
std::string_view value_member_of(std::string_view attribute_type);

}  // namespace cityos::ngsild::detail
