// SPDX-License-Identifier: Apache-2.0
// Plausibility of a day's hourly step samples: implausible cadence (an hour above
// the hourly limit) and a flat rhythm (a phone shaker). Private to wellness/points. Pure.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "wellness/points/programme.h"
#include "wellness/points/rules.h"

namespace cityos::wellness::detail {

// Returns the longest run of consecutive hours each above c.flat_min_hourly_steps
// and all within +-c.flat_tolerance of one value.
int longest_flat_run(anti_cheat const& c, std::span<std::int64_t const> hourly);

// Returns the flags the samples raise (empty: plausible).
std::vector<review_flag> cadence_flags(anti_cheat const& c, std::span<std::int64_t const> hourly);

}  // namespace cityos::wellness::detail
