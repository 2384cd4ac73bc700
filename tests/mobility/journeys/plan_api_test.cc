// SPDX-License-Identifier: Apache-2.0
// The journey planner API in a running app::instance (ephemeral port, memory
// store): loaded with the small planner feed it answers 200 / 400 / 422;
// started without a feed its routes answer 503.
#include <gtest/gtest.h>

#include "api/http/http_client.h"
#include "app/instance.h"
#include "common/json.h"

namespace cityos::app {
namespace {

api::client_response get(instance const& city, std::string const& target) {
  api::http_client c;
  auto connected = c.connect("127.0.0.1", city.port());
  EXPECT_TRUE(connected.ok());
  auto r = c.request("GET", target);
  EXPECT_TRUE(r.ok()) << r.err().detail;
  return r.ok() ? *r : api::client_response{};
}

instance_options options(std::string gtfs) {
  instance_options o;
  o.port = 0;
  o.gtfs = std::move(gtfs);
  return o;
}

TEST(plan_api, serves_plans_and_stops_with_a_feed) {
  instance city;
  ASSERT_TRUE(city.start(options(std::string(PLANNER_TEST_DATA) + "/small")).ok());
  auto ok = get(city, "/api/v1/plan?from=42.999,141.0&to=stop:D&time=2024-01-01T07:55&arriveBy=false&maxTransfers=3&lang=ja");
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto j = parse_json(ok.body);
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->at("itineraries").as_array().size(), 2u);
  auto bad = get(city, "/api/v1/plan?from=42.999,141.0&to=stop:D&time=2024-01-01T07:55&maxTransfers=-1");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("'maxTransfers' must be between 0 and 8"), std::string::npos) << bad.body;
  auto far = get(city, "/api/v1/plan?from=10,10&to=stop:D&time=2024-01-01T07:55");
  EXPECT_EQ(far.status, 422) << far.body;
  auto stops = get(city, "/api/v1/stops?near=43.4005,141.0&radius=200&limit=5");
  ASSERT_EQ(stops.status, 200) << stops.body;
  EXPECT_NE(stops.body.find("\"id\":\"H\""), std::string::npos) << stops.body;
  EXPECT_EQ(get(city, "/api/v1/stops?near=43.4005").status, 400);
  city.stop();
}

TEST(plan_api, without_a_feed_answers_503) {
  instance city;
  ASSERT_TRUE(city.start(options("")).ok());
  auto r = get(city, "/api/v1/plan?from=stop:A&to=stop:D&time=2024-01-01T07:55");
  EXPECT_EQ(r.status, 503) << r.body;
  city.stop();
}

TEST(plan_api, an_unusable_feed_stops_the_start) {
  instance city;
  auto r = city.start(options("/nonexistent/feed"));
  ASSERT_FALSE(r.ok());
}

}  // namespace
}  // namespace cityos::app
