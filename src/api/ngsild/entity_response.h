// SPDX-License-Identifier: Apache-2.0
// Renders stored entities for a response in the requested media type:
// JSON entities, or GeoJSON Features / a FeatureCollection for
// application/geo+json.
#pragma once

#include <vector>

#include "api/ngsild/ld_request.h"
#include "api/ngsild/render_cache.h"
#include "ngsild/entity/entity_render.h"
#include "store/store.h"

namespace cityos::api {

json::value render_one(json::object const& stored, ld_request const& lr,
                       ngsild::render_options const& opt);
json::value render_entities(std::vector<store::entity_ptr> const& entities, ld_request const& lr,
                            ngsild::render_options const& opt);

// The 200 response with `entity` (or the array of `entities`) rendered for
// `lr`, as json_response(lr, render_one(...)) builds it. JSON and JSON-LD
// bodies are written as text, each entity's from `cache` (if not null) when it
// has it, else rendered in a scratch arena.
http_response entity_response(store::entity_ptr const& entity, ld_request const& lr,
                              ngsild::render_options const& opt, render_cache* cache);
http_response entities_response(std::vector<store::entity_ptr> const& entities,
                                ld_request const& lr, ngsild::render_options const& opt,
                                render_cache* cache);

}  // namespace cityos::api
