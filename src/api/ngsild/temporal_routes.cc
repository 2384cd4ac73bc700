// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/temporal_routes.h"

#include <memory>

#include "api/ngsild/temporal_handlers.h"

namespace cityos::api {

void add_temporal_routes(router& r, broker const& b, store::history_store& history) {
  // Shared by the handlers; lives as long as the routes that hold it.
  auto t = std::make_shared<temporal_api const>(temporal_api{b, history});
  std::string const base = "/ngsi-ld/v1/temporal/entities";
  std::string const entity = base + "/{entityId}";
  std::string const attr = entity + "/attrs/{attrId}";
  std::string const instance = attr + "/{instanceId}";
  using req_t = http_request;
  using p_t = route_params;

  r.add("GET", base, [t](req_t& q, p_t const&) { return query_temporal(*t, q); });
  r.add("POST", base, [t](req_t& q, p_t const&) { return create_temporal(*t, q); });
  r.add("GET", entity, [t](req_t& q, p_t const& p) { return retrieve_temporal(*t, q, p["entityId"]); });
  r.add("DELETE", entity, [t](req_t& q, p_t const& p) { return delete_temporal(*t, q, p["entityId"]); });
  r.add("POST", entity + "/attrs",
        [t](req_t& q, p_t const& p) { return add_temporal_attributes(*t, q, p["entityId"]); });
  r.add("DELETE", attr, [t](req_t& q, p_t const& p) {
    return delete_temporal_attribute(*t, q, p["entityId"], p["attrId"]);
  });
  r.add("PATCH", instance, [t](req_t& q, p_t const& p) {
    return patch_temporal_instance(*t, q, p["entityId"], p["attrId"], p["instanceId"]);
  });
  r.add("DELETE", instance, [t](req_t& q, p_t const& p) {
    return delete_temporal_instance(*t, q, p["entityId"], p["attrId"], p["instanceId"]);
  });
  r.add("POST", "/ngsi-ld/v1/temporal/entityOperations/query",
        [t](req_t& q, p_t const&) { return query_temporal_post(*t, q); });
}

}  // namespace cityos::api
