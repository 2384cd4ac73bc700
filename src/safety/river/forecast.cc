// SPDX-License-Identifier: Apache-2.0
#include "safety/river/forecast.h"

#include <algorithm>
#include <cmath>

namespace cityos::safety::river {

namespace {

constexpr double kHourMs = 3'600'000.0;
constexpr double kMadToSigma = 1.4826;  // MAD -> standard deviation of a normal distribution

// The median of `v`, reordered so that v[size / 2] holds its rank (nth_element).
// REQUIRES: !v.empty().
double median(std::vector<double>& v) {
  auto const mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  double const upper = v[mid];
  if (v.size() % 2 == 1) return upper;
  double const lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2;
}

struct fit {
  double intercept = 0;  // level at x = 0 (the forecast time)
  double slope = 0;      // metres per hour
  double slope_low = 0;
  double slope_high = 0;
  double sigma = 0;
};

// Theil-Sen over (hours relative to the forecast time, metres); nullopt when all x are equal.
std::optional<fit> theil_sen(std::vector<double> const& x, std::vector<double> const& y, double z) {
  std::vector<double> slopes;
  slopes.reserve(x.size() * (x.size() - 1) / 2);
  for (std::size_t i = 0; i < x.size(); ++i) {
    for (std::size_t j = i + 1; j < x.size(); ++j) {
      if (x[j] != x[i]) slopes.push_back((y[j] - y[i]) / (x[j] - x[i]));
    }
  }
  if (slopes.empty()) return std::nullopt;
  // Sen's distribution-free confidence bounds: ranks (N -+ C) / 2 of the ordered slopes.
  auto const n = static_cast<double>(x.size());
  auto const count = static_cast<double>(slopes.size());
  double const c = z * std::sqrt(n * (n - 1) * (2 * n + 5) / 18);
  auto const last = static_cast<double>(slopes.size() - 1);
  auto const low = static_cast<std::size_t>(std::clamp(std::floor((count - c) / 2), 0.0, last));
  auto const high = static_cast<std::size_t>(std::clamp(std::ceil((count + c) / 2), 0.0, last));
  fit f;
  f.slope = median(slopes);  // leaves slopes partitioned around the middle rank
  auto const mid = slopes.size() / 2;
  auto const first = slopes.begin();
  if (low < mid)
    std::nth_element(first, first + static_cast<std::ptrdiff_t>(low), first + static_cast<std::ptrdiff_t>(mid));
  if (high > mid)
    std::nth_element(first + static_cast<std::ptrdiff_t>(mid) + 1, first + static_cast<std::ptrdiff_t>(high),
                     slopes.end());
  f.slope_low = std::min(slopes[low], f.slope);
  f.slope_high = std::max(slopes[high], f.slope);
  std::vector<double> intercepts(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) intercepts[i] = y[i] - f.slope * x[i];
  f.intercept = median(intercepts);
  std::vector<double> residuals(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) residuals[i] = std::abs(y[i] - (f.intercept + f.slope * x[i]));
  f.sigma = kMadToSigma * median(residuals);
  return f;
}

std::vector<predicted_crossing> crossings(station const& s, fit const& f, double newest_m, epoch_ms at) {
  std::vector<predicted_crossing> out;
  if (f.slope_low <= 0 || s.forecast.horizons_min.empty()) return out;
  auto const horizon_end = at + static_cast<epoch_ms>(s.forecast.horizons_min.back()) * 60'000;
  for (int l = 1; l <= kDangerLevels; ++l) {
    auto const t = s.threshold(l);
    if (!t || *t <= newest_m) continue;
    double const hours = std::max(0.0, (*t - f.intercept) / f.slope);
    auto const when = at + static_cast<epoch_ms>(std::llround(hours * kHourMs));
    if (when <= horizon_end) out.push_back({l, *t, when});
  }
  return out;
}

}  // namespace

void reading_window::add(reading r) {
  if (!readings_.empty() && r.time <= readings_.back().time) return;
  readings_.push_back(r);
  auto const cutoff = r.time - span_;
  auto const first =
      std::find_if(readings_.begin(), readings_.end(), [&](reading const& x) { return x.time > cutoff; });
  readings_.erase(readings_.begin(), first);
}

std::optional<level_forecast> forecast_levels(station const& s, std::span<reading const> readings, epoch_ms at) {
  auto const& settings = s.forecast;
  std::vector<double> x;
  std::vector<double> y;
  epoch_ms first = at;
  reading newest{at - settings.window_ms, 0};
  bool any = false;
  for (auto const& r : readings) {
    if (r.time <= at - settings.window_ms || r.time > at) continue;
    x.push_back(static_cast<double>(r.time - at) / kHourMs);
    y.push_back(r.level_m);
    first = std::min(first, r.time);
    if (!any || r.time > newest.time) newest = r;
    any = true;
  }
  if (x.size() < static_cast<std::size_t>(settings.min_readings) || newest.time - first < settings.min_span_ms)
    return std::nullopt;
  auto f = theil_sen(x, y, settings.interval_z);
  if (!f) return std::nullopt;
  level_forecast out;
  out.at = at;
  out.level_m = f->intercept;
  out.slope_m_per_h = f->slope;
  out.slope_low_m_per_h = f->slope_low;
  out.slope_high_m_per_h = f->slope_high;
  out.residual_sigma_m = f->sigma;
  double const spread = settings.interval_z * f->sigma;
  for (int minutes : settings.horizons_min) {
    double const h = minutes / 60.0;
    double const level = f->intercept + f->slope * h;
    out.horizons.push_back({minutes, level, std::min(level, f->intercept + f->slope_low * h - spread),
                            std::max(level, f->intercept + f->slope_high * h + spread)});
  }
  out.crossings = crossings(s, *f, newest.level_m, at);
  return out;
}

}  // namespace cityos::safety::river
