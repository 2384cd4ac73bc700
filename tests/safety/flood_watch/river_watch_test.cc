// SPDX-License-Identifier: Apache-2.0
// The alert episodes of one gauge: a synthetic flood through levels 1-4 and back
// (created, updated, predicted, closed, no flapping), a falling river (no prediction),
// stuck and jumping gauges (fault alerts, no flood alert), missing reports.
#include "safety/flood_watch/river_watch.h"

#include <gtest/gtest.h>

#include <map>

#include "flood_fixture.h"

namespace cityos::safety::flood_watch {
namespace {

using test::kMinute;
using test::kT0;

struct run_log {
  std::vector<alert_record> all;  // every change, in order
  std::vector<alert_record> of(episode_kind k) const {
    std::vector<alert_record> out;
    for (auto const& a : all) {
      if (a.kind == k) out.push_back(a);
    }
    return out;
  }
};

run_log replay(river_watch& w, std::vector<river::reading> const& rs) {
  run_log log;
  for (auto const& r : rs) {
    auto changed = w.observe(r);
    log.all.insert(log.all.end(), changed.begin(), changed.end());
  }
  return log;
}

int danger_level(alert_record const& a) { return static_cast<int>(a.entity.at("dangerLevel").at("value").as_int64()); }
std::string status(alert_record const& a) { return std::string(a.entity.at("alertStatus").at("value").as_string()); }

class river_watch_test : public ::testing::Test {
 protected:
  flood_config config = test::test_config();
  river_watch watch{config.stations[0].station, config.names, config.tolerance_ms};
};

TEST_F(river_watch_test, flood_through_levels_opens_updates_and_closes_one_alert) {
  auto const log = replay(watch, test::series(700, 5, test::flood_curve, 0.01));
  auto const flood = log.of(episode_kind::flood);
  std::vector<int> levels;
  for (auto const& a : flood) levels.push_back(danger_level(a));
  EXPECT_EQ(levels, (std::vector<int>{1, 2, 3, 4, 3, 2, 1, 0}));  // no flapping despite the noise
  ASSERT_FALSE(flood.empty());
  for (auto const& a : flood) EXPECT_EQ(a.id, flood.front().id);  // one episode, one id
  EXPECT_EQ(status(flood.front()), "active");
  EXPECT_EQ(status(flood.back()), "closed");
  EXPECT_FALSE(flood.back().active);
  EXPECT_TRUE(flood.back().entity.contains("validTo"));
  EXPECT_TRUE(watch.active_alerts().empty());
}

TEST_F(river_watch_test, predicted_alerts_come_before_the_crossings_and_close_when_reached) {
  auto const rs = test::series(700, 5, test::flood_curve);
  auto const log = replay(watch, rs);
  std::map<int, epoch_ms> opened, closed;
  std::map<int, std::string> outcome;
  for (auto const& a : log.of(episode_kind::predicted)) {
    int const level = danger_level(a);
    if (a.active && !opened.contains(level)) opened[level] = a.issued;
    if (!a.active) {
      outcome[level] = std::string(a.entity.at("outcome").at("value").as_string());
      closed[level] = a.updated;
    }
  }
  // Levels 2 (2.3 m at min 130), 3 (3.0 m at min 200), 4 (3.5 m at min 250) were predicted ahead.
  std::map<int, epoch_ms> const crossing = {{2, kT0 + 130 * kMinute}, {3, kT0 + 200 * kMinute}, {4, kT0 + 250 * kMinute}};
  for (auto const& [level, at] : crossing) {
    ASSERT_TRUE(opened.contains(level)) << level;
    EXPECT_LE(opened[level], at - 30 * kMinute) << level;
    EXPECT_EQ(outcome[level], "reached") << level;
    EXPECT_EQ(closed[level], at) << level;
  }
  // The rise turned at 3.7 m: the predicted bank height (4.2 m) was a false alarm, closed after its horizon.
  ASSERT_TRUE(opened.contains(5));
  EXPECT_EQ(outcome[5], "notReached");
  EXPECT_TRUE(watch.active_alerts().empty());
}

TEST_F(river_watch_test, falling_river_predicts_nothing) {
  auto const log = replay(watch, test::series(200, 5, [](double m) { return 3.2 - 0.01 * m; }));
  EXPECT_TRUE(log.of(episode_kind::predicted).empty());
  EXPECT_TRUE(log.of(episode_kind::fault).empty());
}

TEST_F(river_watch_test, stuck_gauge_raises_a_fault_alert_and_no_flood_alert) {
  auto const log = replay(watch, test::series(180, 5, [](double) { return 1.3; }));
  auto const faults = log.of(episode_kind::fault);
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_EQ(faults[0].entity.at("faultKind").at("value").as_string(), "stuckValue");
  EXPECT_TRUE(faults[0].active);
  EXPECT_TRUE(log.of(episode_kind::flood).empty());
  EXPECT_EQ(watch.level(), 0);
}

TEST_F(river_watch_test, impossible_jump_is_a_fault_not_a_flood) {
  auto rs = test::series(60, 5, [](double) { return 1.0; });
  rs.push_back({kT0 + 65 * kMinute, 4.5});  // bank height and more in five minutes
  rs.push_back({kT0 + 70 * kMinute, 4.5});
  auto const log = replay(watch, rs);
  auto const faults = log.of(episode_kind::fault);
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_EQ(faults[0].entity.at("faultKind").at("value").as_string(), "impossibleJump");
  EXPECT_TRUE(log.of(episode_kind::flood).empty());
  EXPECT_FALSE(watch.trusted());
}

TEST_F(river_watch_test, missing_reports_open_a_fault_that_the_next_reading_closes) {
  (void)replay(watch, test::series(30, 5, [](double) { return 1.6; }));  // flood mode: every 5 min
  EXPECT_TRUE(watch.check(kT0 + 35 * kMinute).empty());
  auto const raised = watch.check(kT0 + 45 * kMinute);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].entity.at("faultKind").at("value").as_string(), "missingReports");
  EXPECT_TRUE(watch.check(kT0 + 50 * kMinute).empty());  // raised once
  auto const cleared = watch.observe({kT0 + 55 * kMinute, 1.6});
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].id, raised[0].id);
  EXPECT_FALSE(cleared[0].active);
}

}  // namespace
}  // namespace cityos::safety::flood_watch
