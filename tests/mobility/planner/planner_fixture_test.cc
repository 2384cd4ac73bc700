// SPDX-License-Identifier: Apache-2.0
// The planner on a hand-written feed (data/small) whose answers are obvious:
// Monday 2024-01-01 A -> D at 07:55 has a slow direct trip (09:30) and a faster
// trip with one change at C (08:50); the Sunday express and the holiday extra
// do not run that day; changing at E is forbidden; G -> H is a short walk;
// night1 runs 24:30 -> 25:00 on weekday service; freq1 runs every 15 minutes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mobility/gtfs/feed_loader.h"
#include "mobility/planner/raptor.h"
#include "mobility/planner/timetable.h"

namespace cityos::mobility::planner {
namespace {

constexpr std::int32_t monday = 19723, tuesday = 19724, sunday = 19729;  // 2024-01-01, 02, 07

constexpr std::int32_t hms(int h, int m, int s = 0) { return h * 3600 + m * 60 + s; }

class fixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto r = gtfs::load_feed(std::string(PLANNER_TEST_DATA) + "/small");
    ASSERT_TRUE(r.ok()) << r.err().detail;
    ASSERT_TRUE(r->usable());
    ASSERT_EQ(r->report.errors(), 0u);
    feed_ = new gtfs::feed(std::move(r->data));
  }
  static void TearDownTestSuite() {
    delete feed_;
    feed_ = nullptr;
  }

  static index_t stop(std::string const& id) { return *feed_->stop_ids.find(id); }
  static std::string trip_name(leg const& l) { return feed_->trip_ids.name(l.trip); }

  static std::vector<journey> run(timetable const& tt, std::string const& from, std::string const& to,
                                  std::int32_t date, std::int32_t time, std::int32_t walk_from = 0,
                                  std::int32_t walk_to = 0) {
    query q{{{stop(from), walk_from}}, {{stop(to), walk_to}}, date, time};
    auto r = plan(tt, q);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<journey>{};
  }

  static inline gtfs::feed* feed_ = nullptr;
};

TEST_F(fixture, service_days_from_calendar_and_calendar_dates) {
  service_calendar cal(*feed_);
  auto wk = *feed_->service_ids.find("WK"), su = *feed_->service_ids.find("SU"), hol = *feed_->service_ids.find("HOL");
  EXPECT_EQ(weekday(monday), 0);
  EXPECT_EQ(weekday(sunday), 6);
  EXPECT_TRUE(cal.active(wk, monday));
  EXPECT_FALSE(cal.active(wk, tuesday));  // removed by calendar_dates
  EXPECT_TRUE(cal.active(wk, tuesday + 1));
  EXPECT_FALSE(cal.active(wk, sunday));
  EXPECT_TRUE(cal.active(su, sunday));
  EXPECT_FALSE(cal.active(su, monday));
  EXPECT_TRUE(cal.active(hol, tuesday));  // added by calendar_dates only
  EXPECT_FALSE(cal.active(hol, monday));
  EXPECT_FALSE(cal.active(wk, monday - 1));  // before start_date
  EXPECT_FALSE(cal.active(9999, monday));
}

TEST_F(fixture, patterns_footpaths_and_frequencies) {
  timetable tt(*feed_);
  std::size_t runs = 0;
  for (auto const& p : tt.patterns()) runs += p.trips.size();
  EXPECT_EQ(runs, feed_->trips.size() - 1 + 4);  // freq1 expanded to 06:00, 06:15, 06:30, 06:45
  ASSERT_EQ(tt.footpaths(stop("G")).size(), 1u);
  EXPECT_EQ(tt.footpaths(stop("G"))[0].to, stop("H"));
  EXPECT_NEAR(tt.footpaths(stop("G"))[0].duration, 100 * 1.3 / 1.25, 3);
  EXPECT_TRUE(tt.footpaths(stop("A")).empty());
  EXPECT_EQ(tt.change_time(stop("E")), unreachable);
  EXPECT_EQ(tt.change_time(stop("C")), 60);
}

TEST_F(fixture, slow_direct_and_fast_with_one_transfer_are_both_pareto_optimal) {
  timetable tt(*feed_);
  auto js = run(tt, "A", "D", monday, hms(7, 55));
  ASSERT_EQ(js.size(), 2u);
  EXPECT_EQ(js[0].transfers, 0);
  EXPECT_EQ(js[0].arrival, hms(9, 30));
  ASSERT_EQ(js[0].legs.size(), 1u);
  EXPECT_EQ(trip_name(js[0].legs[0]), "slow1");
  EXPECT_EQ(js[0].legs[0].departure, hms(8, 0));
  EXPECT_EQ(js[0].legs[0].from_position, 0u);
  EXPECT_EQ(js[0].legs[0].to_position, 2u);

  EXPECT_EQ(js[1].transfers, 1);
  EXPECT_EQ(js[1].arrival, hms(8, 50));
  ASSERT_EQ(js[1].legs.size(), 2u);
  EXPECT_EQ(trip_name(js[1].legs[0]), "fast1");
  EXPECT_EQ(js[1].legs[0].to_stop, stop("C"));
  EXPECT_EQ(js[1].legs[0].arrival, hms(8, 20));
  EXPECT_EQ(trip_name(js[1].legs[1]), "fast2");
  EXPECT_EQ(js[1].legs[1].from_stop, stop("C"));
  EXPECT_EQ(js[1].legs[1].departure, hms(8, 25));
  EXPECT_EQ(js[1].legs[1].service_date, monday);
  EXPECT_EQ(feed_->route_ids.name(js[1].legs[1].route), "FAST2");
}

TEST_F(fixture, max_transfers_zero_keeps_only_the_direct_trip) {
  timetable tt(*feed_);
  query q{{{stop("A"), 0}}, {{stop("D"), 0}}, monday, hms(7, 55)};
  auto r = plan(tt, q, {.max_transfers = 0});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].arrival, hms(9, 30));
}

TEST_F(fixture, same_stop_change_time_is_respected) {
  timetable_options o;
  o.min_change_time = 6 * 60;  // 08:20 + 6 min misses fast2 at 08:25
  timetable tt(*feed_, o);
  auto js = run(tt, "A", "D", monday, hms(7, 55));
  ASSERT_EQ(js.size(), 1u);
  EXPECT_EQ(js[0].arrival, hms(9, 30));
}

TEST_F(fixture, services_not_running_that_day_are_not_used) {
  timetable tt(*feed_);
  auto sun = run(tt, "A", "D", sunday, hms(7, 55));
  ASSERT_EQ(sun.size(), 1u);
  EXPECT_EQ(trip_name(sun[0].legs[0]), "sun1");
  EXPECT_EQ(sun[0].arrival, hms(8, 40));

  auto tue = run(tt, "A", "D", tuesday, hms(7, 55));  // weekday service removed, holiday extra added
  ASSERT_EQ(tue.size(), 1u);
  EXPECT_EQ(trip_name(tue[0].legs[0]), "extra1");
  EXPECT_EQ(tue[0].arrival, hms(9, 0));
}

TEST_F(fixture, forbidden_same_stop_transfer_is_respected) {
  timetable tt(*feed_);
  auto js = run(tt, "A", "D", monday, hms(9, 40));
  ASSERT_EQ(js.size(), 1u);  // echo1 + echo2 via E (10:40) is forbidden
  EXPECT_EQ(js[0].arrival, hms(11, 30));

  gtfs::feed allowed = *feed_;
  allowed.transfers.clear();
  timetable tt2(allowed);
  auto js2 = run(tt2, "A", "D", monday, hms(9, 40));
  ASSERT_EQ(js2.size(), 2u);
  EXPECT_EQ(js2[1].arrival, hms(10, 40));
}

TEST_F(fixture, footpath_between_nearby_stops_and_transfer_rules) {
  timetable tt(*feed_);
  auto js = run(tt, "A", "D", monday, hms(11, 50));
  // Direct: only Tuesday's holiday extra (next service day, 09:00 = 33:00 Monday time).
  ASSERT_EQ(js.size(), 2u);
  EXPECT_EQ(trip_name(js[0].legs[0]), "extra1");
  EXPECT_EQ(js[0].legs[0].service_date, tuesday);
  EXPECT_EQ(js[0].arrival, hms(33, 0));
  auto const& j = js[1];
  ASSERT_EQ(j.legs.size(), 3u);
  EXPECT_EQ(j.transfers, 1);
  EXPECT_EQ(j.legs[1].kind, leg_kind::walk);
  EXPECT_EQ(j.legs[1].from_stop, stop("G"));
  EXPECT_EQ(j.legs[1].to_stop, stop("H"));
  EXPECT_EQ(j.legs[1].departure, hms(12, 10));
  EXPECT_EQ(j.arrival, hms(12, 35));

  gtfs::feed forbidden = *feed_;
  forbidden.transfers.push_back({stop("G"), stop("H"), no_index, no_index, no_index, no_index, 3, -1});
  auto f = run(timetable(forbidden), "A", "D", monday, hms(11, 50));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].transfers, 0);

  gtfs::feed slow = *feed_;
  slow.transfers.push_back({stop("G"), stop("H"), no_index, no_index, no_index, no_index, 2, 20 * 60});
  auto s = run(timetable(slow), "A", "D", monday, hms(11, 50));
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].transfers, 0);
}

TEST_F(fixture, footpaths_in_arrive_by_and_walking_limit) {
  timetable tt(*feed_);
  // Arrive at D by 12:40: direct slow2 (A 10:00) or, leaving later, golf1 (A 12:00 -> G 12:10),
  // walk G -> H, hotel1 (H 12:20 -> D 12:35).
  auto r = plan(tt, {{{stop("A"), 0}}, {{stop("D"), 0}}, monday, hms(12, 40), true});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ(trip_name((*r)[0].legs[0]), "slow2");
  auto const& j = (*r)[1];
  ASSERT_EQ(j.legs.size(), 3u);
  EXPECT_EQ(j.legs[1].kind, leg_kind::walk);
  EXPECT_EQ(j.legs[1].from_stop, stop("G"));
  EXPECT_EQ(j.legs[1].to_stop, stop("H"));
  EXPECT_EQ(j.departure, hms(12, 0));
  EXPECT_EQ(j.arrival, hms(12, 35));

  // The G -> H footpath is longer than a 10-second walking limit: only the direct trip is left.
  std::int32_t const g_to_h = tt.footpaths(stop("G"))[0].duration;
  ASSERT_GT(g_to_h, 10);
  auto limited = plan(tt, {{{stop("A"), 0}}, {{stop("D"), 0}}, monday, hms(12, 40), true}, {.max_transfer_walk = 10});
  ASSERT_TRUE(limited.ok());
  ASSERT_EQ(limited->size(), 1u);
  EXPECT_EQ(trip_name((*limited)[0].legs[0]), "slow2");
  auto forward = plan(tt, {{{stop("A"), 0}}, {{stop("D"), 0}}, monday, hms(11, 50)}, {.max_transfer_walk = g_to_h});
  ASSERT_TRUE(forward.ok());
  EXPECT_EQ(forward->back().arrival, hms(12, 35));
  auto short_walk = plan(tt, {{{stop("A"), 0}}, {{stop("D"), 0}}, monday, hms(11, 50)}, {.max_transfer_walk = g_to_h - 1});
  ASSERT_TRUE(short_walk.ok());
  EXPECT_EQ(short_walk->back().arrival, hms(33, 0));
}

TEST_F(fixture, trips_past_midnight_are_found_from_both_days) {
  timetable tt(*feed_);
  // Tuesday 00:10: weekday service does not run on Tuesday, but Monday's night1 does (24:30).
  auto tue = run(tt, "B", "D", tuesday, hms(0, 10));
  ASSERT_EQ(tue.size(), 1u);
  EXPECT_EQ(trip_name(tue[0].legs[0]), "night1");
  EXPECT_EQ(tue[0].legs[0].service_date, monday);
  EXPECT_EQ(tue[0].legs[0].departure, hms(0, 30));
  EXPECT_EQ(tue[0].arrival, hms(1, 0));

  auto mon = run(tt, "B", "D", monday, hms(23, 50));
  ASSERT_EQ(mon.size(), 1u);
  EXPECT_EQ(mon[0].legs[0].service_date, monday);
  EXPECT_EQ(mon[0].arrival, hms(25, 0));
}

TEST_F(fixture, frequency_trips_are_expanded) {
  timetable tt(*feed_);
  auto js = run(tt, "A", "B", monday, hms(6, 31));
  ASSERT_EQ(js.size(), 1u);
  EXPECT_EQ(trip_name(js[0].legs[0]), "freq1");
  EXPECT_EQ(js[0].legs[0].departure, hms(6, 45));
  EXPECT_EQ(js[0].arrival, hms(7, 5));
}

TEST_F(fixture, walking_offsets_become_legs) {
  timetable tt(*feed_);
  auto js = run(tt, "A", "D", monday, hms(7, 55), 300, 120);
  ASSERT_EQ(js.size(), 2u);
  auto const& j = js[1];
  EXPECT_EQ(j.arrival, hms(8, 52));
  ASSERT_EQ(j.legs.size(), 4u);
  EXPECT_EQ(j.legs[0].kind, leg_kind::walk);
  EXPECT_EQ(j.legs[0].from_stop, no_index);
  // The access walk is timed to the first ride (fast1 leaves A at 08:05), not to the query.
  EXPECT_EQ(j.legs[0].arrival, hms(8, 5));
  EXPECT_EQ(j.legs[1].departure, hms(8, 5));
  EXPECT_EQ(j.departure, hms(8, 0));
  EXPECT_EQ(j.legs[3].kind, leg_kind::walk);
  EXPECT_EQ(j.legs[3].to_stop, no_index);

  // Reaching A at 08:01 (07:56 + 300 s walk) misses slow1 (08:00).
  auto late = run(tt, "A", "D", monday, hms(7, 56), 300);
  for (auto const& x : late) EXPECT_GT(x.legs[1].departure, hms(8, 0));
}

TEST_F(fixture, arrive_by_departs_as_late_as_possible) {
  timetable tt(*feed_);
  auto at = [&](std::string const& from, std::string const& to, std::int32_t date, std::int32_t time,
                search_options o = {}) {
    query q{{{stop(from), 0}}, {{stop(to), 0}}, date, time, true};
    auto r = plan(tt, q, o);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<journey>{};
  };
  // By 09:00 only the change at C (fast1 08:05 -> fast2 08:50) makes it.
  auto by9 = at("A", "D", monday, hms(9, 0));
  ASSERT_EQ(by9.size(), 1u);
  EXPECT_EQ(by9[0].transfers, 1);
  EXPECT_EQ(by9[0].departure, hms(8, 5));
  EXPECT_EQ(by9[0].arrival, hms(8, 50));
  ASSERT_EQ(by9[0].legs.size(), 2u);
  EXPECT_EQ(trip_name(by9[0].legs[0]), "fast1");
  EXPECT_EQ(by9[0].legs[0].from_stop, stop("A"));
  EXPECT_EQ(by9[0].legs[0].to_stop, stop("C"));
  EXPECT_EQ(by9[0].legs[0].from_position, 0u);
  EXPECT_EQ(by9[0].legs[0].to_position, 1u);
  EXPECT_EQ(trip_name(by9[0].legs[1]), "fast2");

  // By 09:30 the direct slow1 (leaving 08:00) joins; the change still leaves later.
  auto by930 = at("A", "D", monday, hms(9, 30));
  ASSERT_EQ(by930.size(), 2u);
  EXPECT_EQ(by930[0].transfers, 0);
  EXPECT_EQ(trip_name(by930[0].legs[0]), "slow1");
  EXPECT_EQ(by930[0].departure, hms(8, 0));
  EXPECT_EQ(by930[1].departure, hms(8, 5));

  // Without transfers, by 09:00 nothing arrives.
  EXPECT_TRUE(at("A", "D", monday, hms(9, 0), {.max_transfers = 0}).empty());

  // Past midnight: arriving by 01:05 on Tuesday takes Monday's night1 (24:30).
  auto night = at("B", "D", tuesday, hms(1, 5));
  ASSERT_FALSE(night.empty());
  EXPECT_EQ(trip_name(night[0].legs[0]), "night1");
  EXPECT_EQ(night[0].legs[0].service_date, monday);
  EXPECT_EQ(night[0].departure, hms(0, 30));
  EXPECT_EQ(night[0].arrival, hms(1, 0));
}

TEST_F(fixture, egress_walk_is_timed_to_the_last_ride_in_arrive_by) {
  timetable tt(*feed_);
  query q{{{stop("A"), 0}}, {{stop("D"), 240}}, monday, hms(9, 0), true};
  auto r = plan(tt, q);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  auto const& j = (*r)[0];
  ASSERT_EQ(j.legs.size(), 3u);
  EXPECT_EQ(j.legs[2].kind, leg_kind::walk);
  EXPECT_EQ(j.legs[2].from_stop, stop("D"));
  EXPECT_EQ(j.legs[2].to_stop, no_index);
  EXPECT_EQ(j.legs[2].departure, hms(8, 50));
  EXPECT_EQ(j.arrival, hms(8, 54));
}

TEST_F(fixture, bad_queries_are_rejected) {
  timetable tt(*feed_);
  EXPECT_FALSE(plan(tt, {{{9999, 0}}, {{stop("D"), 0}}, monday, 0}).ok());
  EXPECT_FALSE(plan(tt, {{{stop("A"), -1}}, {{stop("D"), 0}}, monday, 0}).ok());
  EXPECT_FALSE(plan(tt, {{{stop("A"), 0}}, {{stop("D"), 0}}, monday, 0}, {.max_transfers = -1}).ok());
  EXPECT_FALSE(plan(tt, {{{stop("A"), 0}}, {{stop("D"), 0}}, monday, 0}, {.max_transfer_walk = -1}).ok());
  EXPECT_TRUE(plan(tt, {{}, {{stop("D"), 0}}, monday, 0})->empty());
}

}  // namespace
}  // namespace cityos::mobility::planner
