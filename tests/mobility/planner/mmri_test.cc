// SPDX-License-Identifier: Apache-2.0
// Scenarios of the Dutch MMRI journey-planner conformance set (OpenTripPlanner
// test resources, ../shared/data/gtfs/otp-test-feeds/mmri): ride choice (2a1),
// wheelchair (2b), timed transfers (2d, 2e1, 2e2), forbidden transfers (2e3,
// 2e4) and transfers between stops of a station (2c). Each feed runs on
// 2014-01-01; expected answers are read off the feed files. The feeds' stops
// are ~100 m apart, so walking the whole way would win: footpaths here come
// from transfers.txt only (search radius 50 m).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mobility/gtfs/feed_loader.h"
#include "mobility/planner/raptor.h"
#include "mobility/planner/timetable.h"

namespace cityos::mobility::planner {
namespace {

constexpr std::int32_t jan1 = 16071;  // 2014-01-01

constexpr std::int32_t hms(int h, int m, int s = 0) { return h * 3600 + m * 60 + s; }

struct scenario {
  gtfs::feed feed;
  timetable tt;
  explicit scenario(gtfs::feed f) : feed(std::move(f)), tt(feed, {.walking = {.radius_m = 50}}) {}
  index_t stop(std::string const& id) const { return *feed.stop_ids.find(id); }
  std::string trip(leg const& l) const { return feed.trip_ids.name(l.trip); }
  std::string stop_name(index_t s) const { return feed.stop_ids.name(s); }
  std::vector<journey> plan_from(std::string const& from, std::string const& to, std::int32_t time,
                                 search_options o = {}) const {
    auto r = plan(tt, {{{stop(from), 0}}, {{stop(to), 0}}, jan1, time}, o);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<journey>{};
  }
};

scenario load(std::string const& name) {
  auto r = gtfs::load_feed(std::string(CITYOS_SHARED_DIR) + "/data/gtfs/otp-test-feeds/mmri/" + name);
  EXPECT_TRUE(r.ok());
  return scenario(r.ok() ? std::move(r->data) : gtfs::feed{});
}

std::vector<journey> rides_only(std::vector<journey> js) {
  std::erase_if(js, [](journey const& j) {
    return std::none_of(j.legs.begin(), j.legs.end(), [](leg const& l) { return l.kind == leg_kind::ride; });
  });
  return js;
}

TEST(mmri, 2a1_the_faster_of_two_trips_leaving_together) {
  auto const s = load("2a1");
  auto js = rides_only(s.plan_from("2a1", "2a2", hms(0, 0)));
  ASSERT_FALSE(js.empty());
  EXPECT_EQ(s.trip(js[0].legs[0]), "2a1|short|1");
  EXPECT_EQ(js[0].arrival, hms(0, 2));
}

TEST(mmri, 2b_wheelchair_takes_the_accessible_trip) {
  auto const s = load("2b");
  auto any = rides_only(s.plan_from("2b1", "2b2", hms(0, 0)));
  ASSERT_FALSE(any.empty());
  EXPECT_EQ(s.trip(any[0].legs[0]), "2b|1");
  auto step_free = rides_only(s.plan_from("2b1", "2b2", hms(0, 0), {.wheelchair = true}));
  ASSERT_FALSE(step_free.empty());
  EXPECT_EQ(s.trip(step_free[0].legs[0]), "2b|2");
  EXPECT_EQ(step_free[0].arrival, hms(0, 4));
}

TEST(mmri, 2d_timed_transfer_needs_no_change_time) {
  auto const s = load("2d");
  auto js = rides_only(s.plan_from("2d1", "2d4", hms(0, 0)));
  ASSERT_FALSE(js.empty());
  auto const& j = js.back();
  EXPECT_EQ(j.transfers, 1);
  EXPECT_EQ(j.arrival, hms(0, 4));  // 2d|1|1 reaches 2d3 at 00:03, 2d|2|1 leaves it at 00:03
  EXPECT_EQ(s.trip(j.legs.back()), "2d|2|1");
}

TEST(mmri, 2e_transfers_where_allowed) {
  // 2e3: changing at 2e33 is forbidden, so the change is at 2e34 (00:03 -> 00:04).
  auto const e3 = load("2e3");
  auto js = rides_only(e3.plan_from("2e31", "2e36", hms(0, 0)));
  ASSERT_FALSE(js.empty());
  ASSERT_EQ(js.back().transfers, 1);
  EXPECT_EQ(e3.stop_name(js.back().legs[0].to_stop), "2e34");
  EXPECT_EQ(js.back().arrival, hms(0, 5));
  // 2e4: changing at 2e44 is forbidden, so the change is at 2e43 (00:02 -> 00:03).
  auto const e4 = load("2e4");
  js = rides_only(e4.plan_from("2e41", "2e46", hms(0, 0)));
  ASSERT_FALSE(js.empty());
  ASSERT_EQ(js.back().transfers, 1);
  EXPECT_EQ(e4.stop_name(js.back().legs[0].to_stop), "2e43");
  EXPECT_EQ(js.back().arrival, hms(0, 5));
  // 2e1 and 2e2: a timed transfer at one of the two shared stops; either way 00:05.
  for (auto const* name : {"2e1", "2e2"}) {
    auto const e = load(name);
    std::string const p = std::string(name).substr(0, 3);
    auto r = rides_only(e.plan_from(p + "1", p + "6", hms(0, 0)));
    ASSERT_FALSE(r.empty()) << name;
    EXPECT_EQ(r.back().arrival, hms(0, 5)) << name;
  }
}

TEST(mmri, 2c_change_between_stops_of_a_station) {
  auto const s = load("2c");
  // From 2c1 to 2c5: walk to 2c4 (transfers.txt: at least 60 s) for the bus at 00:02.
  auto js = rides_only(s.plan_from("2c1", "2c5", hms(0, 0)));
  ASSERT_FALSE(js.empty());
  auto const& j = js.front();
  EXPECT_EQ(s.trip(j.legs[1]), "2c|bus");
  EXPECT_EQ(j.legs[0].kind, leg_kind::walk);
  EXPECT_GE(j.legs[0].arrival - j.legs[0].departure, 60);
  EXPECT_EQ(j.arrival, hms(0, 6));
  // The same in arrive-by: leave as late as the walk allows.
  auto back = plan(s.tt, {{{s.stop("2c1"), 0}}, {{s.stop("2c5"), 0}}, jan1, hms(0, 10), true});
  ASSERT_TRUE(back.ok());
  ASSERT_FALSE(back->empty());
  EXPECT_EQ(s.trip(back->front().legs.back()), "2c|bus");
  EXPECT_EQ(back->front().departure + (back->front().legs[0].arrival - back->front().legs[0].departure), hms(0, 2));
}

}  // namespace
}  // namespace cityos::mobility::planner
