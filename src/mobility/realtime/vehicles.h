// SPDX-License-Identifier: Apache-2.0
// Vehicle positions as NGSI-LD entities of the Smart Data Models type
// Transportation/Vehicle, normalized form, ready for a batch upsert:
//   id          urn:ngsi-ld:Vehicle:<prefix>:<vehicle id> (gtfs::gtfs_entity_id;
//               the entity id when the descriptor has no vehicle id)
//   location    GeoProperty Point, observedAt = the position's timestamp
//   bearing (degrees), speed (km/h, from m/s), vehicleType (from the route's
//   route_type: tram, bus, trolley, else other), name (label),
//   vehiclePlateIdentifier, fleetVehicleId, serviceStatus "onRoute" when on a
//   trip, tripId, currentStopSequence, observationDateTime, and relationships
//   refGtfsRoute / refGtfsStop to the entities `cityos gtfs import` publishes
//   (same prefix) when the static feed knows the route / stop.
// Positions without coordinates are left out. Pure; does not fail.
#pragma once

#include <string>
#include <vector>

#include "common/json.h"
#include "mobility/gtfs/feed.h"
#include "mobility/realtime/realtime_feed.h"

namespace cityos::mobility::realtime {

struct vehicle_options {
  std::string prefix;  // id namespace, as gtfs::publish_options::prefix
};

std::vector<json::object> vehicle_entities(gtfs::feed const& f, realtime_feed const& rt,
                                           vehicle_options const& options);

// Smart Data Models vehicleType of a GTFS route_type (basic or extended).
std::string vehicle_type(std::int32_t route_type);

}  // namespace cityos::mobility::realtime
