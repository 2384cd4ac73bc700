// SPDX-License-Identifier: Apache-2.0
// Short-range prediction of a river level from its recent readings: a Theil-Sen fit
// (the median of pairwise slopes, robust to outliers) over a moving window, giving the
// level at each horizon (30/60/90 min by default) with an interval, and the predicted
// crossings of reference levels within the longest horizon. Pure functions and a
// value-type window; not thread-safe per window (one owner per gauge).
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "common/time.h"
#include "safety/river/danger.h"
#include "safety/river/station.h"

namespace cityos::safety::river {

// The recent readings of one gauge, oldest first, at most `span` older than the newest.
class reading_window {
 public:
  explicit reading_window(epoch_ms span) : span_(span) {}

  // Appends `r` and drops readings older than r.time - span. A reading not newer than
  // the newest is ignored.
  void add(reading r);
  // The readings, oldest first; valid until the next add().
  std::span<reading const> readings() const { return readings_; }

 private:
  epoch_ms span_;
  std::vector<reading> readings_;
};

// The level expected `minutes` ahead and its interval (low <= level <= high).
struct horizon_forecast {
  int minutes = 0;
  double level_m = 0;
  double low_m = 0;
  double high_m = 0;
};

// A reference level the fit reaches within the longest horizon; `at` is the central
// estimate of the crossing time.
struct predicted_crossing {
  int level = 0;
  double threshold_m = 0;
  epoch_ms at = 0;
};

struct level_forecast {
  epoch_ms at = 0;               // the time the forecast is made for ("now")
  double level_m = 0;            // the fitted level now
  double slope_m_per_h = 0;      // Theil-Sen slope
  double slope_low_m_per_h = 0;  // Sen's confidence bounds of the slope at interval_z
  double slope_high_m_per_h = 0;
  double residual_sigma_m = 0;                // 1.4826 * median absolute residual
  std::vector<horizon_forecast> horizons;     // one per configured horizon, ascending
  std::vector<predicted_crossing> crossings;  // ascending by level; only on a significant rise
};

// Fits the readings of `readings` within (at - window, at] (any order; later ones
// ignored). Returns nullopt with fewer than min_readings or a span under min_span.
// A crossing is predicted for each reference level above the newest reading the
// central fit reaches within the longest horizon, and only while the lower slope bound
// is above zero (a significant rise): a falling or flat river predicts none.
// Cost: O(n^2) in the readings of the window (about 30 us for 60 readings at -O2).
std::optional<level_forecast> forecast_levels(station const& s, std::span<reading const> readings, epoch_ms at);

}  // namespace cityos::safety::river
