// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/routes.h"

#include "api/ngsild/attribute_handlers.h"
#include "api/ngsild/batch_handlers.h"
#include "api/ngsild/context_handlers.h"
#include "api/ngsild/discovery_handlers.h"
#include "api/ngsild/entity_handlers.h"
#include "auth/guarded_store.h"

namespace cityos::api {

namespace {

// Runs `h(broker, request, params)` with the broker's store seen through the
// caller's access when access control is on (auth/guarded_store.h).
template <typename H>
route_handler guarded(broker const& b, H h) {
  return [&b, h](http_request& q, route_params const& p) -> result<http_response> {
    if (!q.access) return h(b, q, p);
    auth::guarded_store store(b.store, *q.access);
    // The guarded store hands out the store's own snapshots (or none), so
    // rendered texts stay shared with other callers.
    broker const scoped{store, b.contexts, b.limits, b.now, b.public_url, b.renders};
    return h(scoped, q, p);
  };
}

}  // namespace

void add_ngsild_routes(router& r, broker const& b) {
  std::string const v1 = "/ngsi-ld/v1";
  std::string const entity = v1 + "/entities/{entityId}";
  std::string const attr = entity + "/attrs/{attrId}";
  using req_t = http_request;
  using p_t = route_params;
  using b_t = broker const&;
  auto add = [&r, &b](std::string method, std::string pattern, auto h) {
    r.add(std::move(method), std::move(pattern), guarded(b, h));
  };

  add("POST", v1 + "/entities", [](b_t b, req_t& q, p_t const&) { return create_entity(b, q); });
  add("GET", v1 + "/entities", [](b_t b, req_t& q, p_t const&) { return query_entities(b, q); });
  add("GET", entity, [](b_t b, req_t& q, p_t const& p) { return retrieve_entity(b, q, p["entityId"]); });
  add("DELETE", entity, [](b_t b, req_t& q, p_t const& p) { return delete_entity(b, q, p["entityId"]); });
  add("PATCH", entity, [](b_t b, req_t& q, p_t const& p) { return merge_entity(b, q, p["entityId"]); });
  add("PUT", entity, [](b_t b, req_t& q, p_t const& p) { return replace_entity(b, q, p["entityId"]); });
  add("POST", entity + "/attrs",
        [](b_t b, req_t& q, p_t const& p) { return append_attributes(b, q, p["entityId"]); });
  add("PATCH", entity + "/attrs",
        [](b_t b, req_t& q, p_t const& p) { return update_attributes(b, q, p["entityId"]); });
  add("PATCH", attr,
        [](b_t b, req_t& q, p_t const& p) { return patch_attribute(b, q, p["entityId"], p["attrId"]); });
  add("PUT", attr,
        [](b_t b, req_t& q, p_t const& p) { return replace_attribute(b, q, p["entityId"], p["attrId"]); });
  add("DELETE", attr,
        [](b_t b, req_t& q, p_t const& p) { return delete_attribute(b, q, p["entityId"], p["attrId"]); });

  std::string const ops = v1 + "/entityOperations/";
  add("POST", ops + "create",
        [](b_t b, req_t& q, p_t const&) { return batch_write(b, q, batch_kind::create); });
  add("POST", ops + "upsert",
        [](b_t b, req_t& q, p_t const&) { return batch_write(b, q, batch_kind::upsert); });
  add("POST", ops + "update",
        [](b_t b, req_t& q, p_t const&) { return batch_write(b, q, batch_kind::update); });
  add("POST", ops + "merge",
        [](b_t b, req_t& q, p_t const&) { return batch_write(b, q, batch_kind::merge); });
  add("POST", ops + "delete", [](b_t b, req_t& q, p_t const&) { return batch_delete(b, q); });
  add("POST", ops + "query", [](b_t b, req_t& q, p_t const&) { return batch_query(b, q); });

  add("GET", v1 + "/types", [](b_t b, req_t& q, p_t const&) { return list_types(b, q); });
  add("GET", v1 + "/types/{type}", [](b_t b, req_t& q, p_t const& p) { return type_info(b, q, p["type"]); });
  add("GET", v1 + "/attributes", [](b_t b, req_t& q, p_t const&) { return list_attributes(b, q); });
  add("GET", v1 + "/attributes/{attrId}",
        [](b_t b, req_t& q, p_t const& p) { return attribute_info(b, q, p["attrId"]); });

  std::string const ctx = v1 + "/jsonldContexts";
  add("POST", ctx, [](b_t b, req_t& q, p_t const&) { return add_context(b, q); });
  add("GET", ctx, [](b_t b, req_t& q, p_t const&) { return list_contexts(b, q); });
  add("GET", ctx + "/{contextId}", [](b_t b, req_t& q, p_t const& p) { return get_context(b, q, p["contextId"]); });
  add("DELETE", ctx + "/{contextId}",
        [](b_t b, req_t& q, p_t const& p) { return delete_context(b, q, p["contextId"]); });
}

}  // namespace cityos::api
