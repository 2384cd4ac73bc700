// SPDX-License-Identifier: Apache-2.0
#include "safety/river/backtest.h"

#include <array>

#include "safety/river/forecast.h"
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
  backtest_report out;
  sensor_monitor monitor(s);
  danger_tracker tracker(s);
  reading_window window(s.forecast.window_ms);
  open_predictions open;
  bool primed = false;
  epoch_ms const longest =
      s.forecast.horizons_min.empty() ? 0 : static_cast<epoch_ms>(s.forecast.horizons_min.back()) * 60'000;
  for (auto const& r : readings) {
    ++out.readings;
    auto const verdict = monitor.observe(r);
    if (!verdict.trusted) ++out.untrusted;
    auto const step = tracker.observe(r, verdict.trusted ? reading_trust::trusted : reading_trust::untrusted);
    expire(r.time, open, out);
    // The first applied reading sets the starting level: not a crossing.
    if (step.change && step.change->rising() && primed) record_crossings(s, *step.change, open, out);
    primed = primed || !step.held;
    if (step.held) continue;
    window.add(r);
    auto const f = forecast_levels(s, window.readings(), r.time);
    if (!f) continue;
    for (auto const& c : f->crossings) {
      if (c.level <= tracker.level()) continue;
      auto& p = open[static_cast<std::size_t>(c.level - 1)];
      epoch_ms const deadline = r.time + longest + settings.tolerance_ms;
      if (p) {
        p->deadline = deadline;  // predicted again: the alert stays up
        continue;
      }
      p = open_prediction{r.time, c.at, deadline};
      ++out.predicted_alerts;
    }
  }
  for (auto const& p : open) out.open_predictions += p ? 1 : 0;
  return out;
}

}  // namespace cityos::safety::river
