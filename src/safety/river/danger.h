// SPDX-License-Identifier: Apache-2.0
// Classification of water-level readings into danger levels 1-5 with hysteresis: a
// rise takes effect at once; a level drops only after the water stayed below its
// reference level minus the margin for the hold time, so alerts do not flap on noise.
// danger_tracker is a value type holding one gauge's state; not thread-safe (one
// owner per gauge), and it copies what it needs from the station.
#pragma once

#include <array>
#include <optional>

#include "common/time.h"
#include "safety/river/station.h"

namespace cityos::safety::river {

// One gauge reading: the water level in metres at a time.
struct reading {
  epoch_ms time = 0;
  double level_m = 0;
};

// Returns the danger level `metres` indicates on its own: the highest level whose
// reference level it reaches (>=), or 0 below every reference level.
int indicated_level(station const& s, double metres);

// Whether a reading may move the tracked level. Untrusted readings (from a gauge with
// a fault, see sensor_health.h) never raise or close a level on their own.
enum class reading_trust { trusted, untrusted };

// A change of the tracked level: from -> to at the reading that caused it.
struct level_change {
  int from = 0;
  int to = 0;
  epoch_ms at = 0;
  double level_m = 0;

  bool rising() const { return to > from; }
};

// What one reading did to the tracker.
struct danger_step {
  int level = 0;                       // the tracked level after the reading
  int indicated = 0;                   // the level the reading indicates on its own
  std::optional<level_change> change;  // set when the tracked level changed
  bool held = false;                   // not applied: untrusted, or not newer than the last reading
};

class danger_tracker {
 public:
  // Starts at level 0 (no danger) with no history.
  explicit danger_tracker(station const& s);

  // Applies `r`. A reading that is untrusted or not newer than the last applied one
  // is held: it changes nothing (step.held, step.indicated tells what it would mean).
  danger_step observe(reading r, reading_trust trust = reading_trust::trusted);

  int level() const { return level_; }

 private:
  std::array<std::optional<double>, kDangerLevels> thresholds_;  // danger level - 1 -> metres
  hysteresis hold_;
  int level_ = 0;
  // danger level - 1 -> time of the first reading of the current run below its
  // reference level minus the margin (unset: the last reading was not below)
  std::array<std::optional<epoch_ms>, kDangerLevels> below_since_;
  std::optional<epoch_ms> last_;
};

}  // namespace cityos::safety::river
