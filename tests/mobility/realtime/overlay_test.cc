// SPDX-License-Identifier: Apache-2.0
// Trip updates on the planner's hand-written feed (tests/mobility/planner/data/small):
// Monday 2024-01-01, slow1 runs A 08:00 -> B 08:30 -> D 09:30; fast1 A 08:05 -> C 08:20
// connects to fast2 C 08:25 -> D 08:50. Each test builds a FeedMessage with the
// generated classes, parses its bytes and plans on the overlaid timetable.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "mobility/realtime/detail/gtfs_realtime.pb.h"
#include "mobility/gtfs/feed_loader.h"
#include "mobility/planner/raptor.h"
#include "mobility/realtime/overlay.h"
#include "mobility/realtime/parse.h"

namespace cityos::mobility::realtime {
namespace {

using planner::index_t;
using StopUpdate = gtfs_rt::TripUpdate::StopTimeUpdate;

constexpr std::int32_t monday = 19723, wednesday = 19725;  // 2024-01-01, 03
constexpr std::int32_t hms(int h, int m, int s = 0) { return h * 3600 + m * 60 + s; }

class overlay_fixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto r = gtfs::load_feed(std::string(PLANNER_TEST_DATA) + "/small");
    ASSERT_TRUE(r.ok()) << r.err().detail;
    feed_ = new gtfs::feed(std::move(r->data));
    base_ = new planner::timetable(*feed_);
  }
  static void TearDownTestSuite() {
    delete base_;
    delete feed_;
  }

  // A message with one trip update for `trip` on `date` (YYYYMMDD, may be empty).
  static gtfs_rt::TripUpdate* add_update(gtfs_rt::FeedMessage& m, std::string const& trip,
                                         std::string const& date = "20240101") {
    if (!m.has_header()) m.mutable_header()->set_gtfs_realtime_version("2.0");
    auto* e = m.add_entity();
    e->set_id(trip);
    auto* u = e->mutable_trip_update();
    u->mutable_trip()->set_trip_id(trip);
    if (!date.empty()) u->mutable_trip()->set_start_date(date);
    return u;
  }

  static overlay apply(gtfs_rt::FeedMessage const& m, overlay_options const& o = {}) {
    auto parsed = parse_feed(m.SerializeAsString());
    EXPECT_TRUE(parsed.ok()) << parsed.err().detail;
    return apply_trip_updates(*base_, parsed.ok() ? *parsed : realtime_feed{}, o);
  }

  static std::vector<planner::journey> plan(planner::timetable const& tt, std::string const& from,
                                            std::string const& to, std::int32_t date, std::int32_t time,
                                            int max_transfers = 4) {
    planner::query q;
    q.sources = {{*feed_->stop_ids.find(from), 0}};
    q.targets = {{*feed_->stop_ids.find(to), 0}};
    q.date = date;
    q.time = time;
    planner::search_options o;
    o.max_transfers = max_transfers;
    auto r = planner::plan(tt, q, o);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<planner::journey>{};
  }
  static std::string trip_name(planner::journey const& j, std::size_t leg) {
    return feed_->trip_ids.name(j.legs[leg].trip);
  }

  static inline gtfs::feed* feed_ = nullptr;
  static inline planner::timetable* base_ = nullptr;
};

TEST_F(overlay_fixture, delay_propagates_to_later_stops) {
  gtfs_rt::FeedMessage m;
  auto* s = add_update(m, "slow1")->add_stop_time_update();
  s->set_stop_sequence(2);  // B, scheduled 08:30
  s->mutable_arrival()->set_delay(600);
  auto o = apply(m);
  EXPECT_EQ(o.report.updated, 1u);
  EXPECT_TRUE(o.report.unmatched_trips.empty());

  // Direct A -> D: slow1 still leaves A at 08:00 (no update before B), reaches D at 09:40 not 09:30.
  auto direct = plan(o.timetable, "A", "D", monday, hms(7, 55), 0);
  ASSERT_EQ(direct.size(), 1u);
  EXPECT_EQ(trip_name(direct[0], 0), "slow1");
  EXPECT_EQ(direct[0].legs[0].departure, hms(8, 0));
  EXPECT_EQ(direct[0].arrival, hms(9, 40));
  EXPECT_EQ(direct[0].legs[0].to_position, 2u);
  // At B at 08:35 the late slow1 (departure took the arrival's delay: 08:40) is still catchable.
  auto from_b = plan(o.timetable, "B", "D", monday, hms(8, 35));
  ASSERT_EQ(from_b.size(), 1u);
  EXPECT_EQ(trip_name(from_b[0], 0), "slow1");
  EXPECT_EQ(from_b[0].legs[0].departure, hms(8, 40));
  EXPECT_EQ(from_b[0].arrival, hms(9, 40));
  EXPECT_EQ(plan(*base_, "B", "D", monday, hms(8, 35))[0].arrival, hms(11, 30));  // base: slow2
  // Other days keep the schedule.
  EXPECT_EQ(plan(o.timetable, "A", "D", wednesday, hms(7, 55), 0)[0].arrival, hms(9, 30));
}

TEST_F(overlay_fixture, later_update_and_no_data_reset_the_delay) {
  gtfs_rt::FeedMessage m;
  auto* u = add_update(m, "slow1");
  u->set_delay(120);  // before the first stop update
  auto* b = u->add_stop_time_update();
  b->set_stop_id("B");
  b->mutable_departure()->set_delay(300);
  auto* d = u->add_stop_time_update();
  d->set_stop_id("D");
  d->set_schedule_relationship(StopUpdate::NO_DATA);
  auto o = apply(m);
  auto j = plan(o.timetable, "A", "D", monday, hms(7, 55), 0);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0].legs[0].departure, hms(8, 2));  // trip-level delay
  EXPECT_EQ(j[0].arrival, hms(9, 30));           // NO_DATA at D: scheduled
  auto from_b = plan(o.timetable, "B", "D", monday, hms(8, 33));
  EXPECT_EQ(from_b[0].legs[0].departure, hms(8, 35));
}

TEST_F(overlay_fixture, absolute_times_use_the_utc_offset) {
  gtfs_rt::FeedMessage m;
  auto* s = add_update(m, "slow1")->add_stop_time_update();
  s->set_stop_sequence(1);
  // 08:05 local (UTC+1) on 2024-01-01 = 07:05 UTC.
  s->mutable_departure()->set_time(std::int64_t{monday} * 86400 + hms(7, 5));
  overlay_options opt;
  opt.utc_offset = 3600;
  auto o = apply(m, opt);
  auto j = plan(o.timetable, "A", "D", monday, hms(7, 55), 0);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0].legs[0].departure, hms(8, 5));
  EXPECT_EQ(j[0].arrival, hms(9, 35));
}

TEST_F(overlay_fixture, canceled_trip_does_not_run_that_day) {
  gtfs_rt::FeedMessage m;
  add_update(m, "fast1")->mutable_trip()->set_schedule_relationship(gtfs_rt::TripDescriptor::CANCELED);
  auto o = apply(m);
  EXPECT_EQ(o.report.canceled, 1u);
  EXPECT_EQ(plan(*base_, "A", "D", monday, hms(7, 55)).size(), 2u);  // slow1 and fast1 + fast2
  auto j = plan(o.timetable, "A", "D", monday, hms(7, 55));
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(trip_name(j[0], 0), "slow1");
  EXPECT_EQ(j[0].arrival, hms(9, 30));
  EXPECT_EQ(plan(o.timetable, "A", "D", wednesday, hms(7, 55)).size(), 2u);
}

TEST_F(overlay_fixture, skipped_stop_cannot_be_boarded_or_alighted) {
  gtfs_rt::FeedMessage m;
  auto* u = add_update(m, "slow1");
  auto* s = u->add_stop_time_update();
  s->set_stop_sequence(2);
  s->set_schedule_relationship(StopUpdate::SKIPPED);
  auto o = apply(m);
  EXPECT_EQ(o.report.skipped_stops, 1u);
  // Boarding at B: slow1 passes without stopping, slow2 (10:30) is next.
  auto from_b = plan(o.timetable, "B", "D", monday, hms(8, 0));
  ASSERT_FALSE(from_b.empty());
  EXPECT_EQ(trip_name(from_b[0], 0), "slow2");
  EXPECT_EQ(from_b[0].arrival, hms(11, 30));
  // Alighting at B: slow2 again (A 10:00 -> B 10:30).
  auto to_b = plan(o.timetable, "A", "B", monday, hms(7, 55));
  ASSERT_FALSE(to_b.empty());
  EXPECT_EQ(to_b[0].arrival, hms(10, 30));
  // Through B the trip still runs.
  EXPECT_EQ(plan(o.timetable, "A", "D", monday, hms(7, 55), 0)[0].arrival, hms(9, 30));
}

TEST_F(overlay_fixture, unknown_and_unsupported_updates_are_reported) {
  gtfs_rt::FeedMessage m;
  add_update(m, "no-such-trip");
  add_update(m, "sun1");  // Sunday service, not on Monday
  add_update(m, "slow2")->mutable_trip()->set_schedule_relationship(gtfs_rt::TripDescriptor::ADDED);
  add_update(m, "slow2", "2024-01-01");  // not YYYYMMDD
  auto* s = add_update(m, "slow1")->add_stop_time_update();
  s->set_stop_id("C");  // slow1 does not call at C
  s->mutable_arrival()->set_delay(60);
  auto o = apply(m);
  EXPECT_EQ(o.report.unmatched_trips, std::vector<std::string>{"no-such-trip"});
  EXPECT_EQ(o.report.not_running, std::vector<std::string>{"sun1"});
  EXPECT_EQ(o.report.ignored, 2u);
  EXPECT_EQ(o.report.unmatched_stops, 1u);
  EXPECT_EQ(o.report.updated, 1u);
  EXPECT_EQ(plan(o.timetable, "A", "D", monday, hms(7, 55), 0)[0].arrival, hms(9, 30));
}

TEST_F(overlay_fixture, default_date_and_frequency_runs) {
  // freq1 runs A 06:00 -> B 06:20 every 15 minutes; delay the 06:15 run by 5 minutes.
  gtfs_rt::FeedMessage m;
  auto* u = add_update(m, "freq1", "");
  u->mutable_trip()->set_start_time("06:15:00");
  u->set_delay(300);
  overlay_options opt;
  opt.default_date = monday;
  auto o = apply(m, opt);
  EXPECT_EQ(o.report.updated, 1u);
  auto j = plan(o.timetable, "A", "B", monday, hms(6, 10), 0);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0].legs[0].departure, hms(6, 20));
  EXPECT_EQ(j[0].arrival, hms(6, 40));  // the 06:30 run would arrive 06:50
  EXPECT_EQ(plan(*base_, "A", "B", monday, hms(6, 10), 0)[0].arrival, hms(6, 35));
}

}  // namespace
}  // namespace cityos::mobility::realtime
