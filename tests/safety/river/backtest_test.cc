// SPDX-License-Identifier: Apache-2.0
#include "safety/river/backtest.h"

#include <gtest/gtest.h>

#include "safety/river/presets.h"
#include "synthetic.h"

namespace cityos::safety::river {
namespace {

using test::kMinute;
using test::kT0;
using test::series;

constexpr double kStart = 1.02;     // m
constexpr double kRate = 0.01;      // m/min
constexpr int kStep = 5;            // min between readings
constexpr int kFirstForecast = 20;  // 5 readings over 20 min: the first forecast (min 5 readings, 15 min)
constexpr int kHorizon = 90;

// What the backtest should find on a noise-free rise at kRate from kStart, worked out
// without the code under test: level l is crossed at the first reading at or above
// its reference level, and first predicted at the first reading (from kFirstForecast)
// whose longest horizon reaches the exact crossing minute (T - kStart) / kRate.
struct expected_crossing {
  int level;
  int crossed_min;
  int predicted_min;
};

expected_crossing expect_linear(station const& s, std::vector<reading> const& readings, int level) {
  double const t = *s.threshold(level);
  int crossed = -1;
  for (auto const& r : readings) {
    if (r.level_m >= t) {
      crossed = static_cast<int>((r.time - kT0) / kMinute);
      break;
    }
  }
  double const exact = (t - kStart) / kRate;
  int predicted = kFirstForecast;
  while (predicted + kHorizon < exact) predicted += kStep;
  return {level, crossed, predicted};
}

TEST(river_backtest, a_linear_rise_is_predicted_a_full_horizon_ahead) {
  auto const s = test::five_level_station();
  auto const readings = series(350, kStep, test::linear(kStart, kRate));
  auto const report = run_backtest(s, readings);
  EXPECT_EQ(report.readings, readings.size());
  EXPECT_EQ(report.untrusted, 0u);
  ASSERT_EQ(report.crossings.size(), 5u);
  epoch_ms lead_sum = 0;
  for (int l = 1; l <= kDangerLevels; ++l) {
    auto const want = expect_linear(s, readings, l);
    auto const& got = report.crossings[static_cast<std::size_t>(l - 1)];
    EXPECT_EQ(got.level, l);
    EXPECT_EQ(got.crossed_at, kT0 + want.crossed_min * kMinute) << l;
    ASSERT_TRUE(got.predicted_at) << l;
    EXPECT_EQ(*got.predicted_at, kT0 + want.predicted_min * kMinute) << l;
    EXPECT_EQ(got.lead_ms, (want.crossed_min - want.predicted_min) * kMinute) << l;
    lead_sum += got.lead_ms;
  }
  // Worked out: crossings at minutes 50, 130, 200, 250, 320; predicted at 20, 40, 110,
  // 160, 230: leads of 30 min for the standby level (the first forecast), 90 for the rest.
  EXPECT_EQ(report.crossings[0].lead_ms, 30 * kMinute);
  EXPECT_EQ(report.crossings[4].lead_ms, 90 * kMinute);
  EXPECT_EQ(report.mean_lead_ms(), lead_sum / 5);
  EXPECT_EQ(report.predicted_alerts, 5u);
  EXPECT_TRUE(report.false_alarms.empty());
  EXPECT_EQ(report.open_predictions, 0u);
}

// Masuda (levels up to 3.5 m) with a peak at 3.22 m at minute 220: the danger level is
// predicted at minute 160 for minute 248 and never reached; once the forecasts stop
// predicting it (the window turns down after the peak) its deadline passes and it
// counts as a false alarm.
TEST(river_backtest, a_rise_that_turns_counts_a_false_alarm) {
  auto const s = *load_station_preset("masuda_demo");
  auto const readings = series(500, kStep, test::rise_and_fall(kStart, kRate, 220));
  auto const report = run_backtest(s, readings);
  ASSERT_EQ(report.crossings.size(), 3u);
  for (int l = 1; l <= 3; ++l) {
    auto const want = expect_linear(s, readings, l);
    auto const& got = report.crossings[static_cast<std::size_t>(l - 1)];
    EXPECT_EQ(got.crossed_at, kT0 + want.crossed_min * kMinute) << l;
    EXPECT_EQ(got.lead_ms, (want.crossed_min - want.predicted_min) * kMinute) << l;
  }
  ASSERT_EQ(report.false_alarms.size(), 1u);
  auto const& fa = report.false_alarms[0];
  EXPECT_EQ(fa.level, 4);
  EXPECT_EQ(fa.predicted_at, kT0 + expect_linear(s, readings, 4).predicted_min * kMinute);
  EXPECT_EQ(fa.predicted_at, kT0 + 160 * kMinute);
  EXPECT_NEAR(static_cast<double>(fa.expected_at - kT0) / kMinute, (3.5 - kStart) / kRate, 1e-3);
  EXPECT_EQ(report.predicted_alerts, 4u);
  EXPECT_EQ(report.open_predictions, 0u);
}

TEST(river_backtest, a_falling_river_predicts_nothing) {
  auto const s = test::five_level_station();
  auto const readings = series(300, kStep, test::linear(3.4, -0.005));
  auto const report = run_backtest(s, readings);
  EXPECT_EQ(report.predicted_alerts, 0u);
  EXPECT_TRUE(report.false_alarms.empty());
  EXPECT_TRUE(report.crossings.empty());  // the first reading only sets the starting level
  EXPECT_EQ(report.mean_lead_ms(), 0);
}

TEST(river_backtest, a_noisy_rise_is_still_predicted_ahead) {
  auto const s = test::five_level_station();
  auto const readings = series(350, kStep, test::linear(kStart, kRate), 0.02, 2026);
  auto const report = run_backtest(s, readings);
  EXPECT_EQ(report.untrusted, 0u);
  ASSERT_EQ(report.crossings.size(), 5u);
  for (auto const& c : report.crossings) {
    ASSERT_TRUE(c.predicted_at) << c.level;
    EXPECT_GE(c.lead_ms, 20 * kMinute) << c.level;
    EXPECT_GE(*c.predicted_at, kT0 + kFirstForecast * kMinute) << c.level;
  }
  EXPECT_TRUE(report.false_alarms.empty());
}

TEST(river_backtest, readings_from_a_faulty_gauge_are_held) {
  auto const s = test::five_level_station();
  auto readings = series(
      200, kStep, [](double) { return 1.0; }, 0.01, 4);
  readings[20].level_m = 4.5;  // a glitch at minute 100
  auto const report = run_backtest(s, readings);
  EXPECT_EQ(report.untrusted, 1u);
  EXPECT_TRUE(report.crossings.empty());
  EXPECT_EQ(report.predicted_alerts, 0u);
}

}  // namespace
}  // namespace cityos::safety::river
