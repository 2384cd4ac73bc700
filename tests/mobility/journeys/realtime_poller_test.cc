// SPDX-License-Identifier: Apache-2.0
// The journey service with GTFS-Realtime: MMRI scenario 3e (trip 3e|1 is
// cancelled on 2014-01-01 by 3e.pb) planned before and after the poller applies
// the file; a missing file fails, is counted, and keeps the schedule.
#include <gtest/gtest.h>

#include <string>

#include "mobility/journeys/journey_planner.h"
#include "mobility/journeys/realtime_poller.h"

namespace cityos::mobility::journeys {
namespace {

std::string const kMmri = std::string(CITYOS_SHARED_DIR) + "/data/gtfs/otp-test-feeds/mmri/";

std::string first_trip(plan_response const& p) {
  for (auto const& it : p.itineraries)
    for (auto const& l : it.legs)
      if (!l.trip_id.empty()) return l.trip_id;
  return {};
}

TEST(realtime_poller, cancelled_trip_is_avoided_after_an_update) {
  planner_settings settings;
  settings.timetable.walking.radius_m = 50;  // the scenario's stops are ~110 m apart
  settings.access.max_walk_m = 10;
  auto planner = load_journey_planner(kMmri + "3e", settings);
  ASSERT_TRUE(planner.ok()) << planner.err().detail;
  plan_params p;
  p.from = "stop:3e1";
  p.to = "stop:3e2";
  p.time = "2014-01-01T00:00";
  auto r = make_plan_request(p);
  ASSERT_TRUE(r.ok()) << r.err().detail;
  auto before = (*planner)->plan(*r);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(first_trip(*before), "3e|1");

  realtime_poller missing(**planner, {kMmri + "no-such.pb", std::chrono::seconds(30), std::chrono::seconds(1), 0});
  EXPECT_FALSE(missing.poll_once().ok());
  EXPECT_EQ(missing.counts().failed, 1u);
  EXPECT_EQ(first_trip(*(*planner)->plan(*r)), "3e|1");

  realtime_poller poller(**planner, {kMmri + "3e.pb", std::chrono::seconds(30), std::chrono::seconds(1), 0});
  auto applied = poller.poll_once();
  ASSERT_TRUE(applied.ok()) << applied.err().detail;
  EXPECT_EQ(applied->canceled, 1u);
  EXPECT_EQ(poller.counts().applied, 1u);
  auto after = (*planner)->plan(*r);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(first_trip(*after), "3e|2");
}

}  // namespace
}  // namespace cityos::mobility::journeys
