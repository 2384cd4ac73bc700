// SPDX-License-Identifier: Apache-2.0
// Upstream gauges and rainfall in the forecast: a wave seen upstream predicts the
// downstream crossing before the downstream's own readings can; a falling, flat or
// faulty upstream raises nothing; rain raises the prediction; the gain is fitted.
#include "safety/river/routed_forecast.h"

#include <gtest/gtest.h>

#include "safety/river/backtest.h"
#include "synthetic.h"

namespace cityos::safety::river {
namespace {

using test::kMinute;
using test::kT0;
using test::series;

constexpr int kTravel = 60;  // min from the upstream gauge to this one

// five_level_station (1.5 / 2.3 / 3.0 / 3.5 / 4.2 m) with an upstream gauge `extra` describes.
station linked_station(std::string_view extra) {
  auto s = parse_station_text(std::string(R"({
    "id": "urn:ngsi-ld:WaterObserved:test-01", "name": {"ja": "試験川", "en": "Test river"},
    "location": [138.25, 34.87],
    "referenceLevels": {"standby": 1.5, "caution": 2.3, "evacuationJudgement": 3.0, "danger": 3.5, "bankHeight": 4.2},
    "observationStart": 1.2, "reporting": {"floodMinutes": 5}, )") +
                              std::string(extra) + "}");
  EXPECT_TRUE(s.ok()) << s.err().detail;
  return *s;
}

station with_upstream(std::string_view gain = "") {
  return linked_station(R"("upstream": [{"station": "urn:ngsi-ld:WaterObserved:up-01", "travelMinutes": 60)" +
                        std::string(gain) + "}]");
}

// The upstream's own fit at `at`, as its watch would hold it.
std::optional<level_forecast> own_fit(station const& s, std::vector<reading> const& rs, epoch_ms at) {
  return forecast_levels(s, rs, at);
}

std::vector<reading> until(std::vector<reading> const& rs, epoch_ms at) {
  std::vector<reading> out;
  for (auto const& r : rs) {
    if (r.time <= at) out.push_back(r);
  }
  return out;
}

route_inputs upstream_inputs(station const& s, std::vector<reading> const& up, epoch_ms at, bool faulty = false) {
  route_inputs in;
  in.upstream.push_back({&s.upstream[0], up, own_fit(s, up, at), faulty});
  return in;
}

// Upstream flat at 1.0 m until minute 120, then +0.02 m/min; downstream the same wave
// kTravel later from 1.4 m. At minute 170 the downstream is still flat: its own fit
// predicts nothing, the routed forecast predicts the standby level (1.5 m) at
// 120 + kTravel + (1.5 - 1.4) / 0.02 = minute 185, the truth.
TEST(routed_forecast, a_wave_seen_upstream_predicts_the_crossing_before_the_own_readings) {
  auto const s = with_upstream(R"(, "gain": 1)");
  auto up_level = [](double m) { return m <= 120 ? 1.0 : 1.0 + 0.02 * (m - 120); };
  auto down_level = [&](double m) { return 0.4 + up_level(m - kTravel); };
  epoch_ms const at = kT0 + 170 * kMinute;
  auto const up = until(series(300, 5, up_level), at);
  auto const down = until(series(300, 5, down_level), at);
  auto const own = forecast_levels(s, down, at);
  ASSERT_TRUE(own);
  EXPECT_TRUE(own->crossings.empty());

  auto const r = route_forecast(s, own, down, upstream_inputs(s, up, at), at);
  ASSERT_TRUE(r.forecast);
  ASSERT_TRUE(r.route);
  ASSERT_EQ(r.route->upstream.size(), 1u);
  EXPECT_EQ(r.route->upstream[0].status, upstream_status::used);
  EXPECT_EQ(r.route->upstream[0].gain_source, "configured");
  double const expected_min = 120 + kTravel + (1.5 - 1.4) / 0.02;
  ASSERT_FALSE(r.forecast->crossings.empty());
  EXPECT_EQ(r.forecast->crossings[0].level, 1);
  EXPECT_NEAR(static_cast<double>(r.forecast->crossings[0].at - kT0) / kMinute, expected_min, 1.0);
  EXPECT_EQ(r.route->sources[0], crossing_source::routed);
  EXPECT_TRUE(r.route->raised);
  EXPECT_EQ(r.route->rising_upstream(), std::vector<std::string>{"urn:ngsi-ld:WaterObserved:up-01"});
  // Per horizon the routed level is the truth (observed upstream change, then its trend).
  for (std::size_t i = 0; i < r.forecast->horizons.size(); ++i) {
    auto const& h = r.forecast->horizons[i];
    ASSERT_TRUE(r.route->routed_m[i]) << h.minutes;
    EXPECT_NEAR(*r.route->routed_m[i], down_level(170 + h.minutes), 0.02) << h.minutes;
    EXPECT_NEAR(h.level_m, *r.route->routed_m[i], 1e-9);
    EXPECT_LE(h.low_m, own->horizons[i].low_m);
  }
}

TEST(routed_forecast, a_falling_or_flat_upstream_raises_nothing) {
  auto const s = with_upstream();
  epoch_ms const at = kT0 + 240 * kMinute;
  // Downstream flat just below the caution level (noisy); upstream falling, then flat with noise.
  auto const down = until(series(
                              240, 5, [](double) { return 2.27; }, 0.01, 3),
                          at);
  auto const own = forecast_levels(s, down, at);
  ASSERT_TRUE(own);
  for (auto const& up :
       {until(series(240, 5, test::linear(3.0, -0.005)), at), until(series(
                                                                        240, 5, [](double) { return 1.1; }, 0.02, 5),
                                                                    at)}) {
    auto const r = route_forecast(s, own, down, upstream_inputs(s, up, at), at);
    ASSERT_TRUE(r.forecast);
    EXPECT_EQ(r.forecast->crossings.size(), own->crossings.size());
    EXPECT_TRUE(r.forecast->crossings.empty());
    EXPECT_EQ(r.route->upstream[0].status, upstream_status::flat);
    EXPECT_FALSE(r.route->raised);
    for (std::size_t i = 0; i < own->horizons.size(); ++i) {
      EXPECT_DOUBLE_EQ(r.forecast->horizons[i].level_m, own->horizons[i].level_m);
      EXPECT_FALSE(r.route->routed_m[i]);
    }
  }
  // Without the own fit (too few readings) a flat upstream gives no forecast at all.
  auto const one = until(series(240, 240, [](double) { return 2.27; }), at);
  auto const r = route_forecast(s, std::nullopt, one,
                                upstream_inputs(s, until(series(240, 5, [](double) { return 1.1; }), at), at), at);
  EXPECT_FALSE(r.forecast);
  ASSERT_TRUE(r.route);
}

// Over many noise seeds: a flat noisy upstream next to a flat noisy river 3-5 cm below a
// reference level adds no predicted alert in a replay (the own fit may raise its own).
TEST(routed_forecast, noise_on_a_flat_upstream_adds_no_alarm) {
  auto const s = with_upstream();
  for (unsigned seed = 1; seed <= 8; ++seed) {
    auto const up = series(
        300, 5, [](double) { return 1.1; }, 0.02, seed);
    auto const down = series(
        300, 5, [](double) { return 2.26; }, 0.01, seed + 1000);
    auto const own = run_backtest(s, down);
    auto const routed = run_backtest(s, down, backtest_series{{up}, {}});
    EXPECT_EQ(routed.predicted_alerts, own.predicted_alerts) << seed;
    EXPECT_EQ(routed.false_alarms.size(), own.false_alarms.size()) << seed;
  }
}

TEST(routed_forecast, a_faulty_upstream_gauge_is_ignored) {
  auto const s = with_upstream(R"(, "gain": 1)");
  epoch_ms const at = kT0 + 170 * kMinute;
  auto const up = until(series(300, 5, test::linear(1.0, 0.03)), at);
  auto const down = until(series(300, 5, [](double) { return 1.1; }), at);
  auto const own = forecast_levels(s, down, at);
  auto const faulty = route_forecast(s, own, down, upstream_inputs(s, up, at, true), at);
  EXPECT_EQ(faulty.route->upstream[0].status, upstream_status::faulty);
  ASSERT_TRUE(faulty.forecast);
  EXPECT_TRUE(faulty.forecast->crossings.empty());
  auto const healthy = route_forecast(s, own, down, upstream_inputs(s, up, at, false), at);
  EXPECT_FALSE(healthy.forecast->crossings.empty());
  // Without history as old as the travel time the gauge adds nothing either.
  auto const recent = until(series(300, 5, test::linear(1.0, 0.03)), at);
  std::vector<reading> young(recent.end() - 6, recent.end());
  auto const none = route_forecast(s, own, down, upstream_inputs(s, young, at), at);
  EXPECT_EQ(none.route->upstream[0].status, upstream_status::no_history);
  EXPECT_TRUE(none.forecast->crossings.empty());
}

// 1 mm raises the level 0.02 m 30 min later: 4 mm at minute 145 and 4 mm at 150 over a
// flat 2.2 m river. The first alone gives 2.28 m < 2.3 m; with the second 2.36 m: the
// caution level is predicted when the second arrives, minute 150 + 30.
TEST(routed_forecast, rainfall_raises_the_prediction) {
  auto const s = linked_station(
      R"("rainfall": {"entity": "urn:ngsi-ld:WeatherObserved:w1", "lagMinutes": 30, "metresPerMm": 0.02})");
  ASSERT_TRUE(s.rainfall);
  EXPECT_EQ(s.rainfall->attribute, "precipitation");
  epoch_ms const at = kT0 + 160 * kMinute;
  auto const down = until(series(160, 5, [](double) { return 2.2; }), at);
  auto const own = forecast_levels(s, down, at);
  ASSERT_TRUE(own);
  EXPECT_TRUE(own->crossings.empty());
  std::vector<reading> rain = {{kT0 + 100 * kMinute, 9.0},  // before at - lag: already in the level
                               {kT0 + 145 * kMinute, 4.0},
                               {kT0 + 150 * kMinute, 4.0}};
  route_inputs in;
  in.rain = rain_input{rain};
  auto const r = route_forecast(s, own, down, in, at);
  ASSERT_TRUE(r.forecast);
  ASSERT_EQ(r.forecast->crossings.size(), 1u);
  EXPECT_EQ(r.forecast->crossings[0].level, 2);
  EXPECT_EQ(r.forecast->crossings[0].at, kT0 + (150 + 30) * kMinute);
  EXPECT_TRUE(r.route->rain_rising());
  ASSERT_TRUE(r.route->rain);
  EXPECT_DOUBLE_EQ(r.route->rain->mm[0], 8.0);                     // 30 min: (130, 160]
  EXPECT_NEAR(r.forecast->horizons[0].level_m, 2.2 + 0.16, 1e-9);  // 2.36 m
  // No rain: nothing.
  route_inputs dry;
  dry.rain = rain_input{std::span<reading const>(rain).first(1)};
  EXPECT_TRUE(route_forecast(s, own, down, dry, at).forecast->crossings.empty());
}

// The downstream rises half as much as the upstream: once the wave has reached it the
// fitted gain is about 0.5; before, with too little upstream motion, it is 1.
TEST(routed_forecast, the_gain_is_fitted_from_past_pairs) {
  auto const s = with_upstream();
  auto up_level = [](double m) { return m <= 60 ? 1.0 : 1.0 + 0.01 * (m - 60); };
  auto down_level = [&](double m) { return 0.1 + 0.5 * up_level(m - kTravel); };
  auto const up = series(400, 5, up_level, 0.002, 8);
  auto const down = series(400, 5, down_level, 0.002, 9);
  epoch_ms const early = kT0 + 100 * kMinute;  // the wave is upstream only
  auto const e = route_forecast(s, forecast_levels(s, until(down, early), early), until(down, early),
                                upstream_inputs(s, until(up, early), early), early);
  EXPECT_EQ(e.route->upstream[0].gain_source, "default");
  EXPECT_DOUBLE_EQ(e.route->upstream[0].gain, 1.0);
  epoch_ms const late = kT0 + 300 * kMinute;
  auto const l = route_forecast(s, forecast_levels(s, until(down, late), late), until(down, late),
                                upstream_inputs(s, until(up, late), late), late);
  EXPECT_EQ(l.route->upstream[0].gain_source, "fitted");
  EXPECT_NEAR(l.route->upstream[0].gain, 0.5, 0.1);
}

TEST(routed_forecast, without_links_the_own_forecast_is_unchanged) {
  auto const s = test::five_level_station();
  auto const down = series(60, 5, test::linear(1.02, 0.01));
  auto const own = forecast_levels(s, down, down.back().time);
  auto const r = route_forecast(s, own, down, {}, down.back().time);
  EXPECT_FALSE(r.route);
  ASSERT_TRUE(r.forecast);
  EXPECT_EQ(r.forecast->crossings.size(), own->crossings.size());
}

TEST(routed_forecast, links_are_configured_and_checked) {
  auto const s = with_upstream(R"(, "gain": 0.8)");
  ASSERT_EQ(s.upstream.size(), 1u);
  EXPECT_EQ(s.upstream[0].station, "urn:ngsi-ld:WaterObserved:up-01");
  EXPECT_EQ(s.upstream[0].travel_ms, 60 * kMinute);
  EXPECT_EQ(s.upstream[0].gain, 0.8);
  std::string const base = R"({"id": "urn:a", "name": {"ja": "a", "en": "a"}, "location": [138, 34],
                               "referenceLevels": {"danger": 2}, )";
  auto error_of = [&](std::string_view extra) {
    auto r = parse_station_text(base + std::string(extra) + "}");
    EXPECT_FALSE(r.ok()) << extra;
    if (r.ok()) return std::string();
    EXPECT_EQ(r.err().code, error_code::bad_request) << extra;
    return r.err().detail;
  };
  EXPECT_EQ(error_of(R"("upstream": [{"station": "urn:a", "travelMinutes": 30}])"),
            "upstream[0].station must not be the station itself");
  EXPECT_EQ(error_of(R"("upstream": [{"station": "urn:b"}])"), "upstream[0].travelMinutes is required");
  EXPECT_EQ(error_of(R"("upstream": [{"station": "urn:b", "travelMinutes": 0}])"),
            "upstream[0].travelMinutes must be an integer from 1 to 1440");
  EXPECT_EQ(error_of(R"("upstream": [{"station": "urn:b", "travelMinutes": 30, "gain": 3}])"),
            "upstream[0].gain must be a number from 0 to 2");
  EXPECT_EQ(error_of(R"("upstream": [{"station": "urn:b", "travelMinutes": 30, "lag": 3}])"),
            "upstream[0].lag is not a known member");
  EXPECT_EQ(
      error_of(R"("upstream": [{"station": "urn:b", "travelMinutes": 30}, {"station": "urn:b", "travelMinutes": 9}])"),
      "upstream[1].station is listed twice");
  EXPECT_EQ(error_of(R"("upstream": {"station": "urn:b"})"), "upstream must be an array");
  EXPECT_EQ(error_of(R"("rainfall": {"entity": "urn:w", "metresPerMm": 0.01})"), "rainfall.lagMinutes is required");
  EXPECT_EQ(error_of(R"("rainfall": {"entity": "urn:w", "lagMinutes": 20, "metresPerMm": -1})"),
            "rainfall.metresPerMm must be a number from 0 to 1");
  EXPECT_EQ(error_of(R"("rainfall": {"lagMinutes": 20, "metresPerMm": 0.01})"),
            "rainfall.entity is required (a WeatherObserved entity id)");
  EXPECT_EQ(error_of(R"("rainfall": {"entity": "urn:w", "lagMinutes": 20, "metresPerMm": 0.01, "k": 1})"),
            "rainfall.k is not a known member");
}

// Backtest: the same wave reaches this gauge kTravel after the upstream one. With the
// upstream gauge the standby level is predicted at minute kTravel, the first reading
// whose upstream history reaches back the travel time (the upstream's rise of 0.9 m
// over the longest horizon, routed, reaches 1.5 m); the own readings alone predict it
// only once the own window shows the rise. The lead gained is the difference.
TEST(routed_forecast, the_backtest_reports_the_lead_gained_with_the_upstream_gauge) {
  auto const s = with_upstream();
  constexpr double kStart = 1.02, kRate = 0.01;
  auto const up = series(420, 5, test::linear(kStart, kRate));
  auto const down = series(420, 5, [&](double m) { return m <= kTravel ? kStart : kStart + kRate * (m - kTravel); });
  auto const own = run_backtest(s, down);  // no series: own readings only
  auto const routed = run_backtest(s, down, backtest_series{{up}, {}});
  auto const gains = compare_leads(own, routed);
  ASSERT_EQ(gains.size(), 5u);
  ASSERT_EQ(routed.crossings.size(), 5u);
  // Standby (1.5 m): routed at the first reading with kTravel of upstream history whose
  // routed level within 90 min reaches 1.5 m (kStart + kRate * 90 >= 1.5): minute kTravel.
  ASSERT_TRUE(routed.crossings[0].predicted_at);
  EXPECT_EQ(*routed.crossings[0].predicted_at, kT0 + kTravel * kMinute);
  ASSERT_TRUE(own.crossings[0].predicted_at);
  EXPECT_GT(*own.crossings[0].predicted_at, kT0 + kTravel * kMinute);
  EXPECT_EQ(gains[0].gained_ms(), *own.crossings[0].predicted_at - kT0 - kTravel * kMinute);
  EXPECT_GT(gains[0].gained_ms(), 0);
  for (auto const& g : gains) EXPECT_GE(g.gained_ms(), 0) << g.level;
  EXPECT_TRUE(routed.false_alarms.empty());
  EXPECT_GE(routed.mean_lead_ms(), own.mean_lead_ms());
}

TEST(routed_forecast, a_faulty_upstream_in_the_backtest_raises_nothing) {
  auto const s = with_upstream(R"(, "gain": 1)");
  // The upstream gauge jumps 2 m at minute 100 and stays there: an impossible jump
  // that never settles; the downstream stays flat.
  auto const up = series(
      300, 5, [](double m) { return m < 100 ? 1.0 : 3.0; }, 0.003, 1);
  auto const down = series(
      300, 5, [](double) { return 1.1; }, 0.003, 2);
  auto const routed = run_backtest(s, down, backtest_series{{up}, {}});
  EXPECT_EQ(routed.predicted_alerts, 0u);
  EXPECT_TRUE(routed.false_alarms.empty());
}

}  // namespace
}  // namespace cityos::safety::river
