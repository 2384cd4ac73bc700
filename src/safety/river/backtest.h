// SPDX-License-Identifier: Apache-2.0
// Backtest of the flood watch: replays a gauge's readings through sensor_monitor,
// danger_tracker and forecast_levels as the service would run them live, and reports
// per actual level crossing the lead time the predicted alert gained, and the false
// alarms (predicted crossings that did not happen within the longest horizon plus a
// tolerance of the last forecast that predicted them). With the series of the
// station's upstream gauges and rain (backtest_series) the forecasts are routed ones
// (routed_forecast.h), and compare_leads() says what lead time they gained over the
// own readings alone. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "common/time.h"
#include "safety/river/danger.h"
#include "safety/river/station.h"

namespace cityos::safety::river {

struct backtest_settings {
  epoch_ms tolerance_ms = 15 * 60'000;  // a predicted alert stays open for the longest horizon plus this
                                        // after the last forecast that predicted the crossing
};

// A level the tracker entered by a rise; predicted_at is the first predicted alert of
// the open prediction it confirmed (unset: not predicted, lead 0).
struct crossing_outcome {
  int level = 0;
  epoch_ms crossed_at = 0;
  std::optional<epoch_ms> predicted_at;
  epoch_ms lead_ms = 0;
};

// A predicted alert for `level` raised at predicted_at (crossing expected at
// expected_at) that no crossing confirmed before its deadline.
struct false_alarm {
  int level = 0;
  epoch_ms predicted_at = 0;
  epoch_ms expected_at = 0;
};

struct backtest_report {
  std::size_t readings = 0;
  std::size_t untrusted = 0;                // readings held back by sensor health
  std::size_t predicted_alerts = 0;         // predicted alerts raised
  std::vector<crossing_outcome> crossings;  // in time order
  std::vector<false_alarm> false_alarms;    // in the order their deadlines were found passed
  std::size_t open_predictions = 0;         // still within their deadline at the last reading

  // Returns the mean lead time over the predicted crossings (0 without any).
  epoch_ms mean_lead_ms() const;
};

// Replays `readings` (time order; others are held) for station `s`. Each reading goes
// through the sensor monitor; trusted ones feed the tracker and the forecast window.
// After each reading: a rise that enters level L records a crossing of every level up
// to L (confirming an open prediction of it; the first applied reading only sets the
// starting level); a forecast crossing of a level above the
// tracked one opens a predicted alert, or keeps the open one of that level up.
backtest_report run_backtest(station const& s, std::span<reading const> readings,
                             backtest_settings const& settings = {});

// The other series a routed backtest replays beside the gauge's own.
struct backtest_series {
  std::vector<std::span<reading const>> upstream;  // one per s.upstream link, same order (missing ones: none)
  std::span<reading const> rain;                   // s.rainfall's reports: (time, mm since the previous report)
};

// As above, with the upstream gauges' readings (each through its own sensor monitor
// with s's health limits and forecast settings; untrusted ones are left out) and the
// rain merged in time order (at equal times before the station's own reading). Each
// upstream reading or rain report forecasts again at the station's last reading or
// later, as the service does.
backtest_report run_backtest(station const& s, std::span<reading const> readings, backtest_series const& more,
                             backtest_settings const& settings = {});

// One crossing found by both runs: the lead of the own readings alone and with the
// upstream gauges and rain (0: not predicted), and the gain (routed - own).
struct lead_gain {
  int level = 0;
  epoch_ms crossed_at = 0;
  epoch_ms own_lead_ms = 0;
  epoch_ms routed_lead_ms = 0;
  epoch_ms gained_ms() const { return routed_lead_ms - own_lead_ms; }
};

// Pairs the crossings of two reports of the same readings (level and time).
std::vector<lead_gain> compare_leads(backtest_report const& own, backtest_report const& routed);

}  // namespace cityos::safety::river
