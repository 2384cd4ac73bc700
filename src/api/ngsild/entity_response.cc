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

namespace {

// Appends the text of `entity` for `lr` to `out`: from `cache` if given, else
// by `writer`, with a "@context" member (`ctx_text`) for ld+json.
void append_entity(std::string& out, store::entity_ptr const& entity, ld_request const& lr,
                   ngsild::render_options const& opt, render_cache* cache,
                   ngsild::entity_writer& writer, std::string const& ctx_text) {
  std::size_t const start = out.size();
  if (cache) {
    out += *cache->render(entity, lr.ctx, opt);
  } else {
    writer.append(*entity, out);
  }
  if (lr.accept != media_type::ld_json) return;
  // "{...}" -> "{...,"@context":...}" (a rendered entity is never empty).
  bool const has_members = out.size() - start > 2;
  out.pop_back();
  if (has_members) out += ',';
  out += "\"@context\":";
  out += ctx_text;
  out += '}';
}

std::string context_text(ld_request const& lr) {
  return lr.accept == media_type::ld_json ? dump(response_context(lr)) : std::string();
}

}  // namespace

http_response entity_response(store::entity_ptr const& entity, ld_request const& lr,
                              ngsild::render_options const& opt, render_cache* cache) {
  if (lr.accept == media_type::geo_json) return json_response(lr, render_one(*entity, lr, opt));
  std::string body;
  ngsild::entity_writer writer(*lr.ctx, opt);
  append_entity(body, entity, lr, opt, cache, writer, context_text(lr));
  return json_text_response(lr, std::move(body));
}

http_response entities_response(std::vector<store::entity_ptr> const& entities,
                                ld_request const& lr, ngsild::render_options const& opt,
                                render_cache* cache) {
  if (lr.accept == media_type::geo_json) return json_response(lr, render_entities(entities, lr, opt));
  std::string const ctx = context_text(lr);
  ngsild::entity_writer writer(*lr.ctx, opt);
  std::string body = "[";
  for (std::size_t i = 0; i < entities.size(); ++i) {
    if (i > 0) body += ',';
    append_entity(body, entities[i], lr, opt, cache, writer, ctx);
  }
  body += ']';
  return json_text_response(lr, std::move(body));
}

}  // namespace cityos::api
