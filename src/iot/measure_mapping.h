// SPDX-License-Identifier: Apache-2.0
// Turns one measure set of a device into an NGSI-LD attribute update of the
// device's entity, following the IoT Agent conventions: payload keys are
// mapped through the device's and then the group's attribute mappings
// (object_id -> name, type, unitCode); unmapped keys keep their name unless
// explicitAttrs; "id" and "type" keys are ignored; observedAt is the payload's
// TimeInstant or the arrival time. Values are converted by the mapping type
// (Number/Integer/Float from text, Boolean, geo:point "lat,lon" -> GeoJSON
// Point, geo:json, Relationship, DateTime). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "iot/payload.h"
#include "iot/provisioning.h"
#include "ngsild/jsonld/context.h"

namespace cityos::iot {

// What one measure set does to one entity. Attribute members are in the
// stored form of ngsild/entity/stored_entity.h (expanded IRIs, instance arrays).
struct entity_update {
  std::string entity_id;
  std::string entity_type;        // expanded type IRI
  json::object attributes;        // measured attributes, with observedAt
  json::object static_attributes; // written when the entity lacks them
  std::vector<std::string> rejected;  // "<key>: <reason>" of values dropped
};

// Maps `measures` of device `d` (group `g` may be null) arriving at
// `arrival` (ISO 8601). Values that cannot be converted to their mapped type
// are dropped and listed in `rejected`. Errors: bad_request if TimeInstant is
// not an ISO 8601 date-time.
result<entity_update> map_measures(device const& d, service_group const* g,
                                   measure_set const& measures, std::string_view arrival,
                                   ngsild::context const& ctx);

// Converts `value` to a compact NGSI-LD attribute of IoT Agent type `type`
// ({"type": "Property", "value": ...} etc.). Errors: bad_request naming the problem.
result<json::object> to_ngsi_attribute(std::string_view type, json::value const& value);

// The new stored entity after `u`: created (make_created) if `current` is null,
// else `u`'s attributes appended over it (plus static attributes it lacks).
// Meant to run inside a store mutation. Errors: as ngsild::append_attributes.
result<json::object> apply_update(json::object const* current, entity_update const& u,
                                  std::string_view now);

}  // namespace cityos::iot
