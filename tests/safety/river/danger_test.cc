// SPDX-License-Identifier: Apache-2.0
#include "safety/river/danger.h"

#include <gtest/gtest.h>

#include "synthetic.h"

namespace cityos::safety::river {
namespace {

using test::five_level_station;
using test::kMinute;
using test::kT0;
using test::series;

std::vector<level_change> changes_of(station const& s, std::vector<reading> const& readings) {
  danger_tracker tracker(s);
  std::vector<level_change> out;
  for (auto const& r : readings) {
    auto step = tracker.observe(r);
    if (step.change) out.push_back(*step.change);
  }
  return out;
}

TEST(river_danger, indicated_level_maps_reference_levels_to_danger_levels) {
  auto const s = five_level_station();
  EXPECT_EQ(indicated_level(s, 0.0), 0);
  EXPECT_EQ(indicated_level(s, 1.49), 0);
  EXPECT_EQ(indicated_level(s, 1.5), 1);
  EXPECT_EQ(indicated_level(s, 2.3), 2);
  EXPECT_EQ(indicated_level(s, 2.99), 2);
  EXPECT_EQ(indicated_level(s, 3.0), 3);
  EXPECT_EQ(indicated_level(s, 3.5), 4);
  EXPECT_EQ(indicated_level(s, 4.2), 5);
  EXPECT_EQ(indicated_level(s, 9.0), 5);
}

// A rise and a fall at 0.01 m/min: each level is entered at the first reading at or
// above its reference level, and left at the first reading a hold time after the
// water first went below the reference level minus the margin.
TEST(river_danger, rise_and_fall_enters_at_once_and_drops_after_the_hold) {
  auto const s = five_level_station();
  auto const readings = series(700, 5, test::rise_and_fall(1.02, 0.01, 330));
  std::vector<level_change> expected;
  for (int l = 1; l <= kDangerLevels; ++l) {
    for (auto const& r : readings) {
      if (r.level_m >= *s.threshold(l)) {
        expected.push_back({l - 1, l, r.time, r.level_m});
        break;
      }
    }
  }
  for (int l = kDangerLevels; l >= 1; --l) {
    std::optional<epoch_ms> below;
    for (auto const& r : readings) {
      if (r.time <= kT0 + 330 * kMinute) continue;
      if (!below && r.level_m < *s.threshold(l) - s.hold.margin_m) below = r.time;
      if (below && r.time - *below >= s.hold.hold_ms) {
        expected.push_back({l, l - 1, r.time, r.level_m});
        break;
      }
    }
  }
  auto const got = changes_of(s, readings);
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].from, expected[i].from) << i;
    EXPECT_EQ(got[i].to, expected[i].to) << i;
    EXPECT_EQ(got[i].at, expected[i].at) << i;
    EXPECT_DOUBLE_EQ(got[i].level_m, expected[i].level_m) << i;
  }
  // Spot check of the arithmetic: the bank height 4.2 m is reached at minute 320
  // (1.02 + 3.18), and left 30 min after the water fell below 4.1 m (minute 355).
  EXPECT_EQ(got[4].at, kT0 + 320 * kMinute);
  EXPECT_EQ(got[5].at, kT0 + 385 * kMinute);
}

TEST(river_danger, a_jump_over_several_levels_is_one_change) {
  auto const s = five_level_station();
  danger_tracker t(s);
  EXPECT_FALSE(t.observe({kT0, 1.0}).change);
  auto step = t.observe({kT0 + kMinute, 3.2});
  ASSERT_TRUE(step.change);
  EXPECT_EQ(step.change->from, 0);
  EXPECT_EQ(step.change->to, 3);
  EXPECT_TRUE(step.change->rising());
  EXPECT_EQ(t.level(), 3);
}

TEST(river_danger, noise_around_a_reference_level_does_not_flap) {
  auto const s = five_level_station();
  // 2.30 m +- noise of 0.03 m for 8 hours, one reading a minute.
  auto const readings = series(
      480, 1, [](double) { return 2.30; }, 0.03, 7);
  auto const changes = changes_of(s, readings);
  // Entered once (through level 1 if the first reading was just below 2.30 m), never left.
  ASSERT_GE(changes.size(), 1u);
  ASSERT_LE(changes.size(), 2u);
  for (auto const& c : changes) EXPECT_TRUE(c.rising());
  EXPECT_EQ(changes.back().to, 2);
  // Without margin and hold the same readings flap: the hysteresis is what stops it.
  auto bare = s;
  bare.hold = {0.0, 0};
  EXPECT_GT(changes_of(bare, readings).size(), 50u);
}

TEST(river_danger, a_dip_shorter_than_the_hold_keeps_the_level) {
  auto const s = five_level_station();
  danger_tracker t(s);
  ASSERT_EQ(t.observe({kT0, 2.5}).level, 2);
  for (int m = 5; m <= 25; m += 5) EXPECT_EQ(t.observe({kT0 + m * kMinute, 2.1}).level, 2) << m;
  EXPECT_EQ(t.observe({kT0 + 30 * kMinute, 2.25}).level, 2);  // back within the margin: the hold restarts
  for (int m = 35; m <= 60; m += 5) EXPECT_EQ(t.observe({kT0 + m * kMinute, 2.1}).level, 2) << m;
  auto step = t.observe({kT0 + 65 * kMinute, 2.1});  // 30 min below 2.2 since minute 35
  ASSERT_TRUE(step.change);
  EXPECT_EQ(step.change->from, 2);
  EXPECT_EQ(step.change->to, 1);
  EXPECT_FALSE(step.change->rising());
}

TEST(river_danger, a_fast_fall_drops_several_levels_at_once) {
  auto const s = five_level_station();
  danger_tracker t(s);
  ASSERT_EQ(t.observe({kT0, 3.6}).level, 4);
  for (int m = 5; m < 35; m += 5) EXPECT_FALSE(t.observe({kT0 + m * kMinute, 1.7}).change);
  auto step = t.observe({kT0 + 35 * kMinute, 1.7});
  ASSERT_TRUE(step.change);
  EXPECT_EQ(step.change->from, 4);
  EXPECT_EQ(step.change->to, 1);
}

TEST(river_danger, untrusted_and_stale_readings_are_held) {
  auto const s = five_level_station();
  danger_tracker t(s);
  auto step = t.observe({kT0, 4.5}, reading_trust::untrusted);
  EXPECT_TRUE(step.held);
  EXPECT_EQ(step.indicated, 5);
  EXPECT_EQ(step.level, 0);
  EXPECT_FALSE(step.change);
  ASSERT_EQ(t.observe({kT0 + kMinute, 2.4}).level, 2);
  // Untrusted low readings never close the level, however long they last.
  for (int m = 2; m < 300; m += 5) {
    auto s2 = t.observe({kT0 + m * kMinute, 0.5}, reading_trust::untrusted);
    EXPECT_TRUE(s2.held);
    EXPECT_EQ(s2.level, 2);
  }
  auto stale = t.observe({kT0, 0.5});  // older than the last applied reading
  EXPECT_TRUE(stale.held);
  EXPECT_EQ(t.level(), 2);
}

TEST(river_danger, a_station_with_one_level_skips_the_others) {
  auto s = five_level_station();
  s.thresholds = {std::nullopt, std::nullopt, std::nullopt, 2.6, std::nullopt};
  danger_tracker t(s);
  EXPECT_EQ(t.observe({kT0, 2.0}).level, 0);
  EXPECT_EQ(t.observe({kT0 + kMinute, 2.7}).level, 4);
  EXPECT_EQ(t.observe({kT0 + 2 * kMinute, 1.0}).level, 4);
  auto step = t.observe({kT0 + 32 * kMinute, 1.0});
  ASSERT_TRUE(step.change);
  EXPECT_EQ(step.change->to, 0);
}

}  // namespace
}  // namespace cityos::safety::river
