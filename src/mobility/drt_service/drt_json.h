// SPDX-License-Identifier: Apache-2.0
// JSON of the on-demand API's answers and of the NGSI-LD entities the
// dispatcher publishes. Times are ISO 8601 UTC. Entities (normalized, core
// @context):
// - Vehicle (Smart Data Models Transportation): urn:ngsi-ld:Vehicle:drt:<id>,
//   location, serviceStatus (parked | onRoute | outOfService), vehiclePlan
//   (the planned stops), onboard {seats, wheelchairs, volume};
// - DrtRequest: urn:ngsi-ld:DrtRequest:<id>, requestKind, status, refVehicle,
//   promisedPickup / promisedDropoff {from, to}, pickupLocation, dropoffLocation,
//   load {seats, wheelchairs, volume}, requestedPickupTime (when the booking gave
//   one), pickedUpAt (once picked up); a rejected booking: status "rejected",
//   rejectionReason, no promise and no refVehicle (read by mobility/ridership).
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/json.h"
#include "mobility/drt/dispatcher.h"

namespace cityos::mobility::drt_service {

json::object decision_json(drt::decision const& d);
json::object request_json(drt::request_view const& r);
json::object vehicle_json(drt::vehicle_view const& v);
json::array plan_json(drt::vehicle_view const& v);

std::string vehicle_entity_id(std::string_view id);
std::string request_entity_id(std::string_view id);
json::object vehicle_entity(drt::vehicle_view const& v);
json::object request_entity(drt::request_view const& r);
// The DrtRequest of a booking the dispatcher rejected (decision `d`).
json::object rejected_request_entity(drt::booking const& b, drt::decision const& d);

}  // namespace cityos::mobility::drt_service
