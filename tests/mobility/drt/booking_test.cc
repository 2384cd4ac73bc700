// SPDX-License-Identifier: Apache-2.0
// Booking documents: both kinds parsed with their defaults, and every
// validation error naming its member.
#include <gtest/gtest.h>

#include <string>

#include "mobility/drt/booking.h"

namespace cityos::mobility::drt {
namespace {

json::value doc(std::string const& text) {
  auto v = parse_json(text);
  EXPECT_TRUE(v.ok()) << text;
  return v.ok() ? *v : json::value{};
}

std::string const kPoints = R"("pickup": {"lat": 34.86, "lon": 138.25}, "dropoff": {"lat": 34.87, "lon": 138.26})";

TEST(booking, passenger_with_defaults) {
  auto b = parse_booking(doc(R"({"kind": "passenger", )" + kPoints + R"(, "pickupTime": "2026-11-26T08:00:00+09:00"})"));
  ASSERT_TRUE(b.ok()) << b.err().detail;
  EXPECT_EQ(b->kind, booking_kind::passenger);
  EXPECT_EQ(b->amount, (load{1, 0, 0}));
  ASSERT_TRUE(b->pickup_time.has_value());
  EXPECT_EQ(*b->pickup_time, *parse_iso8601("2026-11-25T23:00:00Z"));
  EXPECT_FALSE(b->latest_arrival.has_value());
  EXPECT_FALSE(b->max_ride_s.has_value());
  EXPECT_DOUBLE_EQ(b->pickup.lat, 34.86);
  EXPECT_DOUBLE_EQ(b->dropoff.lon, 138.26);
}

TEST(booking, passenger_with_everything) {
  auto b = parse_booking(doc(R"({"id": "r-7", "kind": "passenger", )" + kPoints +
                             R"(, "latestArrival": "2026-11-26T09:00:00+09:00", "passengers": 2,
                                 "wheelchairs": 1, "maxDetour": 1.5, "walkingTolerance": 200,
                                 "rider": "urn:ngsi-ld:Person:p1"})"));
  ASSERT_TRUE(b.ok()) << b.err().detail;
  EXPECT_EQ(b->id, "r-7");
  EXPECT_EQ(b->amount, (load{2, 1, 0}));
  EXPECT_TRUE(b->latest_arrival.has_value());
  EXPECT_EQ(b->max_detour, 1.5);
  EXPECT_EQ(b->walking_tolerance_m, 200);
  EXPECT_EQ(b->rider, "urn:ngsi-ld:Person:p1");
}

TEST(booking, parcel) {
  auto b = parse_booking(doc(R"({"kind": "parcel", )" + kPoints + R"(, "volume": 3,
      "pickupWindow": {"from": "2026-11-26T09:00:00+09:00", "to": "2026-11-26T11:00:00+09:00"},
      "deliveryWindow": {"from": "2026-11-26T10:00:00+09:00", "to": "2026-11-26T17:00:00+09:00"}})"));
  ASSERT_TRUE(b.ok()) << b.err().detail;
  EXPECT_EQ(b->kind, booking_kind::parcel);
  EXPECT_EQ(b->amount, (load{0, 0, 3}));
  EXPECT_EQ(b->delivery_window.to - b->pickup_window.from, 8 * 3600 * 1000);
}

std::string error_of(std::string const& text) {
  auto b = parse_booking(doc(text));
  return b.ok() ? "ok" : b.err().detail;
}

TEST(booking, errors_name_the_member) {
  std::string const at = R"(, "pickupTime": "2026-11-26T08:00:00+09:00")";
  EXPECT_EQ(error_of("[1]"), "a booking must be a JSON object");
  EXPECT_EQ(error_of(R"({)" + kPoints + at + "}"), "'kind' is required: \"passenger\" or \"parcel\"");
  EXPECT_EQ(error_of(R"({"kind": "taxi", )" + kPoints + at + "}"), "'kind' must be \"passenger\" or \"parcel\"");
  EXPECT_EQ(error_of(R"({"kind": "passenger", "dropoff": {"lat": 1, "lon": 2})" + at + "}"),
            "'pickup' is required: {\"lat\": ..., \"lon\": ...}");
  EXPECT_EQ(error_of(R"({"kind": "passenger", "pickup": {"lat": 95, "lon": 2}, "dropoff": {"lat": 1, "lon": 2})" + at + "}"),
            "'pickup' latitude must be between -90 and 90");
  EXPECT_EQ(error_of(R"({"kind": "passenger", "pickup": {"lat": 1, "lon": 2}, "dropoff": {"lat": 1, "lon": 2})" + at + "}"),
            "'dropoff' is the pickup point");
  EXPECT_EQ(error_of(R"({"kind": "passenger", )" + kPoints + "}"),
            "'pickupTime' or 'latestArrival' is required, and not both");
  EXPECT_EQ(error_of(R"({"kind": "passenger", )" + kPoints + at + R"(, "pickupTime2": 1, "passengers": 2.5})"),
            "'passengers' must be a whole number from 0 to 20");
  EXPECT_EQ(error_of(R"({"kind": "passenger", )" + kPoints + at + R"(, "passengers": "two"})"),
            "'passengers' must be a number");
  EXPECT_EQ(error_of(R"({"kind": "passenger", )" + kPoints + at + R"(, "maxRideTime": 600, "maxDetour": 2})"),
            "'maxRideTime' and 'maxDetour' exclude each other");
  EXPECT_EQ(error_of(R"({"kind": "passenger", )" + kPoints + R"(, "pickupTime": "tomorrow"})"),
            "'pickupTime' must be an ISO 8601 date-time such as 2026-11-26T08:00:00+09:00");
  EXPECT_EQ(error_of(R"({"kind": "parcel", )" + kPoints + "}"), "'volume' is required for a parcel");
  EXPECT_EQ(error_of(R"({"rider": "", "kind": "passenger", )" + kPoints + at + "}"),
            "'rider' must have 1 to 256 characters");
  EXPECT_EQ(error_of(R"({"kind": "parcel", )" + kPoints + R"(, "volume": 2,
      "pickupWindow": {"from": "2026-11-26T11:00:00Z", "to": "2026-11-26T10:00:00Z"},
      "deliveryWindow": {"from": "2026-11-26T10:00:00Z", "to": "2026-11-26T17:00:00Z"}})"),
            "'pickupWindow' ends before it starts");
  EXPECT_EQ(error_of(R"({"kind": "parcel", )" + kPoints + R"(, "volume": 2,
      "pickupWindow": {"from": "2026-11-26T11:00:00Z", "to": "2026-11-26T12:00:00Z"},
      "deliveryWindow": {"from": "2026-11-26T08:00:00Z", "to": "2026-11-26T09:00:00Z"}})"),
            "'deliveryWindow' ends before the pickup window starts");
}

TEST(booking, error_kinds) {
  auto type = parse_booking(doc(R"({"kind": 3})"));
  ASSERT_FALSE(type.ok());
  EXPECT_EQ(type.err().code, error_code::invalid_request);
  auto range = parse_booking(doc(R"({"kind": "parcel", )" + kPoints + R"(, "volume": 0})"));
  ASSERT_FALSE(range.ok());
  EXPECT_EQ(range.err().code, error_code::bad_request);
}

}  // namespace
}  // namespace cityos::mobility::drt
