// SPDX-License-Identifier: Apache-2.0
// One watched person: their tag's positions and battery level turn into alert
// episodes, each one WatchOverAlert entity (personal data: `subject` = the person)
// with an id stable for the episode,
// urn:ngsi-ld:WatchOverAlert:<person without urn:ngsi-ld:>:<kind>:<opened ms>:
//  - leftHomeZone: a position outside the home zone; closed by one inside;
//  - noMovement: in daytime, no move farther than movementMetres for noMovementMinutes
//    (measured in wall time since the last move; raised only in daytime); closed by a move;
//  - lowBattery: batteryLevel below the threshold (a value above 1 is read as percent);
//    closed at the threshold + 0.05.
// Keeps the positions of the last retention period only (older ones are erased on
// every report and check). A value type; not thread-safe (one owner).
#pragma once

#include <array>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/time.h"
#include "safety/watch_over/watch_config.h"

namespace cityos::safety::watch_over {

enum class watch_kind { left_home_zone, no_movement, low_battery };
inline constexpr std::size_t kWatchKinds = 3;

// Returns "leftHomeZone", "noMovement" or "lowBattery".
std::string_view watch_kind_name(watch_kind k);

// The current state of one alert episode.
struct watch_alert {
  std::string id;
  std::string person;
  watch_kind kind = watch_kind::left_home_zone;
  bool active = true;
  epoch_ms issued = 0;
  epoch_ms updated = 0;
  json::object entity;  // normalized WatchOverAlert, without @context
};

struct position {
  epoch_ms time = 0;
  lon_lat at;
};

class person_watch {
 public:
  explicit person_watch(watched_person p);

  // A position report at `t`; returns the alerts opened or closed.
  std::vector<watch_alert> observe_position(epoch_ms t, lon_lat p);
  // A battery report at `t`; returns the alerts opened or closed.
  std::vector<watch_alert> observe_battery(epoch_ms t, double level);
  // The timer at `now`: no movement, and the retention of positions.
  std::vector<watch_alert> check(epoch_ms now);

  watched_person const& person() const { return person_; }
  // The positions kept, oldest first.
  std::deque<position> const& positions() const { return positions_; }
  std::optional<bool> inside() const { return inside_; }
  std::optional<double> battery() const { return battery_; }

 private:
  bool daytime(epoch_ms t) const;
  void prune(epoch_ms now);
  void open(watch_kind k, epoch_ms t, std::optional<lon_lat> where, std::vector<watch_alert>& out);
  void close(watch_kind k, epoch_ms t, std::string_view outcome, std::vector<watch_alert>& out);
  json::object entity(watch_kind k, std::string const& id, epoch_ms t, std::optional<lon_lat> where) const;

  watched_person person_;
  std::deque<position> positions_;  // oldest first, within the retention
  std::optional<bool> inside_;      // the last position was in the home zone
  std::optional<position> anchor_;  // where the person last moved, and when
  std::optional<double> battery_;   // 0..1
  std::array<std::optional<watch_alert>, kWatchKinds> open_;  // watch_kind -> open episode
};

}  // namespace cityos::safety::watch_over
