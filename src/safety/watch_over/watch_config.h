// SPDX-License-Identifier: Apache-2.0
// The watch-over configuration (issue 8): the persons watched, each with the
// Device entity of their location tag, a home-zone polygon, the carers who may see
// their alerts (API key ids or token subjects; each also needs the person's consent,
// type WatchOverAlert), the daytime window for the no-movement alert, its minutes,
// the low-battery threshold and how long positions are kept. JSON (format in
// docs/flood-watch.md):
//   {"tenant": "", "checkIntervalSeconds": 60, "persons": [{"person": "urn:ngsi-ld:Person:hanako",
//    "name": {"ja", "en"}?, "device": "urn:ngsi-ld:Device:tag-01",
//    "homeZone": {"type": "Polygon", "coordinates": [[[lon, lat], ...]]}, "carers": ["key-id"],
//    "daytime": {"from": "07:00", "to": "19:00"}?, "utcOffsetMinutes": 540?,
//    "noMovementMinutes": 120?, "movementMetres": 30?, "lowBattery": 0.2?, "retentionDays": 7?}]}
// Parsing is pure and thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "common/time.h"
#include "safety/watch_over/geofence.h"

namespace cityos::safety::watch_over {

struct watched_person {
  std::string person;               // the subject of the alerts (URN or bare id)
  std::string name_ja, name_en;     // for the alert texts; default: the person id
  std::string device;               // Device entity id of the tag
  polygon home_zone;
  std::vector<std::string> carers;  // key ids / token subjects
  epoch_ms day_from_ms = 7 * 3'600'000;   // local time of day the daytime starts
  epoch_ms day_to_ms = 19 * 3'600'000;    // ... and ends (may wrap midnight)
  int utc_offset_min = 540;
  epoch_ms no_movement_ms = 120 * 60'000;
  double movement_m = 30;           // moving less than this from the last anchor is no movement
  double low_battery = 0.2;         // batteryLevel (0..1) below this raises; recovers at +0.05
  epoch_ms retention_ms = 7 * 86'400'000LL;
};

struct watch_config {
  std::string tenant;
  std::vector<watched_person> persons;  // distinct persons and devices
  epoch_ms check_interval_ms = 60'000;
};

// Parses a configuration document. Errors: bad_request naming the member
// ("persons[0].homeZone must be a GeoJSON Polygon with at least 3 points").
result<watch_config> parse_watch_config(json::value const& doc);
// Reads and parses the file. Errors: not_found, invalid_request, those of parse_watch_config.
result<watch_config> load_watch_config(std::filesystem::path const& path);

}  // namespace cityos::safety::watch_over
