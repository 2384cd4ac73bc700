// SPDX-License-Identifier: Apache-2.0
// The flood watch's configuration (issue 8): the stations watched, each mapped to
// the WaterObserved entity that carries its readings, the official level names,
// the tenant and the timer. JSON (format in docs/flood-watch.md):
//   {"tenant": "", "levelNames": "jma_2026" | {names document},
//    "checkIntervalSeconds": 60, "predictionToleranceMinutes": 15,
//    "shelters": {"count": 3, "maxDistanceMetres": 10000, "detourFactor": 1.3,
//                 "walkingMetresPerMinute": 80},
//    "stations": [{"preset": "masuda_demo", "id"?: ..., "entity"?: ...} |
//                 {<station document of safety/river/station.h>, "entity"?: ...}]}
// A station's `upstream` links must name stations of the same configuration.
// A station's entity defaults to its id. Parsing is pure and thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "common/time.h"
#include "safety/river/level_names.h"
#include "safety/river/station.h"

namespace cityos::safety::flood_watch {

struct watched_station {
  river::station station;
  std::string entity;  // the WaterObserved entity id whose waterLevel (or height) is read
};

// The nearest shelters a flood or predicted alert lists (count 0: none), and the
// walking estimate (safety/shelters/shelter_directory.h walking_model).
struct shelter_settings {
  std::size_t count = 3;           // 0 to 20
  double max_distance_m = 10'000;  // straight line, > 0
  double detour_factor = 1.3;      // 1 to 3
  double metres_per_minute = 80;   // 20 to 200
};

struct flood_config {
  std::string tenant;                    // where readings are read and alerts written ("" default)
  river::level_names names;              // official names in the alert texts
  std::vector<watched_station> stations;  // distinct ids and entities
  epoch_ms check_interval_ms = 60'000;   // missing-report and prediction-expiry timer
  epoch_ms tolerance_ms = 15 * 60'000;   // a predicted alert closes this long after its last prediction's horizon
  shelter_settings shelters;
};

// Parses a configuration document. Errors: bad_request naming the member
// ("stations[1].referenceLevels.caution must be above ...", "stations[2].preset
// 'x' is not a preset", "stations[1].entity is used twice").
result<flood_config> parse_flood_config(json::value const& doc);
// Reads and parses the file at `path`. Errors: not_found (unreadable), invalid_request
// (not JSON), those of parse_flood_config.
result<flood_config> load_flood_config(std::filesystem::path const& path);

}  // namespace cityos::safety::flood_watch
