// SPDX-License-Identifier: Apache-2.0
#include "sim/bus_riders.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace cityos::sim {

double boardings_mean(std::int32_t secs) {
  double const h = std::fmod(secs / 3600.0, 24.0);
  auto bump = [h](double c, double w) { return std::exp(-((h - c) / w) * ((h - c) / w)); };
  double const night = h < 6 || h >= 22 ? 0.3 : 1.0;
  return night * (0.4 + 2.4 * bump(7.8, 1.0) + 1.0 * bump(12.5, 2.5) + 1.9 * bump(17.3, 1.3));
}

void serve_stops(bus_load& load, std::uint32_t upto, std::uint32_t stops, std::int32_t secs, std::uint64_t seed,
                 std::int32_t service_date, std::uint32_t trip) {
  upto = std::min(upto, stops);
  double const mean = boardings_mean(secs);
  for (std::uint32_t k = load.served; k < upto; ++k) {
    std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                      static_cast<std::uint32_t>(service_date), trip, k};
    std::mt19937_64 rng(seq);
    std::uint32_t const left = stops - k;  // this stop and the ones after it
    if (k > 0 && load.occupancy > 0) {
      std::binomial_distribution<int> alight(load.occupancy, 1.0 / left);
      load.occupancy -= alight(rng);
    }
    if (left <= 1) {
      load.occupancy = 0;  // the last stop: everyone leaves, no one boards
      continue;
    }
    double const taper = 0.4 + 0.6 * static_cast<double>(left - 1) / std::max<std::uint32_t>(1, stops - 1);
    std::poisson_distribution<int> board(std::max(mean * taper, 1e-9));
    int const n = std::min(board(rng), kBusCapacity - load.occupancy);
    load.occupancy += n;
    load.boarded += n;
  }
  load.served = std::max(load.served, upto);
}

}  // namespace cityos::sim
