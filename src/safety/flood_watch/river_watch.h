// SPDX-License-Identifier: Apache-2.0
// One watched river gauge: every reading runs sensor_monitor -> danger_tracker ->
// forecast (safety/river), and the outcome opens, updates or closes alert episodes,
// each one Alert entity with an id stable for the episode:
//  - flood: opened when the tracked level rises above 0, updated on every level
//    change, closed when it drops to 0 (hysteresis: no flapping);
//    id urn:ngsi-ld:Alert:river:<station>:flood:<first reading ms>;
//  - predicted (one per level): opened when the forecast crosses a level above the
//    tracked one, updated when the expected time moves by 5 min or more, closed
//    "reached" when the level is entered, or "notReached" once no forecast predicted
//    it for the longest horizon plus the tolerance;
//  - fault (one per fault kind): opened when sensor health raises it, closed when cleared.
// With upstream or rainfall links (station.upstream, station.rainfall) the forecast is
// river/routed_forecast.h's, from the inputs the caller passes (the upstream watches'
// windows, the rain reports); a predicted alert then says what it was predicted from
// (predictionBasis, upstreamStations, a sentence in its description).
// Alert times are the readings' (the timer's for missing reports and expiry). A
// value type; not thread-safe (one owner).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/time.h"
#include "safety/river/alert_text.h"
#include "safety/river/danger.h"
#include "safety/river/forecast.h"
#include "safety/river/level_names.h"
#include "safety/river/routed_forecast.h"
#include "safety/river/sensor_health.h"
#include "safety/river/station.h"

namespace cityos::safety::flood_watch {

enum class episode_kind { flood, predicted, fault };

// Returns "flood", "predicted" or "fault".
std::string_view episode_name(episode_kind k);

// The current state of one alert episode.
struct alert_record {
  std::string id;
  std::string station;  // station id
  episode_kind kind = episode_kind::flood;
  bool active = true;
  epoch_ms issued = 0;
  epoch_ms updated = 0;
  json::object entity;  // the Alert entity as last published (normalized, with @context)
};

class river_watch {
 public:
  // `names` must outlive the watch. The window of trusted readings spans the forecast
  // window or `history_ms`, the longer (routed forecasts need kGainWindow, and an
  // upstream gauge its travel time on top).
  river_watch(river::station s, river::level_names const& names, epoch_ms tolerance_ms, epoch_ms history_ms = 0);

  // Processes one reading; returns the alerts it opened, updated or closed (new state).
  // `in`: the upstream gauges and rain of the station's links (none: own readings only).
  std::vector<alert_record> observe(river::reading r, river::route_inputs const& in = {});
  // Forecasts again at `at` (not before the last reading) because an upstream gauge or
  // the rain reported; returns the predicted alerts it opened, updated or closed. Only
  // crossings the routing gives open or move alerts (the own fit judges at own readings).
  std::vector<alert_record> reforecast(epoch_ms at, river::route_inputs const& in);
  // Names an upstream station in the texts of predicted alerts (default: its id).
  void name_upstream(std::string const& id, river::localized_text name);
  // The timer at `now`: a missing-reports fault, expired predictions. Returns the changed alerts.
  std::vector<alert_record> check(epoch_ms now);

  river::station const& station() const { return station_; }
  std::optional<river::reading> last_reading() const { return last_; }
  int level() const { return tracker_.level(); }
  int indicated() const { return indicated_; }
  bool trusted() const { return trusted_; }  // the last reading's verdict
  river::sensor_monitor const& health() const { return monitor_; }
  // The forecast alerts use (combined with the upstream gauges and rain, if linked).
  std::optional<river::level_forecast> const& forecast() const { return forecast_; }
  // The fit of the gauge's own readings alone; what the upstream and rain added.
  std::optional<river::level_forecast> const& own_forecast() const { return own_; }
  std::optional<river::routing> const& routing() const { return route_; }
  // The trusted readings, oldest first (an upstream gauge's input to its downstream ones).
  std::span<river::reading const> window() const { return window_.readings(); }
  // The ids of the open episodes, flood first.
  std::vector<std::string> active_alerts() const;

 private:
  struct prediction {
    alert_record alert;
    epoch_ms expected = 0;  // the crossing time last published
    epoch_ms deadline = 0;  // closes "notReached" after this
  };

  void health_events(river::health_verdict const& v, double level_m, std::vector<alert_record>& out);
  void open_fault(river::health_event const& h, double level_m, std::vector<alert_record>& out);
  void flood_change(river::level_change const& c, std::vector<alert_record>& out);
  void refresh(epoch_ms at, river::route_inputs const& in);
  // Opens or updates the predicted alerts of forecast_; `routed_only`: only crossings
  // the upstream gauges or rain gave (a reforecast between own readings).
  void predictions(epoch_ms at, std::vector<alert_record>& out, bool routed_only = false);
  // Sets what predicted crossing `crossing` of forecast_ (river_event::basis).
  void add_basis(river::river_event& e, std::size_t crossing) const;
  void settle_predictions(epoch_ms now, std::vector<alert_record>& out);
  alert_record make(episode_kind k, river::river_event const& e, epoch_ms issued, std::string id) const;
  void close(alert_record& a, epoch_ms at, std::string_view outcome, std::vector<alert_record>& out) const;

  river::station station_;
  river::level_names const& names_;
  epoch_ms tolerance_ms_;
  river::sensor_monitor monitor_;
  river::danger_tracker tracker_;
  river::reading_window window_;
  std::optional<river::reading> last_;
  int indicated_ = 0;
  bool trusted_ = true;
  std::optional<river::level_forecast> own_;
  std::optional<river::level_forecast> forecast_;
  std::optional<river::routing> route_;
  std::vector<std::pair<std::string, river::localized_text>> upstream_names_;
  std::optional<alert_record> flood_;
  std::array<std::optional<prediction>, river::kDangerLevels> predicted_;  // level - 1 -> open prediction
  std::array<std::optional<alert_record>, river::kFaultKinds> faults_;     // fault_kind -> open fault alert
};

}  // namespace cityos::safety::flood_watch
