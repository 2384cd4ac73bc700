// SPDX-License-Identifier: Apache-2.0
// The readable form of a plan printed by `cityos plan`: one block per
// itinerary, one line per leg with times, route, headsign, stops and ids.
#pragma once

#include <ostream>

#include "mobility/journeys/itinerary.h"

namespace cityos::mobility::journeys {

// Writes `p` to `out`; "no itinerary found" when there is none.
void write_plan_text(plan_response const& p, std::ostream& out);

}  // namespace cityos::mobility::journeys
