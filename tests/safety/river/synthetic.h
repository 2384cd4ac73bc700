// SPDX-License-Identifier: Apache-2.0
// Synthetic floods for the river tests: a station with all five reference levels and
// reading series built from piecewise-linear curves, optionally with seeded noise.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "safety/river/danger.h"
#include "safety/river/station.h"

namespace cityos::safety::river::test {

inline constexpr epoch_ms kT0 = 1'795'651'200'000;  // 2026-11-26T00:00:00Z
inline constexpr epoch_ms kMinute = 60'000;

// Reference levels 1.5 / 2.3 / 3.0 / 3.5 / 4.2 m, margin 0.10 m, hold 30 min,
// flood-mode reports every 5 min from 1.2 m.
inline station five_level_station() {
  auto s = parse_station_text(R"({
    "id": "urn:ngsi-ld:WaterObserved:test-01", "name": {"ja": "試験川", "en": "Test river"},
    "location": [138.25, 34.87],
    "referenceLevels": {"standby": 1.5, "caution": 2.3, "evacuationJudgement": 3.0, "danger": 3.5, "bankHeight": 4.2},
    "observationStart": 1.2,
    "reporting": {"floodMinutes": 5}
  })");
  EXPECT_TRUE(s.ok()) << s.err().detail;
  return *s;
}

// Readings every `step_min` minutes from kT0 for `minutes` minutes (inclusive) of
// level(t in minutes), plus N(0, noise) from a generator seeded with `seed`.
inline std::vector<reading> series(int minutes, int step_min, std::function<double(double)> const& level,
                                   double noise = 0, unsigned seed = 42) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> dist(0.0, noise > 0 ? noise : 1.0);
  std::vector<reading> out;
  for (int m = 0; m <= minutes; m += step_min) {
    double const e = noise > 0 ? dist(gen) : 0.0;
    out.push_back({kT0 + m * kMinute, level(m) + e});
  }
  return out;
}

// A linear rise from `start` at `rate` m/min.
inline std::function<double(double)> linear(double start, double rate) {
  return [=](double m) { return start + rate * m; };
}

// A rise at `rate` m/min from `start` until minute `peak_min`, then a fall at the same rate.
inline std::function<double(double)> rise_and_fall(double start, double rate, double peak_min) {
  return [=](double m) { return start + rate * (m <= peak_min ? m : 2 * peak_min - m); };
}

}  // namespace cityos::safety::river::test
