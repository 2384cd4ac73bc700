// SPDX-License-Identifier: Apache-2.0
// The forecast of a gauge with upstream gauges and rainfall (station.upstream,
// station.rainfall): a flood wave already seen upstream, or rain already fallen over
// the catchment, is routed down to this gauge and can predict a crossing earlier than
// the gauge's own readings (forecast.h) can. Model, per horizon h from `at`:
//   routed(h) = base + sum over upstream u of gain_u * (U_u(at - N_u + h) - U_u(at - N_u))
//                    + metres_per_mm * (mm reported in (at - lag, at - lag + h], up to at)
// where base is the own fitted level now (else the newest own reading), N_u the travel
// time and U_u the upstream's observed level (each reading the median of it and its
// neighbours), linearly interpolated between its readings and continued past its
// newest one by its own Theil-Sen slope when significant (conservatively the confidence
// bound nearest zero, and only once the change observed since at - N_u exceeds the
// noise). gain_u, unless configured, is fitted by least squares through the origin
// over the last kGainWindow from pairs (own change between consecutive readings,
// upstream change over the same interval N_u earlier), clamped to [0, 2]; 1 with fewer
// than kGainMinPairs pairs or an upstream range under max(kGainMinMotion, twice the
// noise) over them.
// Only rises count: an upstream term enters only while its change exceeds the noise
// max(kMinRise, kNoiseZ * sqrt(2) * sigma_u), sigma_u the larger of the residual sigma
// of the upstream's own fit and a robust sigma of the differences of all its readings
// given (1.4826 MAD / sqrt(2)); the routed level only while the routed change is above
// zero. So a falling or flat upstream raises nothing the own fit would not. Combined
// with the own fit for early warning: the higher central level, the interval widened
// to hold both, each level crossed at the earlier of the two estimates. Pure
// functions; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/time.h"
#include "safety/river/danger.h"
#include "safety/river/forecast.h"
#include "safety/river/station.h"

namespace cityos::safety::river {

inline constexpr epoch_ms kGainWindow = 6 * 3'600'000;  // the past over which a gain is fitted
inline constexpr int kGainMinPairs = 6;
inline constexpr double kGainMinMotion = 0.10;  // m of upstream change (sum of |changes|) to fit a gain
inline constexpr double kMinRise = 0.01;        // m: a smaller upstream change is noise
inline constexpr double kNoiseZ = 3.0;          // standard deviations an upstream change must exceed

// What one upstream gauge offers: its trusted readings (oldest first, covering at
// least travel + kGainWindow for a fitted gain) and its own forecast (slope, noise).
struct upstream_input {
  upstream_link const* link = nullptr;  // one of the station's links; must outlive the call
  std::span<reading const> readings;
  std::optional<level_forecast> own;  // the upstream's own fit (forecast_levels), if any
  bool faulty = false;                // a sensor fault now: the gauge is ignored
};

// The rain reports of the station's rainfall entity: (time, mm since its previous report), oldest first.
struct rain_input {
  std::span<reading const> amounts;
};

struct route_inputs {
  std::vector<upstream_input> upstream;
  std::optional<rain_input> rain;
};

// How one upstream gauge entered the forecast.
enum class upstream_status { used, flat, faulty, no_history };

// Returns "used", "flat" (no significant rise: adds nothing), "faulty", "noHistory".
std::string_view upstream_status_name(upstream_status s);

struct upstream_contribution {
  std::string station;
  epoch_ms travel_ms = 0;
  double gain = 1;
  std::string_view gain_source = "default";  // "configured", "fitted" or "default" (1: too little history)
  upstream_status status = upstream_status::no_history;
  std::vector<double> change_m;  // per horizon: gain * upstream change (0 where it is not a significant rise)
};

struct rain_contribution {
  std::string entity;
  std::vector<double> mm;        // per horizon: the mm routed into (at, at + h]
  std::vector<double> change_m;  // per horizon: metres_per_mm * mm
};

// Where a combined crossing's time came from.
enum class crossing_source { own, routed };

struct routing {
  epoch_ms at = 0;                              // the time the forecast is made for
  double base_m = 0;                            // the level the routed changes start from
  std::vector<upstream_contribution> upstream;  // one per configured link, in order
  std::optional<rain_contribution> rain;        // with a rainfall link
  std::vector<std::optional<double>> routed_m;  // per horizon: base + routed change, when it rises
  std::vector<crossing_source> sources;         // per combined crossing (same order)
  bool raised = false;                          // some horizon or crossing is above / earlier than the own fit
  // The upstream station ids that added a rise, and whether the rain did.
  std::vector<std::string> rising_upstream() const;
  bool rain_rising() const;
};

struct routed_forecast {
  std::optional<level_forecast> forecast;  // combined (the own fit unchanged without links)
  std::optional<routing> route;            // set when the station has upstream or rainfall links
};

// How far back the readings that route_forecast uses reach, so that callers keep
// that much (each at least the forecast window of `s`, for the own fit): the
// station's own (kGainWindow with links), an upstream gauge's for one link
// (kGainWindow + its travel time; `s` gives the gauge's forecast window) and the
// rain reports of a rainfall link (its lag + 1 h).
epoch_ms station_history_ms(station const& s);
epoch_ms upstream_history_ms(station const& s, upstream_link const& link);
epoch_ms rain_history_ms(rainfall_link const& r);

// Combines `own` (forecast_levels of `s` at `at`, may be empty) with the upstream
// gauges and rain of `in` (matched to s.upstream by link, s.rainfall). `history`: the
// station's trusted readings, oldest first (kGainWindow of them for a fitted gain).
// Without links returns `own` alone. With links but without `own`, returns a forecast
// only when the routed level rises (from the newest reading at or before `at`).
// Crossings only of levels above the newest reading.
routed_forecast route_forecast(station const& s, std::optional<level_forecast> const& own,
                               std::span<reading const> history, route_inputs const& in, epoch_ms at);

}  // namespace cityos::safety::river
