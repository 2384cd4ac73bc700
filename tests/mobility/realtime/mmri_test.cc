// SPDX-License-Identifier: Apache-2.0
// The MMRI GTFS-Realtime scenarios of the OTP test feeds (mmri/3b, 3c, 3e with
// their .pb messages), all on service day 2014-01-01:
//   3b: trip 3b|1 leaves 3b1 10 minutes late (00:11), 3b|2 1 minute (00:12);
//       the delay carries on to 3b2.
//   3c: trip 3c|1 reaches 3c2 2 minutes late (00:04); 3c3 inherits it (00:05).
//   3e: trip 3e|1 is canceled; 3e|2 (00:03 -> 00:04) is the first to 3e2.
// Plus the Muroran feed with every trip of a day delayed, to time the overlay.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>

#include "mobility/gtfs/feed_loader.h"
#include "mobility/planner/raptor.h"
#include "mobility/realtime/feed_reader.h"
#include "mobility/realtime/overlay.h"
#include "mobility/realtime/parse.h"

namespace cityos::mobility::realtime {
namespace {

std::string const kMmri = std::string(CITYOS_SHARED_DIR) + "/data/gtfs/otp-test-feeds/mmri/";
constexpr std::int32_t jan1 = 16071, jan3 = 16073;  // 2014-01-01, 03
constexpr std::int32_t hms(int h, int m, int s = 0) { return h * 3600 + m * 60 + s; }

struct scenario {
  gtfs::feed feed;
  std::unique_ptr<planner::timetable> base;
  std::unique_ptr<overlay> rt;

  explicit scenario(std::string const& name) {
    auto st = gtfs::load_feed(kMmri + name);
    EXPECT_TRUE(st.ok()) << st.err().detail;
    if (st.ok()) feed = std::move(st->data);
    planner::timetable_options no_walking;  // the scenario stops are ~110 m apart
    no_walking.walking.radius_m = 0;
    base = std::make_unique<planner::timetable>(feed, no_walking);
    auto bytes = read_feed_bytes(kMmri + name + ".pb", std::chrono::seconds(5));
    EXPECT_TRUE(bytes.ok());
    auto parsed = parse_feed(bytes.ok() ? *bytes : std::string());
    EXPECT_TRUE(parsed.ok()) << parsed.err().detail;
    rt = std::make_unique<overlay>(apply_trip_updates(*base, parsed.ok() ? *parsed : realtime_feed{}));
  }

  planner::journey first(planner::timetable const& tt, std::string const& from, std::string const& to,
                         std::int32_t date, std::int32_t time) const {
    planner::query q;
    q.sources = {{*feed.stop_ids.find(from), 0}};
    q.targets = {{*feed.stop_ids.find(to), 0}};
    q.date = date;
    q.time = time;
    auto r = planner::plan(tt, q);
    EXPECT_TRUE(r.ok() && !r->empty());
    return r.ok() && !r->empty() ? r->front() : planner::journey{};
  }
  // The first ride's trip, and that ride.
  std::string trip(planner::journey const& j) const {
    auto const* r = ride(j);
    return r ? feed.trip_ids.name(r->trip) : "";
  }
  static planner::leg const* ride(planner::journey const& j) {
    for (auto const& l : j.legs)
      if (l.kind == planner::leg_kind::ride) return &l;
    return nullptr;
  }
};

TEST(mmri, scenario_3b_delayed_departures) {
  scenario s("3b");
  EXPECT_EQ(s.rt->report.updated, 2u);
  auto base = s.first(*s.base, "3b1", "3b2", jan1, 0);
  EXPECT_EQ(s.trip(base), "3b|1");
  EXPECT_EQ(base.arrival, hms(0, 2));
  auto late = s.first(s.rt->timetable, "3b1", "3b2", jan1, 0);
  EXPECT_EQ(s.trip(late), "3b|1");
  EXPECT_EQ(scenario::ride(late)->departure, hms(0, 11));
  EXPECT_EQ(late.arrival, hms(0, 12));
  auto next = s.first(s.rt->timetable, "3b1", "3b2", jan1, hms(0, 11, 30));
  EXPECT_EQ(s.trip(next), "3b|2");
  EXPECT_EQ(scenario::ride(next)->departure, hms(0, 12));
  EXPECT_EQ(next.arrival, hms(0, 13));
}

TEST(mmri, scenario_3c_delay_at_an_intermediate_stop) {
  scenario s("3c");
  EXPECT_EQ(s.rt->report.updated, 1u);
  auto j = s.first(s.rt->timetable, "3c1", "3c3", jan1, 0);
  EXPECT_EQ(s.trip(j), "3c|1");
  EXPECT_EQ(scenario::ride(j)->departure, hms(0, 1));  // before the updated stop: on time
  EXPECT_EQ(j.arrival, hms(0, 5));
  auto from2 = s.first(s.rt->timetable, "3c2", "3c3", jan1, hms(0, 3, 30));
  EXPECT_EQ(s.trip(from2), "3c|1");
  EXPECT_EQ(scenario::ride(from2)->departure, hms(0, 4));
  // 2014-01-03 is not touched by the update.
  EXPECT_EQ(s.first(s.rt->timetable, "3c1", "3c3", jan3, 0).arrival, hms(0, 3));
}

TEST(mmri, scenario_3e_canceled_trip) {
  scenario s("3e");
  EXPECT_EQ(s.rt->report.canceled, 1u);
  EXPECT_EQ(s.trip(s.first(*s.base, "3e1", "3e2", jan1, 0)), "3e|1");
  auto j = s.first(s.rt->timetable, "3e1", "3e2", jan1, 0);
  EXPECT_EQ(s.trip(j), "3e|2");
  EXPECT_EQ(j.arrival, hms(0, 4));
}

TEST(muroran, overlay_of_every_trip_of_a_day) {
  auto st = gtfs::load_feed(std::string(CITYOS_SHARED_DIR) + "/data/gtfs/donanbus-muroran");
  ASSERT_TRUE(st.ok()) << st.err().detail;
  auto const& f = st->data;
  planner::timetable base(f);
  std::int32_t date = base.calendar().first_date();
  // The first Monday with service.
  while (date <= base.calendar().last_date() && planner::weekday(date) != 0) ++date;
  realtime_feed rt;
  for (planner::index_t t = 0; t < f.trips.size(); ++t) {
    if (!base.active(f.trips[t].service, date) || f.trips[t].stop_time_count < 2) continue;
    trip_update u;
    u.trip.trip_id = f.trip_ids.name(t);
    stop_time_update s;
    s.stop_sequence = f.stop_times[f.trips[t].first_stop_time + 1].sequence;
    s.arrival = stop_time_event{180, {}};
    u.stops.push_back(s);
    rt.trip_updates.push_back(std::move(u));
  }
  ASSERT_GT(rt.trip_updates.size(), 100u);
  overlay_options o;
  o.default_date = date;
  auto const started = std::chrono::steady_clock::now();
  auto result = apply_trip_updates(base, rt, o);
  auto const us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
  std::cout << "[ overlay  ] Muroran: " << rt.trip_updates.size() << " trips updated in " << us / 1000.0
            << " ms (base " << base.patterns().size() << " patterns, overlay " << result.timetable.patterns().size()
            << ")\n";
  EXPECT_EQ(result.report.updated, rt.trip_updates.size());
  EXPECT_TRUE(result.report.unmatched_trips.empty());
  // Every replacement run is 3 minutes late after its first stop.
  auto const& p = result.timetable.patterns().back();
  auto const& trip = f.trips[p.trips[0].trip];
  auto const& st1 = f.stop_times[trip.first_stop_time + 1];
  EXPECT_EQ(p.trips[0].date, date);
  EXPECT_EQ(p.at(0, 1).arrival, (st1.arrival >= 0 ? st1.arrival : st1.departure) + 180);
}

}  // namespace
}  // namespace cityos::mobility::realtime
