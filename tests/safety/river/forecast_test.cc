// SPDX-License-Identifier: Apache-2.0
#include "safety/river/forecast.h"

#include <gtest/gtest.h>

#include "synthetic.h"

namespace cityos::safety::river {
namespace {

using test::five_level_station;
using test::kMinute;
using test::kT0;
using test::series;

TEST(river_forecast, window_keeps_the_recent_readings) {
  reading_window w(60 * kMinute);
  for (int m = 0; m <= 120; m += 10) w.add({kT0 + m * kMinute, m / 100.0});
  w.add({kT0 + 50 * kMinute, 9.0});    // out of order: ignored
  ASSERT_EQ(w.readings().size(), 6u);  // minutes 70..120: (120 - 60, 120]
  EXPECT_EQ(w.readings().front().time, kT0 + 70 * kMinute);
  EXPECT_EQ(w.readings().back().time, kT0 + 120 * kMinute);
}

TEST(river_forecast, needs_enough_readings_over_enough_time) {
  auto const s = five_level_station();  // at least 5 readings over 15 min
  auto const four = series(15, 5, test::linear(1.0, 0.01));
  EXPECT_FALSE(forecast_levels(s, four, four.back().time));
  auto const short_span = series(12, 3, test::linear(1.0, 0.01));
  EXPECT_FALSE(forecast_levels(s, short_span, short_span.back().time));
  auto const enough = series(20, 5, test::linear(1.0, 0.01));
  EXPECT_TRUE(forecast_levels(s, enough, enough.back().time));
  // Readings after the forecast time or older than the window are left out.
  EXPECT_FALSE(forecast_levels(s, enough, kT0 + 10 * kMinute));
  EXPECT_FALSE(forecast_levels(s, enough, kT0 + 200 * kMinute));
}

// 1.02 m + 0.01 m/min, readings every 5 min for an hour: at minute 60 the level is
// 1.62 m; 30/60/90 min ahead 1.92 / 2.22 / 2.52 m; caution (2.3 m) at minute 128.
TEST(river_forecast, a_linear_rise_is_extrapolated_exactly) {
  auto const s = five_level_station();
  auto const readings = series(60, 5, test::linear(1.02, 0.01));
  auto const f = forecast_levels(s, readings, kT0 + 60 * kMinute);
  ASSERT_TRUE(f);
  EXPECT_NEAR(f->level_m, 1.62, 1e-9);
  EXPECT_NEAR(f->slope_m_per_h, 0.6, 1e-9);
  EXPECT_NEAR(f->residual_sigma_m, 0.0, 1e-9);
  ASSERT_EQ(f->horizons.size(), 3u);
  double const expected[] = {1.92, 2.22, 2.52};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(f->horizons[i].level_m, expected[i], 1e-9) << i;
    EXPECT_NEAR(f->horizons[i].low_m, expected[i], 1e-9) << i;
    EXPECT_NEAR(f->horizons[i].high_m, expected[i], 1e-9) << i;
  }
  ASSERT_EQ(f->crossings.size(), 1u);  // caution within 90 min; evacuation judgement (3.0 m) at minute 198 is not
  EXPECT_EQ(f->crossings[0].level, 2);
  EXPECT_DOUBLE_EQ(f->crossings[0].threshold_m, 2.3);
  EXPECT_NEAR(static_cast<double>(f->crossings[0].at - kT0) / kMinute, 128.0, 1e-3);
}

TEST(river_forecast, a_noisy_rise_predicts_with_an_interval_that_holds_the_truth) {
  auto const s = five_level_station();
  auto const truth = test::linear(1.02, 0.01);
  auto const readings = series(60, 2, truth, 0.02, 11);
  auto const f = forecast_levels(s, readings, kT0 + 60 * kMinute);
  ASSERT_TRUE(f);
  EXPECT_NEAR(f->slope_m_per_h, 0.6, 0.1);
  EXPECT_GT(f->slope_low_m_per_h, 0);
  EXPECT_NEAR(f->residual_sigma_m, 0.02, 0.01);
  for (auto const& h : f->horizons) {
    double const t = truth(60 + h.minutes);
    EXPECT_LE(h.low_m, t) << h.minutes;
    EXPECT_GE(h.high_m, t) << h.minutes;
    EXPECT_LT(h.low_m, h.level_m);
    EXPECT_GT(h.high_m, h.level_m);
  }
  ASSERT_EQ(f->crossings.size(), 1u);
  EXPECT_EQ(f->crossings[0].level, 2);
  EXPECT_NEAR(static_cast<double>(f->crossings[0].at - kT0) / kMinute, 128.0, 10.0);
}

TEST(river_forecast, intervals_widen_with_the_horizon) {
  auto const s = five_level_station();
  auto const readings = series(60, 5, test::linear(1.5, 0.005), 0.03, 5);
  auto const f = forecast_levels(s, readings, kT0 + 60 * kMinute);
  ASSERT_TRUE(f);
  ASSERT_EQ(f->horizons.size(), 3u);
  EXPECT_LT(f->horizons[0].high_m - f->horizons[0].low_m, f->horizons[2].high_m - f->horizons[2].low_m);
}

TEST(river_forecast, a_falling_or_flat_river_predicts_no_crossing) {
  auto const s = five_level_station();
  auto const falling = series(60, 5, test::linear(3.4, -0.01));
  auto const f = forecast_levels(s, falling, kT0 + 60 * kMinute);
  ASSERT_TRUE(f);
  EXPECT_LT(f->slope_m_per_h, 0);
  EXPECT_TRUE(f->crossings.empty());
  EXPECT_LT(f->horizons[2].level_m, f->level_m);
  auto const flat = series(
      60, 1, [](double) { return 2.25; }, 0.03, 3);
  auto const g = forecast_levels(s, flat, kT0 + 60 * kMinute);
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->crossings.empty());
}

TEST(river_forecast, a_spike_does_not_bend_the_fit) {
  auto const s = five_level_station();
  auto readings = series(60, 5, test::linear(1.02, 0.01));
  readings[6].level_m += 1.5;  // one absurd reading at minute 30
  auto const f = forecast_levels(s, readings, kT0 + 60 * kMinute);
  ASSERT_TRUE(f);
  EXPECT_NEAR(f->slope_m_per_h, 0.6, 1e-9);
  EXPECT_NEAR(f->level_m, 1.62, 1e-9);
}

TEST(river_forecast, a_steep_rise_predicts_every_level_it_reaches) {
  auto const s = five_level_station();
  auto const readings = series(30, 5, test::linear(2.0, 0.03));  // 2.9 m at minute 30, +1.8 m/h
  auto const f = forecast_levels(s, readings, kT0 + 30 * kMinute);
  ASSERT_TRUE(f);
  ASSERT_EQ(f->crossings.size(), 3u);  // 3.0 at min 33.3, 3.5 at 50, 4.2 at 73.3; all within 90
  EXPECT_EQ(f->crossings[0].level, 3);
  EXPECT_EQ(f->crossings[1].level, 4);
  EXPECT_EQ(f->crossings[2].level, 5);
  EXPECT_NEAR(static_cast<double>(f->crossings[1].at - kT0) / kMinute, 50.0, 1e-3);
}

}  // namespace
}  // namespace cityos::safety::river
