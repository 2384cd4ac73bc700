// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt/booking.h"

#include <cmath>
#include <string_view>

namespace cityos::mobility::drt {

namespace {

error bad(std::string_view member, std::string_view why) {
  std::string m = "'";
  m += member;
  m += "' ";
  m += why;
  return make_error(error_code::bad_request, std::move(m));
}

error wrong_type(std::string_view member, std::string_view expected) {
  std::string m = "'";
  m += member;
  m += "' must be ";
  m += expected;
  return make_error(error_code::invalid_request, std::move(m));
}

// A member's number, if present. Errors: invalid_request for a non-number.
result<std::optional<double>> number(json::object const& o, std::string_view key) {
  auto const* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<double>{};
  if (!v->is_number()) return wrong_type(key, "a number");
  return std::optional<double>{v->to_number<double>()};
}

result<int> whole(json::object const& o, std::string_view key, int fallback, int lo, int hi) {
  auto n = number(o, key);
  if (!n) return std::move(n).err();
  if (!*n) return fallback;
  double const v = **n;
  if (v != std::floor(v) || v < lo || v > hi)
    return bad(key, "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
  return static_cast<int>(v);
}

result<point> location(json::object const& o, std::string_view key) {
  auto const* v = o.if_contains(key);
  if (!v) return bad(key, "is required: {\"lat\": ..., \"lon\": ...}");
  if (!v->is_object()) return wrong_type(key, "an object {\"lat\": ..., \"lon\": ...}");
  auto const& p = v->as_object();
  auto lat = number(p, "lat");
  if (!lat) return std::move(lat).err();
  auto lon = number(p, "lon");
  if (!lon) return std::move(lon).err();
  if (!*lat || !*lon) return bad(key, "needs both lat and lon");
  if (**lat < -90 || **lat > 90) return bad(key, "latitude must be between -90 and 90");
  if (**lon < -180 || **lon > 180) return bad(key, "longitude must be between -180 and 180");
  return point{**lat, **lon};
}

result<std::optional<epoch_ms>> instant(json::object const& o, std::string_view key) {
  auto const* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<epoch_ms>{};
  if (!v->is_string()) return wrong_type(key, "an ISO 8601 date-time string");
  auto t = parse_iso8601(std::string_view(v->as_string()));
  if (!t) return bad(key, "must be an ISO 8601 date-time such as 2026-11-26T08:00:00+09:00");
  return std::optional<epoch_ms>{*t};
}

result<time_window> window(json::object const& o, std::string_view key) {
  auto const* v = o.if_contains(key);
  if (!v) return bad(key, "is required: {\"from\": ISO 8601, \"to\": ISO 8601}");
  if (!v->is_object()) return wrong_type(key, "an object {\"from\": ..., \"to\": ...}");
  auto from = instant(v->as_object(), "from");
  if (!from) return std::move(from).err();
  auto to = instant(v->as_object(), "to");
  if (!to) return std::move(to).err();
  if (!*from || !*to) return bad(key, "needs both from and to");
  if (**to < **from) return bad(key, "ends before it starts");
  return time_window{**from, **to};
}

result<void> passenger_fields(json::object const& o, booking& b) {
  auto party = whole(o, "passengers", 1, 0, kMaxParty);
  if (!party) return std::move(party).err();
  auto chairs = whole(o, "wheelchairs", 0, 0, kMaxParty);
  if (!chairs) return std::move(chairs).err();
  if (*party + *chairs == 0) return bad("passengers", "and 'wheelchairs' cannot both be 0");
  b.amount = {*party, *chairs, 0};
  auto pickup = instant(o, "pickupTime");
  if (!pickup) return std::move(pickup).err();
  auto arrival = instant(o, "latestArrival");
  if (!arrival) return std::move(arrival).err();
  if (pickup->has_value() == arrival->has_value())
    return bad("pickupTime", "or 'latestArrival' is required, and not both");
  b.pickup_time = *pickup;
  b.latest_arrival = *arrival;
  auto ride = number(o, "maxRideTime");
  if (!ride) return std::move(ride).err();
  auto detour = number(o, "maxDetour");
  if (!detour) return std::move(detour).err();
  if (*ride && *detour) return bad("maxRideTime", "and 'maxDetour' exclude each other");
  if (*ride && (**ride <= 0 || **ride > 86'400)) return bad("maxRideTime", "must be seconds from 1 to 86400");
  if (*detour && (**detour < 1 || **detour > 10)) return bad("maxDetour", "must be a factor from 1 to 10");
  b.max_ride_s = *ride;
  b.max_detour = *detour;
  auto walk = number(o, "walkingTolerance");
  if (!walk) return std::move(walk).err();
  if (*walk && (**walk < 0 || **walk > kMaxWalkingTolerance))
    return bad("walkingTolerance", "must be metres from 0 to " + std::to_string(static_cast<int>(kMaxWalkingTolerance)));
  b.walking_tolerance_m = walk->value_or(0);
  return {};
}

result<void> parcel_fields(json::object const& o, booking& b) {
  auto volume = whole(o, "volume", -1, 1, kMaxVolume);
  if (!volume) return std::move(volume).err();
  if (*volume < 0) return bad("volume", "is required for a parcel");
  b.amount = {0, 0, *volume};
  auto pickup = window(o, "pickupWindow");
  if (!pickup) return std::move(pickup).err();
  auto delivery = window(o, "deliveryWindow");
  if (!delivery) return std::move(delivery).err();
  if (delivery->to < pickup->from) return bad("deliveryWindow", "ends before the pickup window starts");
  b.pickup_window = *pickup;
  b.delivery_window = *delivery;
  return {};
}

}  // namespace

result<booking> parse_booking(json::value const& doc) {
  if (!doc.is_object()) return make_error(error_code::invalid_request, "a booking must be a JSON object");
  auto const& o = doc.as_object();
  booking b;
  if (auto const* id = o.if_contains("id")) {
    if (!id->is_string()) return wrong_type("id", "a string");
    b.id = std::string(id->as_string());
    if (b.id.empty() || b.id.size() > 256) return bad("id", "must have 1 to 256 characters");
  }
  if (auto const* rider = o.if_contains("rider")) {
    if (!rider->is_string()) return wrong_type("rider", "a string");
    b.rider = std::string(rider->as_string());
    if (b.rider.empty() || b.rider.size() > 256) return bad("rider", "must have 1 to 256 characters");
  }
  auto const* kind = o.if_contains("kind");
  if (!kind) return bad("kind", "is required: \"passenger\" or \"parcel\"");
  if (!kind->is_string()) return wrong_type("kind", "\"passenger\" or \"parcel\"");
  if (kind->as_string() == "passenger") b.kind = booking_kind::passenger;
  else if (kind->as_string() == "parcel") b.kind = booking_kind::parcel;
  else return bad("kind", "must be \"passenger\" or \"parcel\"");
  auto pickup = location(o, "pickup");
  if (!pickup) return std::move(pickup).err();
  auto dropoff = location(o, "dropoff");
  if (!dropoff) return std::move(dropoff).err();
  if (pickup->lat == dropoff->lat && pickup->lon == dropoff->lon) return bad("dropoff", "is the pickup point");
  b.pickup = *pickup;
  b.dropoff = *dropoff;
  auto fields = b.kind == booking_kind::passenger ? passenger_fields(o, b) : parcel_fields(o, b);
  if (!fields) return std::move(fields).err();
  return b;
}

}  // namespace cityos::mobility::drt
