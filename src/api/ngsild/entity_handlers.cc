// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/entity_handlers.h"

#include "api/ngsild/entity_filter.h"
#include "api/ngsild/entity_response.h"
#include "api/ngsild/ld_request.h"
#include "api/ngsild/render_params.h"
#include "ngsild/entity/entity_input.h"
#include "ngsild/entity/entity_ops.h"

namespace cityos::api {

namespace {

http_response no_content(store::commit_seq seq) {
  http_response r;
  r.status = 204;
  r.wait_seq = seq;
  return r;
}

result<void> check_uri(std::string const& id) {
  if (ngsild::is_uri(id)) return {};
  return make_error(error_code::bad_request, "entity id '" + id + "' is not a URI");
}

}  // namespace

result<http_response> create_entity(broker const& b, http_request& req) {
  auto lr = read_ld_request(req, b.contexts, {.expects_body = true});
  if (!lr) return std::move(lr).err();
  auto expanded = ngsild::expand_entity(lr->body->get_object(), *lr->ctx);
  if (!expanded) return std::move(expanded).err();
  std::string const id(expanded->at("id").get_string());
  auto entity = ngsild::make_created(std::move(*expanded), b.now());
  auto seq = b.store.modify(lr->tenant, id,
                            [&](json::object const* current) -> result<store::mutation> {
                              if (current) {
                                return make_error(error_code::already_exists,
                                                  "entity '" + id + "' already exists");
                              }
                              return store::mutation{store::mutation::kind::put,
                                                     std::move(entity)};
                            });
  if (!seq) return std::move(seq).err();
  http_response r;
  r.status = 201;
  r.headers.emplace_back("Location", "/ngsi-ld/v1/entities/" + id);
  r.wait_seq = *seq;
  return r;
}

result<http_response> query_entities(broker const& b, http_request& req) {
  auto lr = read_ld_request(req, b.contexts, {.allow_geo_json = true});
  if (!lr) return std::move(lr).err();
  auto filter = parse_entity_filter(req, *lr->ctx);
  if (!filter) return std::move(filter).err();
  auto render = parse_render_params(req, *lr->ctx);
  if (!render) return std::move(render).err();
  auto limit = read_size_param(req, "limit", b.limits.default_limit);
  if (!limit) return std::move(limit).err();
  auto offset = read_size_param(req, "offset", 0);
  if (!offset) return std::move(offset).err();
  bool const count = wants_count(req);
  if (filter->empty() && !req.param("local")) {
    return make_error(error_code::bad_request,
                      "give at least one of type, id, idPattern, attrs, q, geo-query or scopeQ");
  }
  if (*limit > b.limits.max_limit) {
    return make_error(error_code::too_many_results,
                      "limit " + std::to_string(*limit) + " exceeds the maximum of " +
                          std::to_string(b.limits.max_limit));
  }
  if (*limit == 0 && !count) {
    return make_error(error_code::bad_request, "limit=0 is only allowed with count=true");
  }
  auto shared = std::make_shared<entity_filter const>(std::move(*filter));
  auto found = b.store.query(lr->tenant, make_store_query(shared, *offset, *limit, count));
  if (!found) return std::move(found).err();
  // Geo-query results rarely repeat: their texts would only push out others.
  auto resp = entities_response(found->entities, *lr, *render, shared->geo ? nullptr : b.renders);
  if (found->total) resp.headers.emplace_back("NGSILD-Results-Count", std::to_string(*found->total));
  return resp;
}

result<http_response> retrieve_entity(broker const& b, http_request& req, std::string const& id) {
  auto lr = read_ld_request(req, b.contexts, {.allow_geo_json = true});
  if (!lr) return std::move(lr).err();
  if (auto r = check_uri(id); !r) return std::move(r).err();
  auto render = parse_render_params(req, *lr->ctx);
  if (!render) return std::move(render).err();
  if (auto r = require_tenant(b, lr->tenant); !r) return std::move(r).err();
  auto e = b.store.get(lr->tenant, id);
  if (!e) return entity_not_found(id);
  if (auto const* t = req.param("type")) {
    auto const* types = e->if_contains("type");
    auto want = lr->ctx->expand_term(*t);
    bool has = false;
    if (types && types->is_array()) {
      for (auto const& x : types->get_array()) has = has || (x.is_string() && x.get_string() == want);
    }
    if (!has) return entity_not_found(id);
  }
  return entity_response(e, *lr, *render, b.renders);
}

result<http_response> delete_entity(broker const& b, http_request& req, std::string const& id) {
  auto lr = read_ld_request(req, b.contexts, {});
  if (!lr) return std::move(lr).err();
  if (auto r = check_uri(id); !r) return std::move(r).err();
  if (auto r = require_tenant(b, lr->tenant); !r) return std::move(r).err();
  auto seq = b.store.modify(lr->tenant, id,
                            [&](json::object const* current) -> result<store::mutation> {
                              if (!current) return entity_not_found(id);
                              return store::mutation{store::mutation::kind::erase, {}};
                            });
  if (!seq) return std::move(seq).err();
  return no_content(*seq);
}

result<http_response> merge_entity(broker const& b, http_request& req, std::string const& id) {
  auto lr = read_ld_request(req, b.contexts, {.expects_body = true});
  if (!lr) return std::move(lr).err();
  if (auto r = check_uri(id); !r) return std::move(r).err();
  auto fragment = ngsild::expand_fragment(lr->body->get_object(), *lr->ctx, {.merge = true});
  if (!fragment) return std::move(fragment).err();
  if (auto r = require_tenant(b, lr->tenant); !r) return std::move(r).err();
  std::string const now = b.now();
  auto seq = b.store.modify(lr->tenant, id,
                            [&](json::object const* current) -> result<store::mutation> {
                              if (!current) return entity_not_found(id);
                              auto merged = ngsild::merge_entity(*current, *fragment, now);
                              if (!merged) return std::move(merged).err();
                              return store::mutation{store::mutation::kind::put,
                                                     std::move(*merged)};
                            });
  if (!seq) return std::move(seq).err();
  return no_content(*seq);
}

result<http_response> replace_entity(broker const& b, http_request& req, std::string const& id) {
  auto lr = read_ld_request(req, b.contexts, {.expects_body = true});
  if (!lr) return std::move(lr).err();
  if (auto r = check_uri(id); !r) return std::move(r).err();
  auto& body = lr->body->get_object();
  if (!body.contains("id")) body["id"] = id;
  auto expanded = ngsild::expand_entity(body, *lr->ctx);
  if (!expanded) return std::move(expanded).err();
  if (auto r = require_tenant(b, lr->tenant); !r) return std::move(r).err();
  std::string const now = b.now();
  auto seq = b.store.modify(lr->tenant, id,
                            [&](json::object const* current) -> result<store::mutation> {
                              if (!current) return entity_not_found(id);
                              auto replaced = ngsild::replace_entity(*current, *expanded, now);
                              if (!replaced) return std::move(replaced).err();
                              return store::mutation{store::mutation::kind::put,
                                                     std::move(*replaced)};
                            });
  if (!seq) return std::move(seq).err();
  return no_content(*seq);
}

}  // namespace cityos::api
