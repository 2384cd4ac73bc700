// SPDX-License-Identifier: Apache-2.0
// The content of flood-watch alerts as Smart Data Models Alert entities in NGSI-LD
// normalized form: category naturalDisaster, subCategory floodRisk (flood at level 5),
// severity by danger level, name and description in Japanese and English built from
// the configured official level names, validFrom/validTo, the station's location and
// relationship. Pure functions; thread-safe. Storing, updating and closing the entities
// is the service's job.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/json.h"
#include "common/time.h"
#include "safety/river/danger.h"
#include "safety/river/forecast.h"
#include "safety/river/level_names.h"
#include "safety/river/sensor_health.h"
#include "safety/river/station.h"

namespace cityos::safety::river {

enum class alert_kind { level_entered, level_dropped, crossing_predicted, device_fault };

// Returns the JSON name of `k` ("levelEntered", "levelDropped", "crossingPredicted", "deviceFault").
std::string_view alert_kind_name(alert_kind k);

// What an alert is about.
struct river_event {
  alert_kind kind = alert_kind::level_entered;
  int level = 0;                    // entered or predicted level (1..5); dropped: the new level (0: danger over)
  int from_level = 0;               // dropped: the level left
  double water_level_m = 0;         // the reading; predicted: the fitted level now
  epoch_ms at = 0;                  // the reading's time; predicted: the expected crossing time
  std::optional<fault_kind> fault;  // device_fault
  std::string detail;               // device_fault: the monitor's description (English)
  // crossing_predicted at a station with upstream or rainfall links (routed_forecast.h):
  // what predicted it, "ownReadings", "upstreamGauges", "rainfall" (empty: no links,
  // nothing said), and the upstream gauges that added a rise (ids and names).
  std::vector<std::string> basis;
  std::vector<std::pair<std::string, localized_text>> upstream;
};

// Returns the event of a tracked level change (entered when rising, else dropped).
river_event event_of(level_change const& c);
// Returns the event of a predicted crossing made from a forecast whose fitted level now is `level_now_m`.
river_event event_of(predicted_crossing const& c, double level_now_m);
// Returns the device-fault event of a raised fault; `level_m` is the gauge's last level.
river_event event_of(health_event const& h, double level_m);

// Returns the alert id: "urn:ngsi-ld:Alert:river:<station id without urn:ngsi-ld:>:<kind>:<level>:<issued ms>".
std::string alert_id(station const& s, river_event const& e, epoch_ms issued);

// Returns the Alert entity (normalized, with @context) for `e` issued at `issued`.
// A prediction with a basis also has predictionBasis, upstreamStations (when
// upstream gauges added a rise) and a sentence on each in its description.
// validFrom: the event's time (predicted: `issued`); validTo: the expected crossing
// time of a prediction, the event's time when the danger is over, else absent.
// REQUIRES: e.level / e.from_level within 0..5 and, for entered and predicted, a
// level with a reference level at `s`.
json::object alert_entity(station const& s, level_names const& names, river_event const& e, epoch_ms issued);

}  // namespace cityos::safety::river
