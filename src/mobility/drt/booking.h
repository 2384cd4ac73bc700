// SPDX-License-Identifier: Apache-2.0
// An on-demand booking as a rider's app or a delivery company sends it
// (POST /api/v1/drt/requests), validated. Two kinds:
// - passenger: pickup and drop-off points, a requested pickup time or a
//   latest arrival, party size, wheelchair places, a maximum ride time or
//   detour factor, and how far the rider will walk to a nearby stop point;
// - parcel: pickup and delivery points, a pickup and a delivery time window,
//   and a volume.
// The JSON (times ISO 8601 with offset; a time without one is UTC):
//   {"id": "r1", "kind": "passenger",
//    "pickup": {"lat": 34.86, "lon": 138.25}, "dropoff": {"lat": 34.87, "lon": 138.26},
//    "pickupTime": "2026-11-26T08:00:00+09:00"  |  "latestArrival": "...",
//    "passengers": 2, "wheelchairs": 0, "maxRideTime": 1800  |  "maxDetour": 1.5,
//    "walkingTolerance": 200, "rider": "urn:ngsi-ld:Person:p1"}
//   {"kind": "parcel", "pickup": {...}, "dropoff": {...}, "volume": 3,
//    "pickupWindow": {"from": "...", "to": "..."}, "deliveryWindow": {"from": "...", "to": "..."}}
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "common/json.h"
#include "common/result.h"
#include "common/time.h"
#include "mobility/drt/problem.h"

namespace cityos::mobility::drt {

enum class booking_kind { passenger, parcel };

struct point {
  double lat = 0, lon = 0;
};

struct time_window {
  epoch_ms from = 0, to = 0;  // from <= to
};

struct booking {
  std::string id;  // the client's id, or empty (the dispatcher assigns one)
  booking_kind kind = booking_kind::passenger;
  point pickup, dropoff;
  load amount;  // seats and wheelchair places for passengers, volume for parcels
  // Passengers: exactly one of these.
  std::optional<epoch_ms> pickup_time, latest_arrival;
  std::optional<double> max_ride_s, max_detour;  // at most one; none: the service's default
  double walking_tolerance_m = 0;
  // Parcels.
  time_window pickup_window, delivery_window;
  // The person riding or sending, when known (a token's `sub` or a person
  // URN); published as the request's `subject`, so the request can be
  // personal data (docs/access-control.md).
  std::string rider;
};

inline constexpr int kMaxParty = 20;
inline constexpr int kMaxVolume = 1000;
inline constexpr double kMaxWalkingTolerance = 2000;

// Validates a booking document. Errors: invalid_request when it is not a JSON
// object or a member has the wrong type; bad_request naming the member for
// missing or out-of-range values (coordinates, party size, windows that end
// before they start, both or neither of pickupTime and latestArrival, both
// maxRideTime and maxDetour, pickup equal to drop-off).
result<booking> parse_booking(json::value const& doc);

}  // namespace cityos::mobility::drt
