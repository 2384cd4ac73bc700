// SPDX-License-Identifier: Apache-2.0
// On-demand transport in the suburbs: a synthetic population books trips
// (passengers between suburbs and hubs, parcels) through POST
// /api/v1/drt/requests, and the fleet's drivers follow their plans: every
// follow() each vehicle reports its position moving towards its next planned
// stop (POST /api/v1/drt/vehicles/{id}/events, type position) and, once the
// stop's ETA has passed, pickedUp or droppedOff. Without a fleet (503) it does
// nothing. Decisions use only the sim time, the seeded generator and the API's
// answers. Not thread-safe.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "common/time.h"
#include "sim/api_writer.h"

namespace cityos::sim {

class drt_sim {
 public:
  drt_sim(std::int32_t utc_offset_s, epoch_ms start) : utc_offset_s_(utc_offset_s), start_(start) {}
  // Books this interval's trips (`minutes` of demand at `now`).
  void book(api_writer& w, epoch_ms now, double minutes, std::mt19937_64& rng);
  // Moves the vehicles along their plans by `seconds` up to `now`.
  void follow(api_writer& w, epoch_ms now, double seconds);

 private:
  std::int32_t utc_offset_s_;
  epoch_ms start_;
  std::uint64_t next_id_ = 1;
  bool unavailable_ = false;  // no fleet: the routes answer 503
};

}  // namespace cityos::sim
