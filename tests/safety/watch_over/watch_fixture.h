// SPDX-License-Identifier: Apache-2.0
// Fixtures of the watch-over tests: one person with a square home zone around kHome.
#pragma once

#include <gtest/gtest.h>

#include "safety/watch_over/watch_config.h"

namespace cityos::safety::watch_over::test {

inline constexpr epoch_ms kT0 = 1'795'651'200'000;  // 2026-11-26T00:00:00Z = 09:00 JST
inline constexpr epoch_ms kMinute = 60'000;
inline constexpr lon_lat kHome{131.85, 34.67};

// Zone: +-0.002 degrees around kHome (about 180 m x 220 m); carers "carer-key" and "nurse".
inline watch_config config() {
  auto doc = parse_json(R"({"checkIntervalSeconds": 3600, "persons": [{
    "person": "urn:ngsi-ld:Person:hanako", "name": {"ja": "花子", "en": "Hanako"},
    "device": "urn:ngsi-ld:Device:tag-01",
    "homeZone": {"type": "Polygon", "coordinates": [[[131.848, 34.668], [131.852, 34.668], [131.852, 34.672],
                                                      [131.848, 34.672], [131.848, 34.668]]]},
    "carers": ["carer-key", "nurse"],
    "daytime": {"from": "07:00", "to": "19:00"}, "noMovementMinutes": 120, "movementMetres": 30,
    "lowBattery": 0.2, "retentionDays": 2}]})");
  EXPECT_TRUE(doc.ok());
  auto c = parse_watch_config(*doc);
  EXPECT_TRUE(c.ok()) << c.err().detail;
  return *c;
}

}  // namespace cityos::safety::watch_over::test
