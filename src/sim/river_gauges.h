// SPDX-License-Identifier: Apache-2.0
// Two river water-level gauges of Muroran reporting through the IoT Agent
// (HTTP, iotagent-json format): provision() registers a service group and the
// devices (again after a restart: 409 is fine), report() sends one reading per
// gauge (`{"h": metres, "TimeInstant": ...}` to /iot/json?k=&i=), which the
// agent writes as the `height` of urn:ngsi-ld:WaterObserved:<device>.
// A rain event starts `event_offset` after `start` and repeats daily: the
// Chiribetsu gauge rises through its danger levels to level 4 in 4 hours and
// falls back in 6; the Chimaibetsu gauge rises a little. Levels are made up
// (data/muroran/flood-watch.json holds the matching station configuration).
#pragma once

#include <random>

#include "common/time.h"
#include "sim/api_writer.h"

namespace cityos::sim {

inline constexpr char const* kRiverApiKey = "muroran-river";

class river_gauges {
 public:
  river_gauges(epoch_ms start, epoch_ms event_offset) : event_start_(start + event_offset) {}
  void provision(api_writer& w) const;
  void report(api_writer& w, epoch_ms now, std::mt19937_64& rng) const;
  // The noise-free level of gauge `g` (0 or 1) at `now`, metres.
  double level(int g, epoch_ms now) const;
  // The share (0-0.8) of the shelters' capacity in use at `now`: evacuees while the
  // Chiribetsu river is at or above its evacuation judgement level.
  double evacuating(epoch_ms now) const;

 private:
  epoch_ms event_start_;
};

}  // namespace cityos::sim
