// SPDX-License-Identifier: Apache-2.0
// Fixtures of the flood-watch tests: a five-level station configuration and
// synthetic river curves sampled every few minutes, with seeded noise.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <vector>

#include "safety/flood_watch/flood_config.h"
#include "safety/river/danger.h"

namespace cityos::safety::flood_watch::test {

inline constexpr epoch_ms kT0 = 1'795'651'200'000;  // 2026-11-26T00:00:00Z
inline constexpr epoch_ms kMinute = 60'000;

// Reference levels 1.5 / 2.3 / 3.0 / 3.5 / 4.2 m, flood mode from 1.2 m every 5 min.
inline constexpr std::string_view kConfig = R"({
  "levelNames": "jma_2026",
  "checkIntervalSeconds": 3600,
  "stations": [{
    "id": "urn:ngsi-ld:WaterObserved:test-01", "name": {"ja": "試験川", "en": "Test river"},
    "location": [138.25, 34.87],
    "referenceLevels": {"standby": 1.5, "caution": 2.3, "evacuationJudgement": 3.0, "danger": 3.5, "bankHeight": 4.2},
    "observationStart": 1.2,
    "reporting": {"floodMinutes": 5}
  }, {"preset": "masuda_demo", "entity": "urn:ngsi-ld:WaterObserved:masuda-b"}]
})";

inline flood_config test_config() {
  auto doc = parse_json(kConfig);
  EXPECT_TRUE(doc.ok());
  auto c = parse_flood_config(*doc);
  EXPECT_TRUE(c.ok()) << c.err().detail;
  return *c;
}

// Readings every `step_min` minutes for `minutes` minutes of level(t in minutes) + N(0, noise).
inline std::vector<river::reading> series(int minutes, int step_min, std::function<double(double)> const& level,
                                          double noise = 0, unsigned seed = 7) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> dist(0.0, noise > 0 ? noise : 1.0);
  std::vector<river::reading> out;
  for (int m = 0; m <= minutes; m += step_min) {
    out.push_back({kT0 + m * kMinute, level(m) + (noise > 0 ? dist(gen) : 0.0)});
  }
  return out;
}

// 1.0 m rising 0.01 m/min to 3.7 m (level 4) at minute 270, falling back to 1.0 m at
// minute 540, then flat.
inline double flood_curve(double m) {
  if (m <= 270) return 1.0 + 0.01 * m;
  if (m <= 540) return 3.7 - 0.01 * (m - 270);
  return 1.0;
}

}  // namespace cityos::safety::flood_watch::test
