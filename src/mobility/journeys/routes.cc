// SPDX-License-Identifier: Apache-2.0
#include "mobility/journeys/routes.h"

#include "mobility/journeys/handlers.h"

namespace cityos::mobility::journeys {

void add_journey_routes(api::router& r, journey_planner const* p) {
  using req_t = api::http_request;
  using p_t = api::route_params;
  r.add("GET", "/api/v1/plan", [p](req_t& q, p_t const&) { return get_plan(p, q); });
  r.add("GET", "/api/v1/stops", [p](req_t& q, p_t const&) { return get_stops(p, q); });
}

}  // namespace cityos::mobility::journeys
