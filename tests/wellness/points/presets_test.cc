// SPDX-License-Identifier: Apache-2.0
// Each preset earns the points its published rule gives for a known week of steps.
// The expected numbers are worked out by hand from the rule in the comment above each.
#include "wellness/points/presets.h"

#include <gtest/gtest.h>

#include "wellness/points/rules.h"

namespace cityos::wellness {
namespace {

programme preset(std::string_view name) {
  auto p = load_preset(name);
  EXPECT_TRUE(p.ok()) << name << ": " << (p.ok() ? "" : p.err().detail);
  return p.ok() ? *p : programme{};
}

// Points of each day of `week` (sensor days, no hourly samples), nothing awarded before.
std::vector<int> week_points(programme const& p, std::vector<std::int64_t> const& week,
                             std::optional<double> baseline = std::nullopt) {
  std::vector<int> out;
  for (auto steps : week) {
    step_day d;
    d.date = "2026-05-11";
    d.steps = steps;
    d.baseline = baseline;
    auto ev = evaluate_day(p, d);
    EXPECT_TRUE(ev.ok());
    out.push_back(ev.ok() ? ev->total() : -1);
  }
  return out;
}

TEST(wellness_presets, all_load_and_have_their_id) {
  ASSERT_EQ(preset_names().size(), 6u);
  for (auto name : preset_names()) EXPECT_EQ(preset(name).id, name);
  EXPECT_FALSE(preset_text("atlantis"));
  auto missing = load_preset("atlantis");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.err().code, error_code::not_found);
}

// Sapporo 2026: 3 pt once the day reaches 4,000 steps, nothing below; 1 pt = 1 JPY.
TEST(wellness_presets, sapporo_2026_week) {
  auto p = preset("sapporo_2026");
  EXPECT_EQ(week_points(p, {3999, 4000, 12000, 2500, 4001, 0, 8000}), (std::vector<int>{0, 3, 3, 0, 3, 0, 3}));
  EXPECT_DOUBLE_EQ(p.yen_per_point, 1.0);
}

// Shitara: 1 pt per full 1,000 steps, at most 10 a day.
TEST(wellness_presets, shitara_week) {
  auto p = preset("shitara");
  EXPECT_EQ(week_points(p, {999, 1000, 5500, 9999, 10000, 15000, 30000}),
            (std::vector<int>{0, 1, 5, 9, 10, 10, 10}));
}

// Toei: 8,000 -> 1, 9,000 -> 2, 10,000 -> 3; the highest tier reached wins.
TEST(wellness_presets, toei_week) {
  auto p = preset("toei");
  EXPECT_EQ(week_points(p, {7999, 8000, 8999, 9000, 9500, 10000, 25000}), (std::vector<int>{0, 1, 1, 2, 2, 3, 3}));
}

// Yamagata: 4,000 -> 40, 5,000 -> 50, 6,000 -> 60, 7,000 -> 70, 8,000+ -> 100; 42-day backlog.
TEST(wellness_presets, yamagata_week) {
  auto p = preset("yamagata");
  EXPECT_EQ(week_points(p, {3999, 4000, 4999, 5000, 6500, 7999, 8000}),
            (std::vector<int>{0, 40, 40, 50, 60, 70, 100}));
  EXPECT_EQ(p.late_upload_days, 42);
}

// Kikuyo: 5,000 -> 10, +1 per extra full 1,000, at most 15 (reached at 10,000).
TEST(wellness_presets, kikuyo_week) {
  auto p = preset("kikuyo");
  EXPECT_EQ(week_points(p, {4999, 5000, 5999, 6000, 9999, 10000, 14000}),
            (std::vector<int>{0, 10, 10, 11, 14, 15, 15}));
}

// Kikuyo events: body composition 5 pt once a month, check-up 500 pt.
TEST(wellness_presets, kikuyo_events) {
  auto p = preset("kikuyo");
  EXPECT_EQ(evaluate_event(p, {event_kind::body_composition}).total(), 5);
  event_upload again{event_kind::body_composition};
  again.earned_this_month = 1;
  EXPECT_EQ(evaluate_event(p, again).total(), 0);
  EXPECT_EQ(evaluate_event(p, {event_kind::checkup}).total(), 500);
}

// SWC: baseline = average of the first 7 days (35,000 / 7 = 5,000); then 10 pt per
// full 1,000 steps above it once the increase reaches 1,000, at most 26 a day:
// +0 -> 0, +999 -> 0, +1,000 -> 10, +2,500 -> 20, +4,000 -> 40 -> 26, +3,000 -> 30 -> 26, +15,000 -> 26.
TEST(wellness_presets, swc_week_over_baseline) {
  auto p = preset("swc");
  std::vector<std::int64_t> const first_week = {5000, 6000, 4000, 5000, 5000, 6000, 4000};
  auto baseline = baseline_of(p, first_week);
  ASSERT_TRUE(baseline);
  EXPECT_DOUBLE_EQ(*baseline, 5000.0);
  EXPECT_EQ(week_points(p, {5000, 5999, 6000, 7500, 9000, 8000, 20000}, baseline),
            (std::vector<int>{0, 0, 10, 20, 26, 26, 26}));
  EXPECT_FALSE(baseline_of(p, std::span(first_week).first(6)));  // no baseline before 7 days
}

// SWC annual cap: 24,000 pt a year; with 23,990 already awarded a 26 pt day earns 10.
TEST(wellness_presets, swc_annual_cap) {
  auto p = preset("swc");
  step_day d;
  d.steps = 20000;
  d.baseline = 5000;
  d.points_this_year = 23990;
  auto ev = evaluate_day(p, d);
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->total(), 10);
  d.points_this_year = 24000;
  EXPECT_EQ(evaluate_day(p, d)->total(), 0);
  event_upload body{event_kind::body_composition};
  body.points_this_year = 23500;
  EXPECT_EQ(evaluate_event(p, body).total(), 500);
}

}  // namespace
}  // namespace cityos::wellness
