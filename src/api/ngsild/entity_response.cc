// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/entity_response.h"

namespace cityos::api {

json::value render_one(json::object const& stored, ld_request const& lr,
                       ngsild::render_options const& opt) {
  if (lr.accept == media_type::geo_json) {
    auto f = ngsild::render_geojson_feature(stored, *lr.ctx, opt);
    f["@context"] = response_context(lr);
    return f;
  }
  return ngsild::render_entity(stored, *lr.ctx, opt);
}

json::value render_entities(std::vector<store::entity_ptr> const& entities, ld_request const& lr,
                            ngsild::render_options const& opt) {
  json::array out;
  out.reserve(entities.size());
  if (lr.accept == media_type::geo_json) {
    for (auto const& e : entities) out.push_back(ngsild::render_geojson_feature(*e, *lr.ctx, opt));
    auto fc = ngsild::make_feature_collection(std::move(out));
    fc["@context"] = response_context(lr);
    return fc;
  }
  for (auto const& e : entities) out.push_back(ngsild::render_entity(*e, *lr.ctx, opt));
  return out;
}

}  // namespace cityos::api
