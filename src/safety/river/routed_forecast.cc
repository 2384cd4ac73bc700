// SPDX-License-Identifier: Apache-2.0
#include "safety/river/routed_forecast.h"

#include <algorithm>
#include <cmath>

namespace cityos::safety::river {

namespace {

constexpr double kHourMs = 3'600'000.0;
constexpr epoch_ms kMinuteMs = 60'000;

// The observed level at `t` linearly interpolated between readings; past the newest
// reading continued by `slope_per_ms`; nullopt before the oldest.
std::optional<double> level_at(std::span<reading const> rs, epoch_ms t, double slope_per_ms) {
  if (rs.empty() || t < rs.front().time) return std::nullopt;
  if (t >= rs.back().time) return rs.back().level_m + slope_per_ms * static_cast<double>(t - rs.back().time);
  auto const hi = std::upper_bound(rs.begin(), rs.end(), t, [](epoch_ms x, reading const& r) { return x < r.time; });
  auto const lo = hi - 1;
  double const f = static_cast<double>(t - lo->time) / static_cast<double>(hi->time - lo->time);
  return lo->level_m + f * (hi->level_m - lo->level_m);
}

// Each reading's level replaced by the median of it and its neighbours (the ends kept):
// a linear rise is unchanged, single noisy readings weigh less.
std::vector<reading> median_of_3(std::span<reading const> rs) {
  std::vector<reading> out(rs.begin(), rs.end());
  for (std::size_t i = 1; i + 1 < rs.size(); ++i) {
    double const a = rs[i - 1].level_m, b = rs[i].level_m, c = rs[i + 1].level_m;
    out[i].level_m = std::max(std::min(a, b), std::min(std::max(a, b), c));
  }
  return out;
}

// A robust noise estimate from many readings: 1.4826 * the median absolute deviation of
// the differences between consecutive readings, / sqrt(2) (0 on a straight line).
double difference_sigma(std::span<reading const> rs) {
  if (rs.size() < 3) return 0;
  std::vector<double> d;
  d.reserve(rs.size() - 1);
  for (std::size_t i = 1; i < rs.size(); ++i) d.push_back(rs[i].level_m - rs[i - 1].level_m);
  auto const mid = static_cast<std::ptrdiff_t>(d.size() / 2);
  std::vector<double> sorted = d;
  std::nth_element(sorted.begin(), sorted.begin() + mid, sorted.end());
  double const centre = sorted[static_cast<std::size_t>(mid)];
  for (auto& x : d) x = std::abs(x - centre);
  std::nth_element(d.begin(), d.begin() + mid, d.end());
  return 1.4826 * d[static_cast<std::size_t>(mid)] / std::sqrt(2.0);
}

// The upstream's own slope per ms when significant, conservatively its confidence bound
// nearest zero (a rise: slope_low > 0; a fall: slope_high < 0), else 0.
double trend_per_ms(std::optional<level_forecast> const& f) {
  if (!f) return 0;
  if (f->slope_low_m_per_h > 0) return f->slope_low_m_per_h / kHourMs;
  if (f->slope_high_m_per_h < 0) return f->slope_high_m_per_h / kHourMs;
  return 0;
}

struct fitted_gain {
  double gain = 1;
  std::string_view source = "default";
};

// Least squares through the origin of own changes on upstream changes travel earlier,
// over consecutive own readings within (at - kGainWindow, at].
fitted_gain fit_gain(std::span<reading const> history, std::span<reading const> up, upstream_link const& link,
                     double noise, epoch_ms at) {
  if (link.gain) return {*link.gain, "configured"};
  double sxx = 0, sxy = 0;
  double lo = 0, hi = 0;
  int pairs = 0;
  for (std::size_t i = 1; i < history.size(); ++i) {
    auto const& a = history[i - 1];
    auto const& b = history[i];
    if (b.time > at || a.time <= at - kGainWindow) continue;
    if (b.time - link.travel_ms > up.back().time) continue;  // observed only, no trend
    auto const ua = level_at(up, a.time - link.travel_ms, 0);
    auto const ub = level_at(up, b.time - link.travel_ms, 0);
    if (!ua || !ub) continue;
    double const x = *ub - *ua;
    double const y = b.level_m - a.level_m;
    sxx += x * x;
    sxy += x * y;
    lo = pairs == 0 ? std::min(*ua, *ub) : std::min({lo, *ua, *ub});
    hi = pairs == 0 ? std::max(*ua, *ub) : std::max({hi, *ua, *ub});
    ++pairs;
  }
  if (pairs < kGainMinPairs || hi - lo < std::max(kGainMinMotion, 2 * noise) || sxx <= 0) return {};
  return {std::clamp(sxy / sxx, 0.0, 2.0), "fitted"};
}

std::optional<reading> newest_until(std::span<reading const> rs, epoch_ms at) {
  std::optional<reading> out;
  for (auto const& r : rs) {
    if (r.time <= at && (!out || r.time > out->time)) out = r;
  }
  return out;
}

// One upstream link evaluated per minute 0..longest.
struct upstream_terms {
  upstream_contribution info;
  std::vector<double> term;  // per minute: gain * change when a significant rise, else 0
};

upstream_terms evaluate(upstream_link const& link, upstream_input const* u, std::span<reading const> history,
                        epoch_ms at, int longest) {
  upstream_terms out;
  out.info.station = link.station;
  out.info.travel_ms = link.travel_ms;
  out.info.gain = link.gain.value_or(1);
  out.term.assign(static_cast<std::size_t>(longest) + 1, 0.0);
  if (u && u->faulty) {
    out.info.status = upstream_status::faulty;
    return out;
  }
  epoch_ms const start = at - link.travel_ms;
  double slope = u ? trend_per_ms(u->own) : 0;
  auto const smooth = u ? median_of_3(u->readings) : std::vector<reading>{};
  auto u0 = level_at(smooth, start, slope);
  if (!u0) {
    out.info.status = upstream_status::no_history;
    return out;
  }
  double const sigma = std::max(u->own ? u->own->residual_sigma_m : 0.0, difference_sigma(u->readings));
  double const noise = std::max(kMinRise, kNoiseZ * std::sqrt(2.0) * sigma);
  // The trend continues only a rise (or fall) already observed beyond the noise since `start`.
  if (slope != 0 && !(std::abs(smooth.back().level_m - *u0) > noise && smooth.back().time > start)) {
    slope = 0;
    u0 = level_at(smooth, start, 0);
  }
  auto const g = fit_gain(history, smooth, *u->link, noise, at);
  out.info.gain = g.gain;
  out.info.gain_source = g.source;
  out.info.status = upstream_status::flat;
  for (int m = 1; m <= longest; ++m) {
    double const change = *level_at(smooth, start + m * kMinuteMs, slope) - *u0;
    if (change <= noise) continue;
    out.term[static_cast<std::size_t>(m)] = g.gain * change;
    if (g.gain > 0) out.info.status = upstream_status::used;
  }
  return out;
}

// mm reported within (at - lag, at - lag + m], not after `at`, per minute m.
std::vector<double> rain_per_minute(rainfall_link const& link, rain_input const& rain, epoch_ms at, int longest) {
  std::vector<double> out(static_cast<std::size_t>(longest) + 1, 0.0);
  epoch_ms const start = at - link.lag_ms;
  for (auto const& r : rain.amounts) {
    if (r.time <= start || r.time > at || r.level_m <= 0) continue;
    // Counted from the minute its routed time falls in.
    auto const m = static_cast<std::size_t>((r.time - start + kMinuteMs - 1) / kMinuteMs);
    if (m < out.size()) out[m] += r.level_m;
  }
  for (std::size_t m = 1; m < out.size(); ++m) out[m] += out[m - 1];
  return out;
}

// The routed change per minute 0..longest horizon (upstream terms plus rain); fills
// the contributions of `route`.
std::vector<double> routed_change(station const& s, route_inputs const& in, std::span<reading const> history,
                                  epoch_ms at, routing& route) {
  auto const& horizons = s.forecast.horizons_min;
  int const longest = horizons.empty() ? 0 : horizons.back();
  std::vector<double> change(static_cast<std::size_t>(longest) + 1, 0.0);
  for (auto const& link : s.upstream) {
    upstream_input const* u = nullptr;
    for (auto const& x : in.upstream) {
      if (x.link == &link || (x.link && x.link->station == link.station)) u = &x;
    }
    auto t = evaluate(link, u, history, at, longest);
    for (std::size_t m = 0; m < change.size(); ++m) change[m] += t.term[m];
    for (int h : horizons) t.info.change_m.push_back(t.term[static_cast<std::size_t>(h)]);
    route.upstream.push_back(std::move(t.info));
  }
  if (!s.rainfall) return change;
  auto const mm =
      in.rain ? rain_per_minute(*s.rainfall, *in.rain, at, longest) : std::vector<double>(change.size(), 0.0);
  double const k = s.rainfall->metres_per_mm;
  rain_contribution rc;
  rc.entity = s.rainfall->entity;
  for (std::size_t m = 0; m < change.size(); ++m) change[m] += k * mm[m];
  for (int h : horizons) {
    rc.mm.push_back(mm[static_cast<std::size_t>(h)]);
    rc.change_m.push_back(k * mm[static_cast<std::size_t>(h)]);
  }
  route.rain = std::move(rc);
  return change;
}

// Per horizon the higher of the own and the routed central level; the interval holds both.
void combine_horizons(std::vector<double> const& change, level_forecast& out, routing& route) {
  for (auto& h : out.horizons) {
    double const c = change[static_cast<std::size_t>(h.minutes)];
    if (c <= 0) {
      route.routed_m.emplace_back();
      continue;
    }
    double const level = route.base_m + c;
    route.routed_m.emplace_back(level);
    route.raised = route.raised || level > h.level_m;
    h.level_m = std::max(h.level_m, level);
    h.low_m = std::min(h.low_m, level);
    h.high_m = std::max(h.high_m, level);
  }
}

// Each level above the newest reading crossed at the earlier of the own crossing and the
// first minute the rising routed level reaches it; the sources go to `route`.
std::vector<predicted_crossing> combine_crossings(station const& s, std::optional<level_forecast> const& own,
                                                  std::vector<double> const& change, double newest_m, epoch_ms at,
                                                  routing& route) {
  std::vector<predicted_crossing> out;
  for (int l = 1; l <= kDangerLevels; ++l) {
    auto const t = s.threshold(l);
    if (!t || *t <= newest_m) continue;
    std::optional<predicted_crossing> best;
    if (own) {
      for (auto const& c : own->crossings) {
        if (c.level == l) best = c;
      }
    }
    crossing_source source = crossing_source::own;
    for (std::size_t m = 1; m < change.size(); ++m) {
      if (change[m] <= 0 || route.base_m + change[m] < *t) continue;
      epoch_ms const when = at + static_cast<epoch_ms>(m) * kMinuteMs;
      if (!best || when < best->at) {
        best = predicted_crossing{l, *t, when};
        source = crossing_source::routed;
        route.raised = true;
      }
      break;
    }
    if (!best) continue;
    out.push_back(*best);
    route.sources.push_back(source);
  }
  return out;
}

}  // namespace

std::string_view upstream_status_name(upstream_status s) {
  switch (s) {
    case upstream_status::used:
      return "used";
    case upstream_status::flat:
      return "flat";
    case upstream_status::faulty:
      return "faulty";
    case upstream_status::no_history:
      return "noHistory";
  }
  return "noHistory";
}

std::vector<std::string> routing::rising_upstream() const {
  std::vector<std::string> out;
  for (auto const& u : upstream) {
    if (u.status == upstream_status::used) out.push_back(u.station);
  }
  return out;
}

bool routing::rain_rising() const {
  return rain && std::any_of(rain->change_m.begin(), rain->change_m.end(), [](double c) { return c > 0; });
}

routed_forecast route_forecast(station const& s, std::optional<level_forecast> const& own,
                               std::span<reading const> history, route_inputs const& in, epoch_ms at) {
  if (s.upstream.empty() && !s.rainfall) return {own, std::nullopt};
  auto const newest = newest_until(history, at);
  if (!newest) return {own, std::nullopt};
  routing route;
  route.at = at;
  route.base_m = own ? own->level_m : newest->level_m;
  auto const change = routed_change(s, in, history, at, route);
  level_forecast out;
  if (own) {
    out = *own;
  } else {
    out.at = at;
    out.level_m = route.base_m;
    for (int h : s.forecast.horizons_min) out.horizons.push_back({h, route.base_m, route.base_m, route.base_m});
  }
  combine_horizons(change, out, route);
  out.crossings = combine_crossings(s, own, change, newest->level_m, at, route);
  if (!own && !route.raised) return {std::nullopt, std::move(route)};
  return {std::move(out), std::move(route)};
}

epoch_ms station_history_ms(station const& s) {
  bool const links = !s.upstream.empty() || s.rainfall.has_value();
  return links ? std::max(s.forecast.window_ms, kGainWindow) : s.forecast.window_ms;
}

epoch_ms upstream_history_ms(station const& s, upstream_link const& link) {
  return std::max(s.forecast.window_ms, kGainWindow + link.travel_ms);
}

epoch_ms rain_history_ms(rainfall_link const& r) { return r.lag_ms + 3'600'000; }

}  // namespace cityos::safety::river
