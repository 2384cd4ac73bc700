// SPDX-License-Identifier: Apache-2.0
// Riders of the simulated buses: at each stop a run serves, some riders alight
// (each rider leaves at one of the stops left, evenly) and some board (a Poisson
// count whose mean follows the time of day: morning and evening peaks, quiet
// nights; fewer towards the end of the trip, none at the last stop). Each stop
// visit draws from its own generator seeded by (seed, service date, trip, stop),
// so a run has the same riders whatever the simulator's step. Pure; thread-safe.
#pragma once

#include <cstdint>

namespace cityos::sim {

// The riders of one run of a trip so far.
struct bus_load {
  std::uint32_t served = 0;  // stop times of the trip served so far: [0, served)
  std::int64_t boarded = 0;  // riders boarded since the run began
  int occupancy = 0;         // riders on board now
};

inline constexpr int kBusCapacity = 60;

// Mean boardings at one stop visit `secs` seconds after local midnight.
double boardings_mean(std::int32_t secs);

// Serves the stop times [load.served, upto) of a run with `stops` stop times
// (upto <= stops) at `secs` local; no-op when upto <= load.served.
void serve_stops(bus_load& load, std::uint32_t upto, std::uint32_t stops, std::int32_t secs, std::uint64_t seed,
                 std::int32_t service_date, std::uint32_t trip);

}  // namespace cityos::sim
