// SPDX-License-Identifier: Apache-2.0
// The JSON of the journey planner API (GET /api/v1/plan, GET /api/v1/stops and
// `cityos plan --json`), documented in docs/mobility.md. Pure functions.
#pragma once

#include <vector>

#include "common/json.h"
#include "mobility/journeys/itinerary.h"
#include "mobility/journeys/journey_planner.h"

namespace cityos::mobility::journeys {

// {"from", "to", "time", "arriveBy", "timezone", "itineraries": [...]}.
json::object plan_to_json(plan_response const& p);
// One itinerary; times as local ISO 8601 date-times of day `date`.
json::object itinerary_to_json(itinerary const& it, std::int32_t date);
// One leg; walk legs carry "distance", transit legs the GTFS ids and names.
json::object leg_to_json(itinerary_leg const& l, std::int32_t date);
// {"stops": [{"id", "name", "names", "parentStation", "distance", "location"}]}.
json::object stops_to_json(std::vector<stop_info> const& stops);

}  // namespace cityos::mobility::journeys
