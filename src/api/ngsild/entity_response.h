// SPDX-License-Identifier: Apache-2.0
// Renders stored entities for a response in the requested media type:
// JSON entities, or GeoJSON Features / a FeatureCollection for
// application/geo+json.
#pragma once

#include <vector>

#include "api/ngsild/ld_request.h"
#include "ngsild/entity/entity_render.h"
#include "store/store.h"

namespace cityos::api {

json::value render_one(json::object const& stored, ld_request const& lr,
                       ngsild::render_options const& opt);
json::value render_entities(std::vector<store::entity_ptr> const& entities, ld_request const& lr,
                            ngsild::render_options const& opt);

}  // namespace cityos::api
