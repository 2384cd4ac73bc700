// SPDX-License-Identifier: Apache-2.0
// The exact fare of a planned journey: its rides priced together by a
// fares::fare_calculator (tickets may cover several rides).
#pragma once

#include "mobility/fares/fare_calculator.h"
#include "mobility/planner/raptor.h"

namespace cityos::mobility::planner {

// Sets j.fare and j.currency from the journey's rides; leaves fare empty if
// some ride has no applicable fare. A walk-only journey costs 0 (in the
// currency of the feed's first fare). Times of rides are those of the legs.
void price_journey(timetable const& tt, fares::fare_calculator const& fares, journey& j);

}  // namespace cityos::mobility::planner
