// SPDX-License-Identifier: Apache-2.0
// Parking lots (OffStreetParking: availableSpotNumber with a daily pattern),
// people counters (CrowdFlowObserved: peopleCount per 10 minutes, morning and
// evening peaks) and evacuation shelters (PointOfInterest, category shelter, with
// capacity, status and the people sheltering: occupancy) at
// Muroran places, written as NGSI-LD batch upserts. Places and numbers are
// made up; locations are approximate (near real bus stops).
#pragma once

#include <random>

#include "common/time.h"
#include "sim/api_writer.h"

namespace cityos::sim {

class city_sensors {
 public:
  explicit city_sensors(std::int32_t utc_offset_s) : utc_offset_s_(utc_offset_s) {}
  // The shelters (static data), once at start.
  void publish_shelters(api_writer& w) const;
  // One observation of every parking lot and people counter at `now`, and the
  // shelters' occupancy: `evacuating` (0-1) of each shelter's capacity, with noise.
  void report(api_writer& w, epoch_ms now, std::mt19937_64& rng, double evacuating) const;

 private:
  std::int32_t utc_offset_s_;
};

}  // namespace cityos::sim
