// SPDX-License-Identifier: Apache-2.0
// King County Metro vehicle positions (OTP test feed, September 2021) as
// Smart Data Models Vehicle entities against the KCM static feed (2016: the
// routes and stops are there, the trips are not).
#include <gtest/gtest.h>

#include <string>

#include "mobility/gtfs/feed_loader.h"
#include "mobility/realtime/feed_reader.h"
#include "mobility/realtime/parse.h"
#include "mobility/realtime/vehicles.h"

namespace cityos::mobility::realtime {
namespace {

std::string const kOtp = std::string(CITYOS_SHARED_DIR) + "/data/gtfs/otp-test-feeds";

TEST(vehicle_entities, king_county_positions) {
  auto st = gtfs::load_feed(kOtp + "/kcm_gtfs.zip");
  ASSERT_TRUE(st.ok()) << st.err().detail;
  auto bytes = read_feed_bytes(kOtp + "/king-county-metro-1.pbf", std::chrono::seconds(5));
  ASSERT_TRUE(bytes.ok());
  auto rt = parse_feed(*bytes);
  ASSERT_TRUE(rt.ok()) << rt.err().detail;

  auto entities = vehicle_entities(st->data, *rt, {"kcm"});
  ASSERT_EQ(entities.size(), rt->vehicles.size());
  auto const& e = entities[0];
  EXPECT_EQ(e.at("id"), "urn:ngsi-ld:Vehicle:kcm:4382");
  EXPECT_EQ(e.at("type"), "Vehicle");
  auto const& loc = e.at("location").as_object();
  EXPECT_EQ(loc.at("type"), "GeoProperty");
  auto const& c = loc.at("value").at("coordinates").as_array();
  EXPECT_NEAR(c[0].as_double(), -122.370, 0.001);
  EXPECT_NEAR(c[1].as_double(), 47.636, 0.001);
  EXPECT_EQ(loc.at("observedAt"), "2021-09-02T15:31:30.000Z");  // timestamp 1630596690
  EXPECT_EQ(e.at("vehicleType").at("value"), "bus");           // route 100001 has route_type 3
  EXPECT_EQ(e.at("refGtfsRoute").at("object"), "urn:ngsi-ld:GtfsRoute:kcm:100001");
  EXPECT_EQ(e.at("refGtfsStop").at("object"), "urn:ngsi-ld:GtfsStop:kcm:2470");
  EXPECT_EQ(e.at("tripId").at("value"), "49195152");
  EXPECT_EQ(e.at("name").at("value"), "4382");
  EXPECT_EQ(e.at("currentStopSequence").at("value"), 169);
  EXPECT_EQ(e.at("serviceStatus").at("value"), "onRoute");
}

TEST(vehicle_entities, minimal_position_and_types) {
  gtfs::feed empty;
  realtime_feed rt;
  vehicle_position v;
  v.entity_id = "e1";
  v.where = position{35.0, 139.0, 90.0, 10.0, {}};
  rt.vehicles.push_back(v);
  rt.vehicles.push_back(vehicle_position{});  // no coordinates: left out
  auto entities = vehicle_entities(empty, rt, {});
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].at("id"), "urn:ngsi-ld:Vehicle:e1");
  EXPECT_EQ(entities[0].at("bearing").at("value"), 90.0);
  EXPECT_EQ(entities[0].at("speed").at("value"), 36.0);  // km/h
  EXPECT_FALSE(entities[0].contains("vehicleType"));
  EXPECT_EQ(vehicle_type(0), "tram");
  EXPECT_EQ(vehicle_type(3), "bus");
  EXPECT_EQ(vehicle_type(704), "bus");
  EXPECT_EQ(vehicle_type(11), "trolley");
  EXPECT_EQ(vehicle_type(2), "other");
}

}  // namespace
}  // namespace cityos::mobility::realtime
