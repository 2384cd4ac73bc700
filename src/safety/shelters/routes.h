// SPDX-License-Identifier: Apache-2.0
// GET /api/v1/safety/shelters?near=LAT,LON[&limit=N][&maxDistance=M][&all=true]
// (issue 8, evacuation): the nearest shelters to a point, nearest first, each with
// its walking distance and minutes (shelter.h nearby_json), as
// {"shelters": [...], "walking": {"detourFactor", "metresPerMinute"}}.
// `limit` 1-100 (default 5); `maxDistance` metres, straight line; by default only
// shelters that take people (open, not full), all of them with `all=true`.
// 400 for a missing `near` or a malformed parameter.
#pragma once

#include "api/router.h"
#include "safety/shelters/shelter_directory.h"

namespace cityos::safety::shelters {

// `d` must outlive the router.
void add_shelter_routes(api::router& r, shelter_directory const& d);

}  // namespace cityos::safety::shelters
