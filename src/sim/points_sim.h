// SPDX-License-Identifier: Apache-2.0
// Residents in the health-points programme: enrol() registers `residents`
// people (POST /api/v1/points/participants: age, ward), and at the end of each
// sim day day_ended() uploads each one's steps of that day with hourly samples
// (POST /api/v1/points/uploads/steps, method sensor). Each resident has a
// seeded habit (3,000-10,000 steps a day); days vary by ±30 %. Without a
// programme (503) it does nothing. Not thread-safe.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "sim/api_writer.h"

namespace cityos::sim {

class points_sim {
 public:
  explicit points_sim(int residents) : residents_(residents) {}
  void enrol(api_writer& w, std::mt19937_64& rng);
  // Uploads the steps of local date `date` (days since 1970-01-01).
  void day_ended(api_writer& w, std::int32_t date, std::mt19937_64& rng);

 private:
  int residents_;
  std::vector<double> habit_;  // mean daily steps per resident
  bool unavailable_ = false;
};

}  // namespace cityos::sim
