// SPDX-License-Identifier: Apache-2.0
#include "api/ops_routes.h"

#include "common/json.h"

namespace cityos::api {

void add_ops_routes(router& r, store::store const& store, metrics_registry const& metrics) {
  r.add("GET", "/health", [&store](http_request&, route_params const&) -> result<http_response> {
    std::size_t entities = 0;
    auto const tenants = store.tenants();
    for (auto const& t : tenants) entities += store.entity_count(t);
    http_response resp;
    resp.content_type = "application/json";
    resp.body = dump(json::object{{"status", "ok"},
                                  {"tenants", tenants.size()},
                                  {"entities", entities},
                                  {"durableSeq", store.durable_seq()}});
    return resp;
  });
  r.add("GET", "/metrics", [&metrics](http_request&, route_params const&) -> result<http_response> {
    http_response resp;
    resp.content_type = "text/plain; version=0.0.4";
    resp.body = metrics.render();
    return resp;
  });
}

}  // namespace cityos::api
