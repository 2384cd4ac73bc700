// SPDX-License-Identifier: Apache-2.0
#include "safety/river/backtest.h"

#include <algorithm>
#include <array>

#include "safety/river/forecast.h"
#include "safety/river/routed_forecast.h"
#include "safety/river/sensor_health.h"

namespace cityos::safety::river {

namespace {

struct open_prediction {
  epoch_ms predicted_at = 0;  // when the predicted alert was raised
  epoch_ms expected_at = 0;   // the crossing time that first prediction gave
  epoch_ms deadline = 0;      // the last prediction's time + the longest horizon + the tolerance
};

// danger level - 1 -> the open predicted alert of that level
using open_predictions = std::array<std::optional<open_prediction>, kDangerLevels>;

void record_crossings(station const& s, level_change const& c, open_predictions& open, backtest_report& out) {
  for (int l = c.from + 1; l <= c.to; ++l) {
    if (!s.threshold(l)) continue;
    crossing_outcome o{l, c.at, std::nullopt, 0};
    auto& p = open[static_cast<std::size_t>(l - 1)];
    if (p) {
      o.predicted_at = p->predicted_at;
      o.lead_ms = c.at - p->predicted_at;
      p.reset();
    }
    out.crossings.push_back(o);
  }
}

void expire(epoch_ms now, open_predictions& open, backtest_report& out) {
  for (std::size_t i = 0; i < open.size(); ++i) {
    if (open[i] && now > open[i]->deadline) {
      out.false_alarms.push_back({static_cast<int>(i) + 1, open[i]->predicted_at, open[i]->expected_at});
      open[i].reset();
    }
  }
}

}  // namespace

epoch_ms backtest_report::mean_lead_ms() const {
  epoch_ms sum = 0;
  epoch_ms count = 0;
  for (auto const& c : crossings) {
    if (!c.predicted_at) continue;
    sum += c.lead_ms;
    ++count;
  }
  return count == 0 ? 0 : sum / count;
}

backtest_report run_backtest(station const& s, std::span<reading const> readings, backtest_settings const& settings) {
  return run_backtest(s, readings, backtest_series{}, settings);
}

namespace {

// An upstream gauge replayed beside the station: its monitor and window of trusted readings.
struct upstream_gauge {
  station st;  // s with the upstream's id and without links: its health limits and forecast settings
  sensor_monitor monitor;
  reading_window window;
  std::optional<level_forecast> own;

  upstream_gauge(station const& s, upstream_link const& link)
      : st(gauge_of(s, link)), monitor(st), window(upstream_history_ms(s, link)) {}

  static station gauge_of(station const& s, upstream_link const& link) {
    station u = s;
    u.id = link.station;
    u.upstream.clear();
    u.rainfall.reset();
    return u;
  }
};

// One reading of the merged series: source 0..n-1 an upstream gauge, n the rain, n + 1 the station.
struct event {
  epoch_ms time = 0;
  std::size_t source = 0;
  reading r;
};

class replay {
 public:
  replay(station const& s, backtest_series const& more, backtest_settings const& settings)
      : s_(s),
        settings_(settings),
        monitor_(s),
        tracker_(s),
        window_(station_history_ms(s)),
        rain_(s.rainfall ? rain_history_ms(*s.rainfall) : 0),
        longest_(s.forecast.horizons_min.empty() ? 0
                                                 : static_cast<epoch_ms>(s.forecast.horizons_min.back()) * 60'000) {
    for (std::size_t i = 0; i < s.upstream.size() && i < more.upstream.size(); ++i) {
      gauges_.emplace_back(s, s.upstream[i]);
      links_.push_back(&s.upstream[i]);
    }
  }

  void own(reading r) {
    ++out_.readings;
    auto const verdict = monitor_.observe(r);
    if (!verdict.trusted) ++out_.untrusted;
    auto const step = tracker_.observe(r, verdict.trusted ? reading_trust::trusted : reading_trust::untrusted);
    expire(r.time, open_, out_);
    // The first applied reading sets the starting level: not a crossing.
    if (step.change && step.change->rising() && primed_) record_crossings(s_, *step.change, open_, out_);
    primed_ = primed_ || !step.held;
    if (step.held) return;
    window_.add(r);
    last_ = r.time;
    forecast(r.time, false);
  }

  void upstream(std::size_t i, reading r) {
    auto& g = gauges_[i];
    if (!g.monitor.observe(r).trusted) return;
    g.window.add(r);
    g.own = forecast_levels(g.st, g.window.readings(), r.time);
    again(r.time);
  }

  void rain(reading r) {
    rain_.add(r);
    again(r.time);
  }

  backtest_report finish() {
    for (auto const& p : open_) out_.open_predictions += p ? 1 : 0;
    return std::move(out_);
  }

 private:
  // Another series reported: forecast again at the station's last reading or later;
  // only crossings the routing gives count (the own fit is the own readings' to judge).
  void again(epoch_ms t) {
    if (!primed_ || !last_) return;
    epoch_ms const at = std::max(t, *last_);
    expire(at, open_, out_);
    forecast(at, true);
  }

  void forecast(epoch_ms at, bool routed_only) {
    auto own = forecast_levels(s_, window_.readings(), at);
    route_inputs in;
    for (std::size_t i = 0; i < gauges_.size(); ++i) {
      in.upstream.push_back({links_[i], gauges_[i].window.readings(), gauges_[i].own, gauges_[i].monitor.faulty()});
    }
    if (s_.rainfall) in.rain = rain_input{rain_.readings()};
    auto const routed = route_forecast(s_, own, window_.readings(), in, at);
    auto const& f = routed.forecast;
    if (!f) return;
    for (std::size_t i = 0; i < f->crossings.size(); ++i) {
      auto const& c = f->crossings[i];
      if (c.level <= tracker_.level()) continue;
      if (routed_only && routed.route && routed.route->sources[i] != crossing_source::routed) continue;
      auto& p = open_[static_cast<std::size_t>(c.level - 1)];
      epoch_ms const deadline = at + longest_ + settings_.tolerance_ms;
      if (p) {
        p->deadline = deadline;  // predicted again: the alert stays up
        continue;
      }
      p = open_prediction{at, c.at, deadline};
      ++out_.predicted_alerts;
    }
  }

  station const& s_;
  backtest_settings settings_;
  sensor_monitor monitor_;
  danger_tracker tracker_;
  reading_window window_;
  reading_window rain_;
  epoch_ms longest_;
  std::vector<upstream_gauge> gauges_;
  std::vector<upstream_link const*> links_;
  open_predictions open_;
  bool primed_ = false;
  std::optional<epoch_ms> last_;  // the station's last applied reading
  backtest_report out_;
};

}  // namespace

backtest_report run_backtest(station const& s, std::span<reading const> readings, backtest_series const& more,
                             backtest_settings const& settings) {
  replay run(s, more, settings);
  std::size_t const n = std::min(s.upstream.size(), more.upstream.size());
  std::vector<event> events;
  for (std::size_t i = 0; i < n; ++i) {
    for (auto const& r : more.upstream[i]) events.push_back({r.time, i, r});
  }
  if (s.rainfall) {
    for (auto const& r : more.rain) events.push_back({r.time, n, r});
  }
  for (auto const& r : readings) events.push_back({r.time, n + 1, r});
  // Time order; the station's own readings keep their order (held if out of order, as before).
  if (n > 0 || s.rainfall) {
    std::stable_sort(events.begin(), events.end(), [](event const& a, event const& b) {
      return a.time != b.time ? a.time < b.time : a.source < b.source;
    });
  }
  for (auto const& e : events) {
    if (e.source == n + 1) {
      run.own(e.r);
    } else if (e.source == n) {
      run.rain(e.r);
    } else {
      run.upstream(e.source, e.r);
    }
  }
  return run.finish();
}

std::vector<lead_gain> compare_leads(backtest_report const& own, backtest_report const& routed) {
  std::vector<lead_gain> out;
  for (auto const& r : routed.crossings) {
    for (auto const& o : own.crossings) {
      if (o.level != r.level || o.crossed_at != r.crossed_at) continue;
      out.push_back({r.level, r.crossed_at, o.lead_ms, r.lead_ms});
      break;
    }
  }
  return out;
}

}  // namespace cityos::safety::river
