// SPDX-License-Identifier: Apache-2.0
// The JSON answers of /api/v1/safety/rivers: one station's configuration summary,
// last reading, danger level, forecast (30/60/90 min with interval, predicted
// crossings) and sensor health. Pure; thread-safe for a watch nobody changes meanwhile.
#pragma once

#include "common/json.h"
#include "safety/flood_watch/river_watch.h"

namespace cityos::safety::flood_watch {

// {"id", "entity", "name": {ja, en}, "location": [lon, lat], "referenceLevels": {key: m},
//  "reading": {"time", "level"} | null, "dangerLevel", "indicatedLevel",
//  "forecast": {"at", "level", "slopePerHour", "horizons": [{"minutes", "level", "low", "high"}],
//               "crossings": [{"level", "threshold", "at", "basis"?}]} | null,
//  "health": {"trusted", "faults": ["stuckValue", ...]}, "activeAlerts": [ids],
//  with upstream or rainfall links also "routing": {"at", "base", "own": {"level",
//  "slopePerHour", "horizons"} | null, "routed": [level per horizon | null],
//  "upstream": [{"station", "travelMinutes", "gain", "gainSource", "status",
//  "change": [m per horizon]}], "rainfall": {"entity", "mm", "change"}?} | null,
//  and each crossing's "basis": "ownReadings" | "routed".
json::object station_json(river_watch const& w, std::string const& entity);

}  // namespace cityos::safety::flood_watch
