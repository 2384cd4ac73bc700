// SPDX-License-Identifier: Apache-2.0
// The journey planner service on the hand-written feed of the planner tests
// (tests/mobility/planner/data/small): Monday 2024-01-01 A -> D at 07:55 has a
// slow direct trip (08:00 -> 09:30) and a faster one changing at C (08:50).
// Checks place resolution, itineraries, walks, and the exact JSON rendered.
#include <gtest/gtest.h>

#include <sstream>

#include "mobility/gtfs/feed_loader.h"
#include "mobility/journeys/itinerary_text.h"
#include "mobility/journeys/journey_json.h"
#include "mobility/journeys/journey_planner.h"

namespace cityos::mobility::journeys {
namespace {

class small_feed : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto p = load_journey_planner(std::string(PLANNER_TEST_DATA) + "/small");
    ASSERT_TRUE(p.ok()) << p.err().detail;
    planner_ = std::move(*p).release();
  }
  static void TearDownTestSuite() {
    delete planner_;
    planner_ = nullptr;
  }

  static result<plan_response> plan(std::string from, std::string to, std::string time = "2024-01-01T07:55",
                                    plan_params extra = {}) {
    extra.from = std::move(from);
    extra.to = std::move(to);
    extra.time = std::move(time);
    auto r = make_plan_request(extra);
    EXPECT_TRUE(r.ok()) << r.err().detail;
    return planner_->plan(*r);
  }

  static inline journey_planner* planner_ = nullptr;
};

TEST_F(small_feed, stop_to_stop_gives_the_pareto_set) {
  auto p = plan("stop:A", "stop:D");
  ASSERT_TRUE(p.ok()) << p.err().detail;
  ASSERT_EQ(p->itineraries.size(), 2u);
  auto const& direct = p->itineraries[0];
  EXPECT_EQ(direct.transfers, 0);
  ASSERT_EQ(direct.legs.size(), 1u);
  EXPECT_EQ(direct.legs[0].trip_id, "slow1");
  EXPECT_EQ(direct.legs[0].stop_count, 2u);
  auto const& fast = p->itineraries[1];
  EXPECT_EQ(fast.transfers, 1);
  ASSERT_EQ(fast.legs.size(), 2u);
  EXPECT_EQ(fast.legs[0].trip_id, "fast1");
  EXPECT_EQ(fast.legs[1].trip_id, "fast2");
  EXPECT_EQ(fast.legs[1].to.stop_id, "D");
  EXPECT_EQ(fast.arrival, 8 * 3600 + 50 * 60);
}

TEST_F(small_feed, json_of_a_plan) {
  auto p = plan("stop:A", "stop:D", "2024-01-01T07:55", {{}, {}, {}, {}, "0", {}, {}, {}, {}, {}});
  ASSERT_TRUE(p.ok()) << p.err().detail;
  auto const expected = parse_json(R"({
    "from": {"stopId": "A", "name": "Alpha", "location": {"lat": 43.0, "lon": 141.0}},
    "to": {"stopId": "D", "name": "Delta", "location": {"lat": 43.2, "lon": 141.0}},
    "time": "2024-01-01T07:55:00", "arriveBy": false, "timezone": "Asia/Tokyo",
    "itineraries": [{
      "departure": "2024-01-01T08:00:00", "arrival": "2024-01-01T09:30:00", "duration": 5400,
      "transfers": 0, "walkDistance": 0, "fare": null,
      "legs": [{"mode": "transit",
        "from": {"stopId": "A", "name": "Alpha", "location": {"lat": 43.0, "lon": 141.0}},
        "to": {"stopId": "D", "name": "Delta", "location": {"lat": 43.2, "lon": 141.0}},
        "departure": "2024-01-01T08:00:00", "arrival": "2024-01-01T09:30:00", "duration": 5400,
        "tripId": "slow1", "routeId": "SLOW", "routeShortName": "1", "routeLongName": "Slow direct",
        "routeType": 3, "headsign": "", "stopCount": 2}]}]})");
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(json::value(plan_to_json(*p)), *expected) << dump(plan_to_json(*p));
}

TEST_F(small_feed, coordinates_walk_to_and_from_stops) {
  // 111 m south of Alpha, 111 m north of Delta: walks of 145 m (x 1.3 detour).
  auto p = plan("42.999,141.0", "43.201,141.0");
  ASSERT_TRUE(p.ok()) << p.err().detail;
  ASSERT_FALSE(p->itineraries.empty());
  auto const& it = p->itineraries.back();
  ASSERT_EQ(it.legs.size(), 4u);
  EXPECT_EQ(it.legs[0].mode, leg_mode::walk);
  EXPECT_TRUE(it.legs[0].from.stop_id.empty());
  EXPECT_EQ(it.legs[0].to.stop_id, "A");
  EXPECT_NEAR(it.legs[0].distance_m, 144.7, 0.5);
  // The first walk ends when the bus leaves, not earlier.
  EXPECT_EQ(it.legs[0].arrival, it.legs[1].departure);
  EXPECT_EQ(it.departure, it.legs[0].departure);
  EXPECT_EQ(it.legs[3].mode, leg_mode::walk);
  EXPECT_EQ(it.legs[3].from.stop_id, "D");
  EXPECT_NEAR(it.walk_m, 2 * 144.7, 1);
  auto const j = plan_to_json(*p);
  EXPECT_EQ(j.at("from").as_object().size(), 1u);  // only "location" for a coordinate
  EXPECT_EQ(j.at("itineraries").as_array().back().at("legs").as_array()[0].at("distance").as_int64(), 145);
}

TEST_F(small_feed, a_walk_is_offered_when_the_places_are_close) {
  // Golf -> Hotel is 100 m: walking beats waiting for any bus.
  auto p = plan("stop:G", "stop:H", "2024-01-01T11:00");
  ASSERT_TRUE(p.ok()) << p.err().detail;
  ASSERT_EQ(p->itineraries.size(), 1u);
  auto const& walk = p->itineraries[0];
  ASSERT_EQ(walk.legs.size(), 1u);
  EXPECT_EQ(walk.legs[0].mode, leg_mode::walk);
  EXPECT_EQ(walk.legs[0].from.stop_id, "G");
  EXPECT_EQ(walk.legs[0].to.stop_id, "H");
  EXPECT_EQ(walk.departure, 11 * 3600);
  EXPECT_NEAR(walk.walk_m, 130, 1);
  EXPECT_EQ(walk.arrival, 11 * 3600 + 104);
}

TEST_F(small_feed, arrive_by_leaves_as_late_as_possible) {
  // Arriving at D by 09:00: only the change at C (08:05 -> 08:50) makes it.
  auto p = plan("stop:A", "stop:D", "2024-01-01T09:00", {{}, {}, {}, "true", {}, {}, {}, {}, {}, {}});
  ASSERT_TRUE(p.ok()) << p.err().detail;
  EXPECT_TRUE(p->arrive_by);
  ASSERT_EQ(p->itineraries.size(), 1u);
  EXPECT_EQ(p->itineraries[0].departure, 8 * 3600 + 5 * 60);
  EXPECT_EQ(p->itineraries[0].arrival, 8 * 3600 + 50 * 60);
  // A walk arriving on time leaves as late as it can.
  auto w = plan("stop:G", "stop:H", "2024-01-01T11:00", {{}, {}, {}, "true", {}, {}, {}, {}, {}, {}});
  ASSERT_TRUE(w.ok()) << w.err().detail;
  ASSERT_FALSE(w->itineraries.empty());
  EXPECT_EQ(w->itineraries[0].arrival, 11 * 3600);
  EXPECT_EQ(w->itineraries[0].departure, 11 * 3600 - 104);
}

TEST_F(small_feed, errors_name_the_place) {
  auto unknown = plan("stop:NOPE", "stop:D");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.err().code, error_code::bad_request);
  EXPECT_EQ(unknown.err().detail, "'from' names an unknown stop id 'NOPE'");
  auto far = plan("stop:A", "35.0,139.0");
  ASSERT_FALSE(far.ok());
  EXPECT_EQ(far.err().code, error_code::unprocessable);
  EXPECT_NE(far.err().detail.find("no stop within 1000 m of 'to'"), std::string::npos) << far.err().detail;
  auto narrow = plan("42.999,141.0", "stop:D", "2024-01-01T07:55", {{}, {}, {}, {}, {}, "100", {}, {}, {}, {}});
  ASSERT_FALSE(narrow.ok());
  EXPECT_NE(narrow.err().detail.find("no stop within 100 m of 'from'"), std::string::npos);
}

TEST_F(small_feed, nothing_runs_gives_no_itinerary) {
  auto p = plan("stop:C", "stop:A", "2024-01-01T07:55");
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->itineraries.empty());
  std::ostringstream out;
  write_plan_text(*p, out);
  EXPECT_NE(out.str().find("no itinerary found"), std::string::npos);
}

TEST_F(small_feed, text_lists_legs_with_times_routes_and_stops) {
  auto p = plan("stop:A", "stop:D");
  ASSERT_TRUE(p.ok());
  std::ostringstream out;
  write_plan_text(*p, out);
  auto const text = out.str();
  EXPECT_NE(text.find("From Alpha (A) to Delta (D), leaving at 2024-01-01T07:55:00 (Asia/Tokyo)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("Itinerary 2: 08:05 -> 08:50 (45 min), 1 transfer, walk 0 m, fare unknown"), std::string::npos)
      << text;
  EXPECT_NE(text.find("08:05 - 08:20  2 Fast to Charlie: Alpha (A) -> Charlie (C), 1 stop [trip fast1, route FAST1]"),
            std::string::npos)
      << text;
}

TEST_F(small_feed, stops_near_a_point) {
  auto s = planner_->stops_near(43.4005, 141.0, 200, 10, "");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].id, "H");  // 44 m
  EXPECT_EQ(s[1].id, "G");  // 56 m
  EXPECT_NEAR(s[0].distance_m, 44.5, 0.5);
  auto const j = stops_to_json(s);
  EXPECT_EQ(j.at("stops").as_array()[0].at("name"), "Hotel");
  EXPECT_EQ(planner_->stops_near(43.4005, 141.0, 200, 1, "").size(), 1u);
  stop_info noisy;
  noisy.distance_m = 2.4000000000000004 + 0.01;  // rendered to one decimal
  EXPECT_EQ(dump(stops_to_json({noisy}).at("stops").as_array()[0].at("distance")), "2.4");
}

}  // namespace
}  // namespace cityos::mobility::journeys
