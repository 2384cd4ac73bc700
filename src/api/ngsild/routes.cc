// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/routes.h"

#include "api/ngsild/attribute_handlers.h"
#include "api/ngsild/batch_handlers.h"
#include "api/ngsild/context_handlers.h"
#include "api/ngsild/discovery_handlers.h"
#include "api/ngsild/entity_handlers.h"

namespace cityos::api {

void add_ngsild_routes(router& r, broker const& b) {
  std::string const v1 = "/ngsi-ld/v1";
  std::string const entity = v1 + "/entities/{entityId}";
  std::string const attr = entity + "/attrs/{attrId}";
  using req_t = http_request;
  using p_t = route_params;

  r.add("POST", v1 + "/entities", [&b](req_t& q, p_t const&) { return create_entity(b, q); });
  r.add("GET", v1 + "/entities", [&b](req_t& q, p_t const&) { return query_entities(b, q); });
  r.add("GET", entity, [&b](req_t& q, p_t const& p) { return retrieve_entity(b, q, p["entityId"]); });
  r.add("DELETE", entity, [&b](req_t& q, p_t const& p) { return delete_entity(b, q, p["entityId"]); });
  r.add("PATCH", entity, [&b](req_t& q, p_t const& p) { return merge_entity(b, q, p["entityId"]); });
  r.add("PUT", entity, [&b](req_t& q, p_t const& p) { return replace_entity(b, q, p["entityId"]); });
  r.add("POST", entity + "/attrs",
        [&b](req_t& q, p_t const& p) { return append_attributes(b, q, p["entityId"]); });
  r.add("PATCH", entity + "/attrs",
        [&b](req_t& q, p_t const& p) { return update_attributes(b, q, p["entityId"]); });
  r.add("PATCH", attr,
        [&b](req_t& q, p_t const& p) { return patch_attribute(b, q, p["entityId"], p["attrId"]); });
  r.add("PUT", attr,
        [&b](req_t& q, p_t const& p) { return replace_attribute(b, q, p["entityId"], p["attrId"]); });
  r.add("DELETE", attr,
        [&b](req_t& q, p_t const& p) { return delete_attribute(b, q, p["entityId"], p["attrId"]); });

  std::string const ops = v1 + "/entityOperations/";
  r.add("POST", ops + "create",
        [&b](req_t& q, p_t const&) { return batch_write(b, q, batch_kind::create); });
  r.add("POST", ops + "upsert",
        [&b](req_t& q, p_t const&) { return batch_write(b, q, batch_kind::upsert); });
  r.add("POST", ops + "update",
        [&b](req_t& q, p_t const&) { return batch_write(b, q, batch_kind::update); });
  r.add("POST", ops + "merge",
        [&b](req_t& q, p_t const&) { return batch_write(b, q, batch_kind::merge); });
  r.add("POST", ops + "delete", [&b](req_t& q, p_t const&) { return batch_delete(b, q); });
  r.add("POST", ops + "query", [&b](req_t& q, p_t const&) { return batch_query(b, q); });

  r.add("GET", v1 + "/types", [&b](req_t& q, p_t const&) { return list_types(b, q); });
  r.add("GET", v1 + "/types/{type}", [&b](req_t& q, p_t const& p) { return type_info(b, q, p["type"]); });
  r.add("GET", v1 + "/attributes", [&b](req_t& q, p_t const&) { return list_attributes(b, q); });
  r.add("GET", v1 + "/attributes/{attrId}",
        [&b](req_t& q, p_t const& p) { return attribute_info(b, q, p["attrId"]); });

  std::string const ctx = v1 + "/jsonldContexts";
  r.add("POST", ctx, [&b](req_t& q, p_t const&) { return add_context(b, q); });
  r.add("GET", ctx, [&b](req_t& q, p_t const&) { return list_contexts(b, q); });
  r.add("GET", ctx + "/{contextId}", [&b](req_t& q, p_t const& p) { return get_context(b, q, p["contextId"]); });
  r.add("DELETE", ctx + "/{contextId}",
        [&b](req_t& q, p_t const& p) { return delete_context(b, q, p["contextId"]); });
}

}  // namespace cityos::api
