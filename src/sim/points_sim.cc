// SPDX-License-Identifier: Apache-2.0
#include "sim/points_sim.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include "common/time.h"

namespace cityos::sim {

namespace {

constexpr std::array<char const*, 6> kWards = {"中島", "東町", "輪西", "本輪西", "白鳥台", "母恋"};

// Share of a day's steps per hour (00-23): commute, lunch, evening walk.
constexpr std::array<double, 24> kHourly = {0,    0,    0,    0,    0,    0.01, 0.04, 0.09, 0.08, 0.05, 0.05, 0.06,
                                            0.08, 0.06, 0.05, 0.05, 0.06, 0.08, 0.07, 0.06, 0.04, 0.02, 0.01, 0.0};

std::string person(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "muroran-resident-%03d", i + 1);
  return buf;
}

}  // namespace

void points_sim::enrol(api_writer& w, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> age(35, 85);
  std::uniform_int_distribution<std::size_t> ward(0, kWards.size() - 1);
  std::uniform_real_distribution<double> habit(3000, 10000);
  habit_.clear();
  for (int i = 0; i < residents_; ++i) {
    habit_.push_back(habit(rng));
    json::value body = json::object{{"person", person(i)}, {"age", age(rng)}, {"ward", kWards[ward(rng)]}};
    auto r = w.send("POST", "/api/v1/points/participants", {}, &body, {}, {503});
    if (r.status == 503) {
      unavailable_ = true;
      return;
    }
  }
}

void points_sim::day_ended(api_writer& w, std::int32_t date, std::mt19937_64& rng) {
  if (unavailable_) return;
  std::string const day = format_iso8601(static_cast<epoch_ms>(date) * 86'400'000).substr(0, 10);
  std::uniform_real_distribution<double> vary(0.7, 1.3);
  for (std::size_t i = 0; i < habit_.size(); ++i) {
    double const total = habit_[i] * vary(rng);
    json::array hourly;
    std::int64_t sum = 0;
    for (double share : kHourly) {
      auto const n = static_cast<std::int64_t>(std::lround(total * share));
      hourly.push_back(n);
      sum += n;
    }
    json::value body = json::object{{"person", person(static_cast<int>(i))},
                                    {"date", day},
                                    {"steps", sum},
                                    {"method", "sensor"},
                                    {"hourly", std::move(hourly)},
                                    {"idempotencyKey", person(static_cast<int>(i)) + ":" + day}};
    w.send("POST", "/api/v1/points/uploads/steps", {}, &body);
  }
}

}  // namespace cityos::sim
