// SPDX-License-Identifier: Apache-2.0
// The on-demand fleet a city runs, from a JSON file given to
// `cityos serve --drt-fleet FILE`:
//   {"vehicles": [{"id": "fujieda-1", "seats": 8, "wheelchairs": 1, "volume": 20,
//                  "depot": {"lat": 34.8675, "lon": 138.2570},
//                  "shiftStart": "2026-11-26T07:00:00+09:00", "shiftEnd": "2026-11-26T20:00:00+09:00"}],
//    "settings": {"roadFactor": 1.3, "speedKmh": 25, "boardingSeconds": 60, "parcelSeconds": 120,
//                 "pickupWindowSeconds": 600, "promiseWidthSeconds": 600, "maxDetour": 2.0},
//    "improvement": {"enabled": true, "sliceMs": 5, "intervalMs": 100}}
// "settings", "improvement" and each of their members are optional (defaults:
// dispatch_settings, improvement_settings).
// Pure functions; thread-safe.
#pragma once

#include <filesystem>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "mobility/drt/dispatcher.h"

namespace cityos::mobility::drt_service {

// Background improvement of the live plans (drt_service::start_improvement):
// a slice of dispatcher::improve under the service mutex every interval.
struct improvement_settings {
  bool enabled = true;
  double slice_ms = 5;       // search time per slice (0.1 .. 1000)
  double interval_ms = 100;  // pause between slices (1 .. 600000)
};

struct fleet_config {
  std::vector<drt::fleet_vehicle> vehicles;
  drt::dispatch_settings settings;
  improvement_settings improvement;
};

// Errors: bad_request naming the vehicle and member (missing id, capacity out
// of range 0..1000, bad coordinates or times, shift ending before it starts).
result<fleet_config> parse_fleet(json::value const& doc);
// Reads and parses the file. Errors: not_found, invalid_request (not JSON), those of parse_fleet.
result<fleet_config> load_fleet(std::filesystem::path const& path);

}  // namespace cityos::mobility::drt_service
