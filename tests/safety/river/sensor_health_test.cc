// SPDX-License-Identifier: Apache-2.0
#include "safety/river/sensor_health.h"

#include <gtest/gtest.h>

#include "synthetic.h"

namespace cityos::safety::river {
namespace {

using test::five_level_station;
using test::kMinute;
using test::kT0;
using test::series;

TEST(river_sensor_health, a_plausible_series_is_trusted) {
  sensor_monitor m(five_level_station());
  for (auto const& r : series(300, 5, test::rise_and_fall(1.3, 0.01, 150), 0.01, 9)) {
    auto v = m.observe(r);
    EXPECT_TRUE(v.trusted);
    EXPECT_TRUE(v.events.empty());
  }
  EXPECT_FALSE(m.faulty());
  EXPECT_EQ(fault_name(fault_kind::impossible_jump), "impossibleJump");
}

TEST(river_sensor_health, a_spike_is_an_impossible_jump_until_the_level_is_plausible_again) {
  sensor_monitor m(five_level_station());  // at most 0.2 m per minute
  EXPECT_TRUE(m.observe({kT0, 1.6}).trusted);
  auto spike = m.observe({kT0 + 5 * kMinute, 4.4});  // +2.8 m in 5 min
  EXPECT_FALSE(spike.trusted);
  ASSERT_EQ(spike.events.size(), 1u);
  EXPECT_EQ(spike.events[0].kind, fault_kind::impossible_jump);
  EXPECT_TRUE(spike.events[0].raised);
  EXPECT_EQ(spike.events[0].detail, "level changed from 1.60 m to 4.40 m in 5 min");
  EXPECT_TRUE(m.faulty());
  auto back = m.observe({kT0 + 10 * kMinute, 1.62});
  EXPECT_TRUE(back.trusted);
  ASSERT_EQ(back.events.size(), 1u);
  EXPECT_FALSE(back.events[0].raised);
  EXPECT_FALSE(m.faulty());
}

TEST(river_sensor_health, a_step_stays_a_fault_until_an_operator_accepts_it) {
  sensor_monitor m(five_level_station());
  EXPECT_FALSE(m.accept_level(kT0));  // no fault
  EXPECT_TRUE(m.observe({kT0, 1.6}).trusted);
  for (int i = 1; i <= 20; ++i) EXPECT_FALSE(m.observe({kT0 + i * kMinute, 3.6 + 0.001 * i}).trusted) << i;
  auto accepted = m.accept_level(kT0 + 21 * kMinute);
  ASSERT_TRUE(accepted);
  EXPECT_FALSE(accepted->raised);
  EXPECT_EQ(accepted->detail, "level 3.62 m accepted by an operator");
  EXPECT_FALSE(m.faulty());
  EXPECT_TRUE(m.observe({kT0 + 22 * kMinute, 3.62}).trusted);
}

TEST(river_sensor_health, a_step_can_settle_after_consistent_readings) {
  auto s = five_level_station();
  s.health.jump_settle_reports = 3;
  sensor_monitor m(s);
  EXPECT_TRUE(m.observe({kT0, 1.6}).trusted);
  EXPECT_FALSE(m.observe({kT0 + 1 * kMinute, 3.6}).trusted);
  EXPECT_FALSE(m.observe({kT0 + 2 * kMinute, 3.61}).trusted);
  auto third = m.observe({kT0 + 3 * kMinute, 3.62});
  EXPECT_TRUE(third.trusted);
  ASSERT_EQ(third.events.size(), 1u);
  EXPECT_FALSE(third.events[0].raised);
  EXPECT_TRUE(m.observe({kT0 + 4 * kMinute, 3.63}).trusted);  // judged against the new level
}

TEST(river_sensor_health, a_flat_line_in_flood_mode_is_stuck) {
  sensor_monitor m(five_level_station());  // 12 equal reports above 1.2 m
  for (int i = 0; i < 11; ++i) {
    auto v = m.observe({kT0 + i * 5 * kMinute, 2.40});
    EXPECT_TRUE(v.trusted) << i;
  }
  auto stuck = m.observe({kT0 + 55 * kMinute, 2.40});
  EXPECT_FALSE(stuck.trusted);
  ASSERT_EQ(stuck.events.size(), 1u);
  EXPECT_EQ(stuck.events[0].kind, fault_kind::stuck_value);
  EXPECT_TRUE(m.has(fault_kind::stuck_value));
  EXPECT_FALSE(m.observe({kT0 + 60 * kMinute, 2.40}).trusted);
  auto moved = m.observe({kT0 + 65 * kMinute, 2.43});
  EXPECT_TRUE(moved.trusted);
  ASSERT_EQ(moved.events.size(), 1u);
  EXPECT_FALSE(moved.events[0].raised);
}

TEST(river_sensor_health, a_flat_line_at_low_water_is_stuck_only_while_peers_move) {
  sensor_monitor calm(five_level_station());
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(calm.observe({kT0 + i * 60 * kMinute, 0.80}).trusted) << i;
  EXPECT_FALSE(calm.faulty());
  sensor_monitor m(five_level_station());  // 3 h while neighbours move
  for (int h = 0; h < 3; ++h) EXPECT_TRUE(m.observe({kT0 + h * 60 * kMinute, 0.80}, true).trusted) << h;
  auto stuck = m.observe({kT0 + 180 * kMinute, 0.80}, true);
  EXPECT_FALSE(stuck.trusted);
  ASSERT_EQ(stuck.events.size(), 1u);
  EXPECT_EQ(stuck.events[0].detail, "value stuck at 0.80 m for 4 reports over 180 min while neighbouring gauges move");
}

TEST(river_sensor_health, missing_reports_follow_the_interval_of_the_level) {
  sensor_monitor m(five_level_station());  // flood mode from 1.2 m: every 5 min; else daily; factor 2
  EXPECT_FALSE(m.check_missing(kT0));      // nothing expected before the first reading
  EXPECT_TRUE(m.observe({kT0, 1.8}).trusted);
  EXPECT_FALSE(m.check_missing(kT0 + 10 * kMinute));
  auto raised = m.check_missing(kT0 + 11 * kMinute);
  ASSERT_TRUE(raised);
  EXPECT_EQ(raised->kind, fault_kind::missing_reports);
  EXPECT_EQ(raised->detail, "no report for 11 min (expected every 5 min)");
  EXPECT_FALSE(m.check_missing(kT0 + 12 * kMinute));  // raised once
  EXPECT_TRUE(m.faulty());
  auto back = m.observe({kT0 + 30 * kMinute, 1.7});
  EXPECT_TRUE(back.trusted);
  ASSERT_EQ(back.events.size(), 1u);
  EXPECT_EQ(back.events[0].kind, fault_kind::missing_reports);
  EXPECT_FALSE(back.events[0].raised);
  EXPECT_FALSE(m.faulty());

  sensor_monitor low(five_level_station());
  EXPECT_TRUE(low.observe({kT0, 0.5}).trusted);
  EXPECT_FALSE(low.check_missing(kT0 + 47 * 60 * kMinute));
  EXPECT_TRUE(low.check_missing(kT0 + 49 * 60 * kMinute));
}

TEST(river_sensor_health, a_faulty_gauge_alone_neither_raises_nor_closes_a_level) {
  auto const s = five_level_station();
  sensor_monitor m(s);
  danger_tracker t(s);
  auto feed = [&](reading r) {
    auto v = m.observe(r);
    return t.observe(r, v.trusted ? reading_trust::trusted : reading_trust::untrusted);
  };
  EXPECT_EQ(feed({kT0, 1.0}).level, 0);
  auto spike = feed({kT0 + 5 * kMinute, 4.5});
  EXPECT_TRUE(spike.held);
  EXPECT_EQ(spike.level, 0);
  EXPECT_EQ(feed({kT0 + 10 * kMinute, 1.0}).level, 0);
  // At level 2 the gauge sticks at a low value after a drop it cannot make: held.
  EXPECT_EQ(feed({kT0 + 15 * kMinute, 1.6}).level, 1);
  EXPECT_EQ(feed({kT0 + 20 * kMinute, 2.4}).level, 2);
  auto fall = feed({kT0 + 21 * kMinute, 0.2});  // -2.2 m in a minute
  EXPECT_TRUE(fall.held);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(feed({kT0 + (22 + 5 * i) * kMinute, 0.2 + 0.001 * (i % 2)}).level, 2);
}

TEST(river_sensor_health, stale_readings_are_untrusted_and_change_nothing) {
  sensor_monitor m(five_level_station());
  EXPECT_TRUE(m.observe({kT0 + kMinute, 1.0}).trusted);
  auto stale = m.observe({kT0, 3.0});
  EXPECT_FALSE(stale.trusted);
  EXPECT_TRUE(stale.events.empty());
  EXPECT_FALSE(m.faulty());
}

}  // namespace
}  // namespace cityos::safety::river
