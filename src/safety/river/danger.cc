// SPDX-License-Identifier: Apache-2.0
#include "safety/river/danger.h"

#include <algorithm>

namespace cityos::safety::river {

int indicated_level(station const& s, double metres) {
  int level = 0;
  for (int l = 1; l <= kDangerLevels; ++l) {
    auto const t = s.threshold(l);
    if (t && metres >= *t) level = l;
  }
  return level;
}

danger_tracker::danger_tracker(station const& s) : thresholds_(s.thresholds), hold_(s.hold) {}

danger_step danger_tracker::observe(reading r, reading_trust trust) {
  danger_step step;
  for (std::size_t i = 0; i < thresholds_.size(); ++i) {
    if (thresholds_[i] && r.level_m >= *thresholds_[i]) step.indicated = static_cast<int>(i) + 1;
  }
  if (trust == reading_trust::untrusted || (last_ && r.time <= *last_)) {
    step.level = level_;
    step.held = true;
    return step;
  }
  last_ = r.time;
  for (std::size_t i = 0; i < thresholds_.size(); ++i) {
    bool const below = thresholds_[i] && r.level_m < *thresholds_[i] - hold_.margin_m;
    if (!below) {
      below_since_[i].reset();
    } else if (!below_since_[i]) {
      below_since_[i] = r.time;
    }
  }
  // The highest level up to the current one that the water has not yet left for the
  // hold time; levels without a reference level are skipped.
  int kept = 0;
  for (int l = level_; l >= 1; --l) {
    auto const i = static_cast<std::size_t>(l - 1);
    if (!thresholds_[i]) continue;
    bool const released = below_since_[i] && r.time - *below_since_[i] >= hold_.hold_ms;
    if (!released) {
      kept = l;
      break;
    }
  }
  int const next = std::max(kept, step.indicated);
  if (next != level_) {
    step.change = level_change{level_, next, r.time, r.level_m};
    level_ = next;
  }
  step.level = level_;
  return step;
}

}  // namespace cityos::safety::river
