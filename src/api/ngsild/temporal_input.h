// SPDX-License-Identifier: Apache-2.0
// Expansion of the bodies of the temporal write endpoints: a temporal entity
// (POST /temporal/entities: id, type, and per attribute an array of
// instances, several per datasetId allowed), an attribute fragment
// (POST /temporal/entities/{id}/attrs) and one instance (PATCH .../{instanceId}).
// Instances are validated as entity attributes are (ngsild/entity/entity_input.h)
// and stamped with createdAt/modifiedAt = now. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "ngsild/jsonld/context.h"
#include "store/history/history.h"

namespace cityos::api {

struct temporal_entity_input {
  std::string id;
  std::vector<std::string> types;  // expanded
  std::vector<store::instance_input> instances;
};

// Errors: bad_request (missing or invalid id/type, an attribute that is not an
// instance or an array of instances, invalid instance content).
result<temporal_entity_input> expand_temporal_entity(json::object const& body,
                                                     ngsild::context const& ctx,
                                                     std::string_view now);

// The instances of an attribute fragment ({"attr": [instances], ...}).
// Errors: bad_request, also for an empty fragment.
result<std::vector<store::instance_input>> expand_temporal_fragment(json::object const& body,
                                                                    ngsild::context const& ctx,
                                                                    std::string_view now);

// One instance of attribute `attr_name` (its members may be partial).
// Errors: bad_request.
result<store::instance_input> expand_temporal_instance(std::string_view attr_name,
                                                       json::object const& body,
                                                       ngsild::context const& ctx);

}  // namespace cityos::api
