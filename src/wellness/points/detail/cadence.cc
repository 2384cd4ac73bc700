// SPDX-License-Identifier: Apache-2.0
#include "wellness/points/detail/cadence.h"

#include <algorithm>
#include <string>

namespace cityos::wellness::detail {

int longest_flat_run(anti_cheat const& c, std::span<std::int64_t const> hourly) {
  int best = 0;
  for (std::size_t i = 0; i < hourly.size(); ++i) {
    std::int64_t lo = hourly[i];
    std::int64_t hi = hourly[i];
    std::size_t j = i;
    // Some v has v(1-t) <= x <= v(1+t) for every x in the run iff hi(1-t) <= lo(1+t).
    while (j < hourly.size() && hourly[j] > c.flat_min_hourly_steps) {
      lo = std::min(lo, hourly[j]);
      hi = std::max(hi, hourly[j]);
      if (static_cast<double>(hi) * (1 - c.flat_tolerance) > static_cast<double>(lo) * (1 + c.flat_tolerance)) break;
      ++j;
    }
    best = std::max(best, static_cast<int>(j - i));
  }
  return best;
}

std::vector<review_flag> cadence_flags(anti_cheat const& c, std::span<std::int64_t const> hourly) {
  std::vector<review_flag> out;
  for (std::size_t h = 0; h < hourly.size(); ++h) {
    if (hourly[h] > c.max_hourly_steps) {
      out.push_back({flag_reason::cadence, "hour " + std::to_string(h) + " has " + std::to_string(hourly[h]) +
                                               " steps, above " + std::to_string(c.max_hourly_steps) +
                                               " (sustained cadence beyond walking)"});
      break;
    }
  }
  int const flat = longest_flat_run(c, hourly);
  if (flat >= c.flat_hours)
    out.push_back({flag_reason::flat_rhythm, std::to_string(flat) + " consecutive hours of an even rhythm above " +
                                                 std::to_string(c.flat_min_hourly_steps) + " steps/h"});
  return out;
}

}  // namespace cityos::wellness::detail
