// SPDX-License-Identifier: Apache-2.0
// bus_model: a bus interpolated along its shape between stop times, on the
// weekdays of its service whatever the calendar's dates, late by its delay.
#include <gtest/gtest.h>

#include "sim/bus_model.h"

namespace cityos::sim {
namespace {

namespace gtfs = mobility::gtfs;

// One weekday trip A (08:00) -> B (08:10) due north, 0.01 degree (about 1.1 km).
gtfs::feed tiny_feed() {
  gtfs::feed f;
  for (auto [id, lat] : {std::pair{"A", 42.30}, std::pair{"B", 42.31}}) {
    f.stop_ids.intern(id);
    gtfs::stop s;
    s.name = id;
    s.lat = lat;
    s.lon = 141.0;
    f.stops.push_back(s);
  }
  f.route_ids.intern("R");
  f.routes.push_back({});
  f.service_ids.intern("weekday");
  f.calendars.push_back({0, 0b0011111, 18'353, 18'718});  // 2020-04-01 .. 2021-04-01
  f.trip_ids.intern("T1");
  gtfs::trip t;
  t.route = 0;
  t.service = 0;
  t.first_stop_time = 0;
  t.stop_time_count = 2;
  f.trips.push_back(t);
  f.stop_times.push_back({0, 0, 8 * 3600, 8 * 3600, 1, gtfs::no_index, 0, 0, 1});
  f.stop_times.push_back({0, 1, 8 * 3600 + 600, 8 * 3600 + 600, 2, gtfs::no_index, 0, 0, 1});
  return f;
}

auto no_delay = [](std::uint32_t, std::int32_t) { return 0; };

TEST(BusModel, InterpolatesBetweenStops) {
  auto m = bus_model::make(tiny_feed());
  ASSERT_TRUE(m) << m.err().detail;
  auto at = m->positions(2, 8 * 3600 + 300, no_delay);  // Wednesday 08:05
  ASSERT_EQ(at.size(), 1u);
  EXPECT_NEAR(at[0].lat, 42.305, 1e-6);
  EXPECT_NEAR(at[0].bearing, 0.0, 0.5);
  EXPECT_NEAR(at[0].speed_kmh, 1.112 / (10.0 / 60), 0.2);
  EXPECT_EQ(at[0].next_stop, 1u);
}

TEST(BusModel, RunsOnItsWeekdaysOnlyAndWithinItsTimes) {
  auto m = bus_model::make(tiny_feed());
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->positions(5, 8 * 3600 + 300, no_delay).empty());  // Saturday
  EXPECT_TRUE(m->positions(0, 7 * 3600, no_delay).empty());        // before the trip
  EXPECT_TRUE(m->positions(0, 9 * 3600, no_delay).empty());        // after it
}

TEST(BusModel, ADelayedBusIsBehind) {
  auto m = bus_model::make(tiny_feed());
  ASSERT_TRUE(m);
  auto at = m->positions(0, 8 * 3600 + 300, [](std::uint32_t, std::int32_t) { return 300; });
  ASSERT_EQ(at.size(), 1u);
  EXPECT_NEAR(at[0].lat, 42.30, 1e-6);  // just leaving A
}

TEST(BusModel, AFeedWithoutRunnableTripsIsAnError) {
  gtfs::feed f = tiny_feed();
  f.calendars.clear();
  EXPECT_FALSE(bus_model::make(std::move(f)));
}

}  // namespace
}  // namespace cityos::sim
