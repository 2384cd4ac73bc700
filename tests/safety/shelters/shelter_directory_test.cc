// SPDX-License-Identifier: Apache-2.0
// The shelter directory on a memory store: shelters stored before start are loaded,
// later writes and deletions arrive through the change feed, and the nearest ones
// come with walking estimates; the /api/v1/safety/shelters route.
#include "safety/shelters/shelter_directory.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ngsild/geo/geo_query.h"
#include "safety/shelters/routes.h"
#include "store/memory/memory_store.h"
#include "store/publish/entity_publisher.h"

namespace cityos::safety::shelters {
namespace {

// A point near Higashi-Muroran station and shelters north of it, 0.005 degrees apart.
constexpr double kLon = 141.02;
constexpr double kLat = 42.35;

json::object shelter_entity(std::string const& id, double lat, int capacity, int occupancy,
                            std::string_view status = "open") {
  auto prop = [](json::value v) { return json::object{{"type", "Property"}, {"value", std::move(v)}}; };
  return json::object{
      {"id", "urn:ngsi-ld:PointOfInterest:" + id},
      {"type", "PointOfInterest"},
      {"category", prop(json::array{"shelter"})},
      {"name", prop(json::value(std::string_view("Shelter " + id)))},
      {"capacity", prop(capacity)},
      {"occupancy", prop(occupancy)},
      {"status", prop(json::value(status))},
      {"location", json::object{{"type", "GeoProperty"},
                                {"value", json::object{{"type", "Point"}, {"coordinates", json::array{kLon, lat}}}}}}};
}

class shelter_directory_test : public ::testing::Test {
 protected:
  void SetUp() override {
    auto st = store::memory_store::open({});
    ASSERT_TRUE(st);
    store = std::move(*st);
  }
  void put(json::object e) { ASSERT_TRUE(store::publish_entities(*store, "", {std::move(e)}, "2026-11-26T00:00:00Z")); }
  std::vector<std::string> nearest_ids(shelter_directory const& d, nearest_query q) {
    std::vector<std::string> out;
    for (auto const& n : d.nearest(q)) out.push_back(n.place.id);
    return out;
  }

  std::unique_ptr<store::memory_store> store;
};

TEST_F(shelter_directory_test, loads_stored_shelters_and_follows_the_change_feed) {
  put(shelter_entity("far", kLat + 0.015, 100, 0));
  put(shelter_entity("near", kLat + 0.005, 100, 0));
  shelter_directory d;
  ASSERT_TRUE(d.start(*store, ""));
  EXPECT_EQ(d.size(), 2u);
  put(shelter_entity("middle", kLat + 0.010, 100, 0));
  EXPECT_EQ(d.size(), 3u);
  nearest_query q{kLon, kLat};
  EXPECT_EQ(nearest_ids(d, q), (std::vector<std::string>{"urn:ngsi-ld:PointOfInterest:near",
                                                          "urn:ngsi-ld:PointOfInterest:middle",
                                                          "urn:ngsi-ld:PointOfInterest:far"}));
  // The nearest fills up, the middle one closes: only the far one still takes people.
  put(shelter_entity("near", kLat + 0.005, 100, 100));
  put(shelter_entity("middle", kLat + 0.010, 100, 0, "closed"));
  EXPECT_EQ(nearest_ids(d, q), (std::vector<std::string>{"urn:ngsi-ld:PointOfInterest:far"}));
  q.available_only = false;
  EXPECT_EQ(nearest_ids(d, q).size(), 3u);
  ASSERT_TRUE(store->modify("", "urn:ngsi-ld:PointOfInterest:far",
                            [](json::object const*) -> result<store::mutation> {
                              return store::mutation{store::mutation::kind::erase, {}};
                            }));
  EXPECT_EQ(d.size(), 2u);
}

TEST_F(shelter_directory_test, limit_distance_and_walking_estimate) {
  for (int i = 1; i <= 6; ++i) put(shelter_entity("s" + std::to_string(i), kLat + 0.004 * i, 500, 10));
  shelter_directory d(walking_model{1.5, 60});
  ASSERT_TRUE(d.start(*store, ""));
  nearest_query q{kLon, kLat};
  q.limit = 2;
  auto const two = d.nearest(q);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].place.id, "urn:ngsi-ld:PointOfInterest:s1");
  double const expected = ngsild::geo::haversine_meters(kLon, kLat, kLon, kLat + 0.004);
  EXPECT_NEAR(two[0].distance_m, expected, 1e-6);
  EXPECT_NEAR(two[0].distance_m, 444.8, 1.0);  // 0.004 degrees of latitude
  EXPECT_NEAR(two[0].walking_m, expected * 1.5, 1e-6);
  EXPECT_EQ(two[0].walking_minutes, static_cast<int>(std::ceil(expected * 1.5 / 60)));
  EXPECT_LT(two[0].distance_m, two[1].distance_m);
  q.limit = 10;
  q.max_distance_m = 1500;  // s1..s3 are within 1.34 km
  EXPECT_EQ(d.nearest(q).size(), 3u);
}

TEST_F(shelter_directory_test, other_tenants_and_other_types_are_not_shelters) {
  shelter_directory d;
  ASSERT_TRUE(d.start(*store, ""));
  ASSERT_TRUE(store::publish_entities(*store, "other", {shelter_entity("x", kLat, 10, 0)}, "2026-11-26T00:00:00Z"));
  auto parking = shelter_entity("p", kLat, 10, 0);
  parking["type"] = "OffStreetParking";
  put(parking);
  EXPECT_EQ(d.size(), 0u);
}

api::http_response get(api::router const& r, std::vector<std::pair<std::string, std::string>> q) {
  api::http_request req;
  req.method = "GET";
  req.path = "/api/v1/safety/shelters";
  req.target = req.path;
  req.query = std::move(q);
  return r.handle(req);
}

TEST_F(shelter_directory_test, route_answers_the_nearest_and_rejects_bad_parameters) {
  put(shelter_entity("a", kLat + 0.002, 100, 0));
  put(shelter_entity("b", kLat + 0.020, 100, 0));
  shelter_directory d;
  ASSERT_TRUE(d.start(*store, ""));
  api::router r;
  add_shelter_routes(r, d);
  auto ok = get(r, {{"near", "42.35,141.02"}, {"limit", "1"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto doc = parse_json(ok.body);
  ASSERT_TRUE(doc);
  auto const& list = doc->at("shelters").as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("id").as_string(), "urn:ngsi-ld:PointOfInterest:a");
  EXPECT_GT(list[0].at("walkingMinutes").as_int64(), 0);
  EXPECT_DOUBLE_EQ(doc->at("walking").at("metresPerMinute").to_number<double>(), 80.0);
  auto within = get(r, {{"near", "42.35,141.02"}, {"maxDistance", "1000"}});
  ASSERT_EQ(within.status, 200);
  EXPECT_EQ(parse_json(within.body)->at("shelters").as_array().size(), 1u);
  for (auto const& bad : std::vector<std::vector<std::pair<std::string, std::string>>>{
           {},
           {{"near", "42.35"}},
           {{"near", "95,141"}},
           {{"near", "42.35,141.02x"}},
           {{"near", "42.35,141.02"}, {"limit", "0"}},
           {{"near", "42.35,141.02"}, {"limit", "2.5"}},
           {{"near", "42.35,141.02"}, {"maxDistance", "-1"}},
           {{"near", "42.35,141.02"}, {"all", "yes"}}}) {
    auto resp = get(r, bad);
    EXPECT_EQ(resp.status, 400) << resp.body;
  }
}

}  // namespace
}  // namespace cityos::safety::shelters
