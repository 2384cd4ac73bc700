// SPDX-License-Identifier: Apache-2.0
// The scheduled buses as NGSI-LD Vehicle entities: each step upserts every
// running bus (urn:ngsi-ld:Vehicle:bus:<trip_id>: vehicleType "bus", location,
// bearing, speed, refTrip, refRoute, delay, inService, and its riders:
// passengersBoarded since the run began and occupancy, bus_riders.h) and
// deletes the buses whose trip ended. Each run of a trip gets a small delay drawn from the
// simulator's generator when it is first seen (0-10 min, mostly under 2).
// Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>

#include "common/time.h"
#include "sim/api_writer.h"
#include "sim/bus_model.h"
#include "sim/bus_riders.h"

namespace cityos::sim {

class bus_sim {
 public:
  // `seed` draws the riders (bus_riders.h).
  bus_sim(bus_model const& model, std::int32_t utc_offset_s, std::uint64_t seed = 1)
      : model_(model), utc_offset_s_(utc_offset_s), seed_(seed) {}
  // Deletes the buses a previous run left in the store (a restart).
  void remove_stale(api_writer& w);
  // Writes the buses at `now`.
  void step(api_writer& w, epoch_ms now, std::mt19937_64& rng);
  // Buses written by the last step.
  std::size_t running() const { return running_.size(); }

 private:
  bus_model const& model_;
  std::int32_t utc_offset_s_;
  std::uint64_t seed_;
  std::map<std::pair<std::int32_t, std::uint32_t>, std::int32_t> delays_;  // (service date, trip) -> s
  std::set<std::string> running_;  // entity ids
  std::map<std::string, bus_load> loads_;  // running entity id -> riders of its run
};

}  // namespace cityos::sim
