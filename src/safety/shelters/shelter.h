// SPDX-License-Identifier: Apache-2.0
// An evacuation shelter as the safety services see it, read from a stored entity
// (ngsild/entity/stored_entity.h). A shelter is an entity whose type's local name is
// EvacuationShelter or Shelter, or a PointOfInterest (Smart Data Models) whose
// `category` holds a code naming a shelter ("shelter", "floodShelter",
// "evacuationShelter", "避難所", ...: any string containing "shelter" or "避難"),
// with a GeoJSON Point `location`. Members read (by local name, any @context):
// `name` (LanguageProperty ja/en, or a Property string), `capacity` (people),
// `occupancy` (people now; `currentOccupancy` also accepted), `status` ("open",
// "closed", "full"; absent = open). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/json.h"

namespace cityos::safety::shelters {

struct shelter {
  std::string id;
  std::string name_ja;  // either may be empty; a plain string name fills both
  std::string name_en;
  double lon = 0;
  double lat = 0;
  std::optional<std::int64_t> capacity;
  std::optional<std::int64_t> occupancy;
  std::string status;  // as given, "" if absent

  // Open, not closed or full, and with room when capacity and occupancy are known.
  bool takes_people() const;
};

// The shelter `stored` describes, or nullopt if it is not one (see above) or has no Point location.
std::optional<shelter> read_shelter(json::object const& stored);

// The shelter, its straight-line distance and the walking estimate from a point.
struct nearby {
  shelter place;
  double distance_m = 0;  // great circle
  double walking_m = 0;   // distance_m * detour factor
  int walking_minutes = 0;  // walking_m / speed, rounded up
};

// {"id", "name": {"ja", "en"}, "location": [lon, lat], "distance", "walkingDistance",
//  "walkingMinutes", "capacity"?, "occupancy"?, "status", "available": takes_people()}
// (metres, minutes).
json::object nearby_json(nearby const& n);

}  // namespace cityos::safety::shelters
