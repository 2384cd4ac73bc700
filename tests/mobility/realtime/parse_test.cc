// SPDX-License-Identifier: Apache-2.0
// parse_feed on the OTP test feeds (SEPTA trip updates, King County Metro
// vehicle positions), the MMRI scenario messages, a hand-made message and
// malformed bytes.
#include <gtest/gtest.h>

#include <string>

#include "mobility/realtime/detail/gtfs_realtime.pb.h"
#include "mobility/realtime/feed_reader.h"
#include "mobility/realtime/parse.h"

namespace cityos::mobility::realtime {
namespace {

std::string const kOtp = std::string(CITYOS_SHARED_DIR) + "/data/gtfs/otp-test-feeds";

realtime_feed load(std::string const& path) {
  auto bytes = read_feed_bytes(path, std::chrono::seconds(5));
  EXPECT_TRUE(bytes.ok()) << bytes.err().detail;
  auto f = parse_feed(bytes.ok() ? *bytes : std::string());
  EXPECT_TRUE(f.ok()) << f.err().detail;
  return f.ok() ? *f : realtime_feed{};
}

TEST(parse_feed, septa_trip_updates) {
  auto f = load(kOtp + "/septa.pbf");
  EXPECT_EQ(f.version, "1.0");
  EXPECT_EQ(f.timestamp, 1680120572u);
  EXPECT_TRUE(f.vehicles.empty());
  ASSERT_FALSE(f.trip_updates.empty());
  auto const& u = f.trip_updates[0];
  EXPECT_EQ(u.entity_id, "AIR_4846_V55_M");
  EXPECT_EQ(u.trip.trip_id, "AIR_4846_V55_M");
  EXPECT_EQ(u.trip.relationship, trip_relationship::scheduled);
  EXPECT_EQ(u.timestamp, 1680120420u);
  ASSERT_EQ(u.stops.size(), 1u);
  EXPECT_EQ(u.stops[0].stop_sequence, 3u);
  EXPECT_EQ(u.stops[0].stop_id, "90403");
  ASSERT_TRUE(u.stops[0].arrival);
  EXPECT_EQ(u.stops[0].arrival->delay, 0);
  EXPECT_FALSE(u.stops[0].departure);
  // AIR_8447_V55_M is 60 s late at stop 90405 (sequence 35).
  EXPECT_EQ(f.trip_updates[1].stops[0].stop_sequence, 35u);
  EXPECT_EQ(f.trip_updates[1].stops[0].arrival->delay, 60);
}

TEST(parse_feed, king_county_vehicle_positions) {
  auto f = load(kOtp + "/king-county-metro-1.pbf");
  EXPECT_EQ(f.version, "2.0");
  EXPECT_EQ(f.timestamp, 1630596716u);
  EXPECT_TRUE(f.trip_updates.empty());
  ASSERT_GT(f.vehicles.size(), 10u);
  auto const& v = f.vehicles[0];
  EXPECT_EQ(v.entity_id, "1630596716_4382");
  ASSERT_TRUE(v.trip);
  EXPECT_EQ(v.trip->trip_id, "49195152");
  EXPECT_EQ(v.trip->start_date, "20210902");
  EXPECT_EQ(v.trip->route_id, "100001");
  EXPECT_EQ(v.trip->direction_id, 0u);
  EXPECT_EQ(v.vehicle.id, "4382");
  EXPECT_EQ(v.vehicle.label, "4382");
  ASSERT_TRUE(v.where);
  EXPECT_NEAR(v.where->lat, 47.636, 0.001);
  EXPECT_NEAR(v.where->lon, -122.370, 0.001);
  EXPECT_EQ(v.current_stop_sequence, 169u);
  EXPECT_EQ(v.stop_id, "2470");
  EXPECT_EQ(v.timestamp, 1630596690u);
}

TEST(parse_feed, mmri_scenarios) {
  auto b = load(kOtp + "/mmri/3b.pb");
  ASSERT_EQ(b.trip_updates.size(), 2u);
  EXPECT_EQ(b.trip_updates[0].trip.start_date, "20140101");
  EXPECT_EQ(b.trip_updates[0].stops[0].stop_sequence, 0u);
  EXPECT_EQ(b.trip_updates[0].stops[0].departure->delay, 600);
  auto c = load(kOtp + "/mmri/3c.pb");
  ASSERT_EQ(c.trip_updates.size(), 1u);
  EXPECT_EQ(c.trip_updates[0].stops[0].arrival->delay, 120);
  auto e = load(kOtp + "/mmri/3e.pb");
  ASSERT_EQ(e.trip_updates.size(), 1u);
  EXPECT_EQ(e.trip_updates[0].trip.relationship, trip_relationship::canceled);
}

TEST(parse_feed, hand_made_message) {
  gtfs_rt::FeedMessage m;
  m.mutable_header()->set_gtfs_realtime_version("2.0");
  m.mutable_header()->set_incrementality(gtfs_rt::FeedHeader::DIFFERENTIAL);
  auto* e = m.add_entity();
  e->set_id("u1");
  auto* u = e->mutable_trip_update();
  u->mutable_trip()->set_trip_id("t1");
  u->mutable_trip()->set_start_time("25:10:00");
  auto* s = u->add_stop_time_update();
  s->set_stop_id("S");
  s->set_schedule_relationship(gtfs_rt::TripUpdate::StopTimeUpdate::SKIPPED);
  s->mutable_departure()->set_time(1700000000);
  auto* gone = m.add_entity();
  gone->set_id("gone");
  gone->set_is_deleted(true);
  m.add_entity()->set_id("alert-only");
  auto f = parse_feed(m.SerializeAsString());
  ASSERT_TRUE(f.ok()) << f.err().detail;
  EXPECT_TRUE(f->differential);
  EXPECT_EQ(f->deleted, 1u);
  EXPECT_EQ(f->other, 1u);
  ASSERT_EQ(f->trip_updates.size(), 1u);
  auto const& tu = f->trip_updates[0];
  EXPECT_EQ(tu.trip.start_time, "25:10:00");
  EXPECT_FALSE(tu.stops[0].stop_sequence);
  EXPECT_EQ(tu.stops[0].relationship, stop_relationship::skipped);
  EXPECT_EQ(tu.stops[0].departure->time, 1700000000);
  EXPECT_FALSE(tu.stops[0].departure->delay);
}

TEST(parse_feed, malformed_bytes_are_clear_errors) {
  auto garbage = parse_feed(std::string("\x0a\xff\xff\xff\x0f garbage", 12));
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.err().code, error_code::invalid_request);
  EXPECT_NE(garbage.err().detail.find("malformed protobuf"), std::string::npos) << garbage.err().detail;

  auto empty = parse_feed("");  // no header
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.err().detail.find("header"), std::string::npos) << empty.err().detail;

  gtfs_rt::FeedMessage m;
  m.mutable_header()->set_gtfs_realtime_version("2.0");
  auto bytes = m.SerializeAsString();
  EXPECT_TRUE(parse_feed(bytes).ok());
  EXPECT_FALSE(parse_feed(std::string_view(bytes).substr(0, bytes.size() - 1)).ok());  // truncated

  auto missing = read_feed_bytes("/nonexistent/feed.pb", std::chrono::seconds(1));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.err().code, error_code::not_found);
}

}  // namespace
}  // namespace cityos::mobility::realtime
