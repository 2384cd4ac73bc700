// SPDX-License-Identifier: Apache-2.0
// Itineraries planned on the Muroran GTFS-JP feed checked against the feed
// itself: every transit leg's trip runs from its from-stop to its to-stop at
// the times of its stop_times rows, on a weekday the trip's service runs; no
// itinerary leaves before the query time; names come from translations.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "mobility/journeys/journey_json.h"
#include "mobility/journeys/journey_planner.h"
#include "mobility/journeys/local_time.h"
#include "muroran_feed.h"

namespace cityos::mobility::journeys {
namespace {

class muroran : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { planner_ = &muroran_planner(); }

  // "HH:MM:SS" of a leg time on the query day 2020-11-26 (a Thursday).
  static std::int32_t seconds_of(std::string const& iso) {
    auto t = parse_local_date_time(iso, "t");
    EXPECT_TRUE(t.ok());
    return (t->date - kDate) * 86'400 + t->time;
  }

  // Checks a transit leg against the trip's stop_times rows.
  static void check_leg(json::object const& leg) {
    auto const& f = planner_->feed();
    auto const trip = f.trip_ids.find(std::string(leg.at("tripId").as_string()));
    ASSERT_TRUE(trip) << leg.at("tripId");
    auto const& t = f.trips[*trip];
    EXPECT_EQ(f.route_ids.name(t.route), leg.at("routeId").as_string());
    std::string const from(leg.at("from").at("stopId").as_string()), to(leg.at("to").at("stopId").as_string());
    std::int32_t const dep = seconds_of(std::string(leg.at("departure").as_string()));
    std::int32_t const arr = seconds_of(std::string(leg.at("arrival").as_string()));
    std::int64_t board = -1, alight = -1;
    for (std::uint32_t i = 0; i < t.stop_time_count; ++i) {
      auto const& st = f.stop_times[t.first_stop_time + i];
      if (board < 0 && f.stop_ids.name(st.stop) == from && st.departure == dep) board = i;
      if (board >= 0 && f.stop_ids.name(st.stop) == to && st.arrival == arr) alight = i;
    }
    ASSERT_GE(board, 0) << "no row of " << leg.at("tripId") << " leaves " << from << " at " << dep;
    ASSERT_GT(alight, board) << "no later row of " << leg.at("tripId") << " reaches " << to << " at " << arr;
    EXPECT_EQ(leg.at("stopCount").as_int64(), alight - board);
    EXPECT_TRUE(planner_->timetable().active(t.service, kDate));
  }

  static constexpr std::int32_t kDate = 18'592;  // 2020-11-26
  static inline journey_planner const* planner_ = nullptr;
};

TEST_F(muroran, transit_legs_match_stop_times) {
  auto const& f = planner_->feed();
  auto const ok = boardable_stops(f);
  std::vector<gtfs::index_t> stops;
  for (std::size_t s = 0; s < ok.size(); ++s)
    if (ok[s]) stops.push_back(static_cast<gtfs::index_t>(s));
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::size_t> pick(0, stops.size() - 1);
  int checked_legs = 0, priced = 0;
  for (int i = 0; i < 60; ++i) {
    auto const& a = f.stops[stops[pick(rng)]];
    auto const& b = f.stops[stops[pick(rng)]];
    plan_params p;
    p.from = std::to_string(a.lat) + "," + std::to_string(a.lon);
    p.to = i % 2 ? "stop:" + f.stop_ids.name(stops[pick(rng)]) : std::to_string(b.lat) + "," + std::to_string(b.lon);
    p.time = "2020-11-26T07:30";
    auto r = make_plan_request(p);
    ASSERT_TRUE(r.ok()) << r.err().detail;
    auto plan = planner_->plan(*r);
    ASSERT_TRUE(plan.ok()) << plan.err().detail;
    auto const j = plan_to_json(*plan);
    for (auto const& it : j.at("itineraries").as_array()) {
      EXPECT_GE(seconds_of(std::string(it.at("departure").as_string())), 7 * 3600 + 30 * 60);
      for (auto const& leg : it.at("legs").as_array()) {
        if (leg.at("mode") != "transit") continue;
        check_leg(leg.as_object());
        ++checked_legs;
      }
      // Muroran prices most rides (an origin-destination table in yen; a few
      // school lines have no fare rows, and their itineraries a null fare).
      auto const& legs = it.at("legs").as_array();
      bool const rides = std::any_of(legs.begin(), legs.end(), [](auto const& l) { return l.at("mode") == "transit"; });
      if (rides && it.at("fare").is_object()) {
        EXPECT_EQ(it.at("fare").at("currency"), "JPY");
        EXPECT_GT(it.at("fare").at("amount").to_number<double>(), 0);
        ++priced;
      }
    }
  }
  EXPECT_GT(checked_legs, 30);
  EXPECT_GT(priced, 20);
}

TEST_F(muroran, station_means_its_child_stops_and_names_follow_lang) {
  // 0391 is a station; its platform 0391_A is boardable.
  plan_params p;
  p.from = "stop:0391";
  p.to = "stop:0001";
  p.time = "2020-11-26T07:00";
  p.lang = "ja-Hrkt";
  auto r = make_plan_request(p);
  ASSERT_TRUE(r.ok());
  auto plan = planner_->plan(*r);
  ASSERT_TRUE(plan.ok()) << plan.err().detail;
  EXPECT_EQ(plan->from.stop_id, "0391");
  ASSERT_FALSE(plan->itineraries.empty());
  auto const& first = plan->itineraries.front().legs.front();
  EXPECT_EQ(first.from.stop_id.substr(0, 5), "0391_");
  auto const& f = planner_->feed();
  auto const station = *f.stop_ids.find("0001");
  // The kana reading differs from the kanji name.
  EXPECT_NE(plan->to.name, f.stops[station].name);
  EXPECT_FALSE(plan->to.name.empty());
  p.lang = "ja";
  auto ja = planner_->plan(*make_plan_request(p));
  ASSERT_TRUE(ja.ok());
  EXPECT_EQ(ja->to.name, f.stops[station].name);
}

TEST_F(muroran, stops_near_carry_all_names) {
  auto const& f = planner_->feed();
  auto const& s = f.stops[*f.stop_ids.find("0391_A")];
  auto near = planner_->stops_near(s.lat, s.lon, 300, 5, "ja");
  ASSERT_FALSE(near.empty());
  EXPECT_EQ(near[0].id, "0391_A");
  EXPECT_EQ(near[0].parent_id, "0391");
  EXPECT_GE(near[0].names.size(), 2u);  // ja, ja-Hrkt
}

}  // namespace
}  // namespace cityos::mobility::journeys
