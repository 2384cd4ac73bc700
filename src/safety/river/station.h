// SPDX-License-Identifier: Apache-2.0
// A river gauge's configuration (issue 8, flood watch): its reference levels in metres
// and the danger level each one starts, the hysteresis that keeps levels from flapping,
// the reporting intervals it promises, the sensor-health limits and the forecast
// settings, parsed from JSON (format in docs/flood-watch.md). A station is a plain
// value: build it once, then read it from any thread. Parsing is pure and thread-safe.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "common/time.h"

namespace cityos::safety::river {

// Danger levels run 1..5 (警戒レベル相当); 0 means below every reference level.
inline constexpr int kDangerLevels = 5;

// The reference level that starts each danger level (river_level_standards.json):
// standby 水防団待機水位 -> 1, caution 氾濫注意水位 -> 2, evacuation judgement 避難判断水位 -> 3,
// danger 氾濫危険水位 -> 4, bank height (flooding, 氾濫の発生) -> 5.
enum class reference_level { standby = 1, caution, evacuation_judgement, danger, bank_height };

// Returns the JSON key of `r` ("standby", "caution", "evacuationJudgement", "danger", "bankHeight").
std::string_view reference_key(reference_level r);

struct localized_text {
  std::string ja;
  std::string en;
};

// A level drops only once the water stayed below (its reference level - margin_m)
// for hold_ms; rising is immediate.
struct hysteresis {
  double margin_m = 0.10;
  epoch_ms hold_ms = 30 * 60'000;
};

// Crisis-management gauge practice: below the observation-start level only a daily
// heartbeat; at or above it a report every 2-10 min. Silence longer than
// missing_factor * the expected interval is a missing-reports fault.
struct reporting {
  epoch_ms heartbeat_ms = 24 * 3'600'000;
  epoch_ms flood_ms = 10 * 60'000;
  double missing_factor = 2.0;
};

// Sensor plausibility: a change faster than max_rise_m_per_min (against the last
// trusted reading, over at least one minute) is an impossible jump; it lasts until a
// reading is plausible against the last trusted one again, an operator accepts the new
// level, or (if jump_settle_reports > 0) that many readings agree with each other; the same value
// (within stuck_tolerance_m) for stuck_reports reports in flood mode, or for stuck_ms
// while neighbouring gauges move, is a stuck sensor.
struct health_limits {
  double max_rise_m_per_min = 0.2;  // 12 m/h: far above any real river, far below a glitch
  int jump_settle_reports = 0;      // 0: never accepted without an operator
  int stuck_reports = 12;
  epoch_ms stuck_ms = 3 * 3'600'000;
  double stuck_tolerance_m = 0.0005;
};

// The prediction's moving window and horizons; interval_z scales the intervals
// (1.645: two-sided 90 %).
struct forecast_settings {
  epoch_ms window_ms = 60 * 60'000;
  int min_readings = 5;
  epoch_ms min_span_ms = 15 * 60'000;
  std::vector<int> horizons_min = {30, 60, 90};  // ascending, strictly
  double interval_z = 1.645;
};

// An upstream gauge whose flood wave reaches this one about travel_ms later
// (routed_forecast.h): the downstream change follows the upstream's change travel_ms
// earlier times `gain` (fitted from past readings when not configured).
struct upstream_link {
  std::string station;  // the id of another station of the same watch
  epoch_ms travel_ms = 0;
  std::optional<double> gain;  // 0..2; nullopt: fitted online (1 with too little history)
};

// Rain over the catchment as a simple unit response: every mm the WeatherObserved
// entity reports raises this gauge by about metres_per_mm, lag_ms later.
struct rainfall_link {
  std::string entity;                     // the WeatherObserved entity id
  std::string attribute = "precipitation";  // its attribute holding the mm since its previous report
  epoch_ms lag_ms = 0;
  double metres_per_mm = 0;
};

struct station {
  std::string id;  // the WaterObserved (or gauge) entity id
  localized_text name;
  double longitude = 0;
  double latitude = 0;
  int utc_offset_min = 540;                                     // local time of alert texts (JST)
  std::array<std::optional<double>, kDangerLevels> thresholds;  // danger level - 1 -> reference level (m); ascending
  double observation_start_m = 0;  // flood-mode reporting from here; defaults to the lowest reference level
  hysteresis hold;
  reporting report;
  health_limits health;
  forecast_settings forecast;
  std::vector<upstream_link> upstream;  // distinct stations, none this one
  std::optional<rainfall_link> rainfall;

  // Returns the reference level (m) that starts danger level `level` (1..5), or nullopt.
  std::optional<double> threshold(int level) const;
  // Returns the report interval the gauge promises when the water stands at `metres`.
  epoch_ms expected_interval(double metres) const;
};

// Parses a station document. Unknown members are rejected. Whether the `upstream`
// stations exist is the caller's check (they name other stations of a watch). Errors: bad_request naming
// the member ("referenceLevels.caution must be above referenceLevels.standby").
result<station> parse_station(json::value const& doc);
// Parses the JSON text of a station. Errors: invalid_request (not JSON), those of parse_station.
result<station> parse_station_text(std::string_view text);

}  // namespace cityos::safety::river
