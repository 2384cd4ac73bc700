// SPDX-License-Identifier: Apache-2.0
// The stored (expanded, normalized) form of an NGSI-LD entity: the one shape
// every layer above ngsild/ passes around. It is a JSON object with these
// members, and no others:
//
//   "id":         string, an absolute URI
//   "type":       array of expanded type IRIs (at least one, no duplicates)
//   "scope":      array of scope strings ("/Madrid/Gardens"), absent if none
//   "createdAt":  ISO 8601 string (system attribute, set by the broker)
//   "modifiedAt": ISO 8601 string (system attribute, set by the broker)
//   "<attribute IRI>": array of attribute instances, one per datasetId; the
//                 default instance (no datasetId) comes first when present.
//
// An attribute instance is an object with:
//   "type":  "Property" | "Relationship" | "GeoProperty" | "LanguageProperty" |
//            "VocabProperty" | "JsonProperty" | "ListProperty" | "ListRelationship"
//   exactly one value member, by type:
//            Property/GeoProperty: "value"; Relationship: "object" (string URI);
//            LanguageProperty: "languageMap" (object lang -> string or array);
//            VocabProperty: "vocab" (expanded IRI string or array of them);
//            JsonProperty: "json" (any JSON); ListProperty: "valueList" (array);
//            ListRelationship: "objectList" (array of URI strings)
//   optional "observedAt" (ISO 8601), "unitCode", "datasetId" (URI),
//   "createdAt"/"modifiedAt" (ISO 8601, set by the broker),
//   "<sub-attribute IRI>": one attribute instance object (sub-attributes nest).
//
// Attribute and type names are expanded IRIs (see jsonld/context.h); core
// member names above stay short. Compound Property values are stored as given
// (their inner keys are not expanded).
#pragma once

#include <string_view>

#include "common/json.h"

namespace cityos::ngsild {

// Member names of the stored form that are not attributes.
inline constexpr std::string_view kId = "id";
inline constexpr std::string_view kType = "type";
inline constexpr std::string_view kScope = "scope";
inline constexpr std::string_view kCreatedAt = "createdAt";
inline constexpr std::string_view kModifiedAt = "modifiedAt";

// IRIs of the core GeoProperties.
inline constexpr std::string_view kLocationIri = "https://uri.etsi.org/ngsi-ld/location";
inline constexpr std::string_view kObservationSpaceIri =
    "https://uri.etsi.org/ngsi-ld/observationSpace";
inline constexpr std::string_view kOperationSpaceIri =
    "https://uri.etsi.org/ngsi-ld/operationSpace";

// True if `key` of a stored entity names an attribute (not id/type/scope/...).
inline bool is_attribute_key(std::string_view key) {
  return key != kId && key != kType && key != kScope && key != kCreatedAt &&
         key != kModifiedAt && key != "@context";
}

// True if `key` of a stored attribute instance names a sub-attribute.
inline bool is_sub_attribute_key(std::string_view key) {
  return key != "type" && key != "value" && key != "object" && key != "languageMap" &&
         key != "vocab" && key != "json" && key != "valueList" && key != "objectList" &&
         key != "observedAt" && key != "unitCode" && key != "datasetId" &&
         key != kCreatedAt && key != kModifiedAt && key != "objectType" && key != "lang";
}

}  // namespace cityos::ngsild
