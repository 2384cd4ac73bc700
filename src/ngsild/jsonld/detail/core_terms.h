// SPDX-License-Identifier: Apache-2.0
// The NGSI-LD core @context v1.8 as lookup tables, built once on first use
// (function-local static, thread-safe initialisation) and immutable after.
// Internal to ngsild/jsonld: other folders use context::core().
#pragma once

#include "ngsild/jsonld/context.h"

namespace cityos::ngsild::detail {

struct core_tables {
  context::string_map term_to_iri;  // core term -> expanded IRI ("id" -> "@id")
  context::string_map iri_to_term;  // expanded IRI -> core term
  context::string_map prefixes;     // "ngsi-ld" / "geojson" -> namespace IRI
  context::kind_map value_kinds;    // expanded IRI -> kind, non-plain terms only
};

// Returns the shared core tables. Never fails.
core_tables const& core();

}  // namespace cityos::ngsild::detail
