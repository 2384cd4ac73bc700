// SPDX-License-Identifier: Apache-2.0
// A day's ridership figures as KeyPerformanceIndicator entities (the shape of
// ngsild/models/kpi_entity.h), ids urn:ngsi-ld:KeyPerformanceIndicator:
//   transit-ridership  (boardings of the buses)
//   drt-ridership      (on-demand passengers carried)
//   drt-parcels        (on-demand parcels delivered)
//   drt-service-rate   (accepted / decided, percent; no kpiValue before a decision)
//   drt-wait           (average wait in minutes; no kpiValue before a pickup)
// each with calculationPeriod {from, to}: the local day (midnight to midnight,
// ISO 8601 with the UTC offset), calculationFrequency "daily" and localDate
// ("YYYY-MM-DD"). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "mobility/ridership/ridership_tally.h"

namespace cityos::mobility::ridership {

// "YYYY-MM-DD" of local days since 1970-01-01.
std::string date_text(std::int32_t date);

// The five entities for `day` (at `utc_offset_s`), dateModified `modified_at`.
std::vector<json::object> kpi_entities(ridership_day const& day, std::int32_t utc_offset_s,
                                       std::string_view modified_at);

}  // namespace cityos::mobility::ridership
