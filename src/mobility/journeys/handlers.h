// SPDX-License-Identifier: Apache-2.0
// Handlers of the journey planner HTTP API (docs/mobility.md, "HTTP API and
// CLI"): GET /api/v1/plan and GET /api/v1/stops. Parse -> plan -> render; a
// null planner (no feed loaded) answers `unavailable` (503). Errors:
// bad_request (400) for bad parameters, unprocessable (422) when a coordinate
// has no stop within walking range.
#pragma once

#include "api/http/message.h"
#include "common/result.h"
#include "mobility/journeys/journey_planner.h"

namespace cityos::mobility::journeys {

// ?from=&to=&time=[&arriveBy=][&maxTransfers=][&maxWalk=][&lang=] -> plan JSON.
result<api::http_response> get_plan(journey_planner const* p, api::http_request const& req);
// ?near=lat,lon[&radius=m (default 500, at most 5000)][&limit=N (default 20, 1..100)][&lang=] -> stops JSON.
result<api::http_response> get_stops(journey_planner const* p, api::http_request const& req);

}  // namespace cityos::mobility::journeys
