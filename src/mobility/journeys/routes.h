// SPDX-License-Identifier: Apache-2.0
// Registers the journey planner routes (GET /api/v1/plan, GET /api/v1/stops)
// on a router. The only file that knows their URLs.
#pragma once

#include "api/router.h"
#include "mobility/journeys/journey_planner.h"

namespace cityos::mobility::journeys {

// Adds the routes; `p` (null: no feed loaded, the routes answer 503) must outlive `r`.
void add_journey_routes(api::router& r, journey_planner const* p);

}  // namespace cityos::mobility::journeys
