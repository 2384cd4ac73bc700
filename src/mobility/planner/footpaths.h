// SPDX-License-Identifier: Apache-2.0
// Walking links between stops: every pair within `radius_m` (straight-line
// distance x detour factor, at walking speed), then transfers.txt stop-to-stop
// rules applied (type 2 sets a minimum time, type 3 removes the link; rules
// restricted to routes or trips are not applied yet). Same-stop rules
// (from == to) are returned as change times instead.
#pragma once

#include <cstdint>
#include <vector>

#include "mobility/gtfs/feed.h"

namespace cityos::mobility::planner {

struct footpath_options {
  double radius_m = 400;            // straight-line search radius
  double detour_factor = 1.3;       // walked distance / straight-line distance
  double walking_speed_mps = 1.25;  // 4.5 km/h
};

struct footpath {
  gtfs::index_t to = gtfs::no_index;
  std::int32_t duration = 0;  // seconds
};

// Great-circle distance in metres.
double distance_m(double lat1, double lon1, double lat2, double lon2);

struct walking_links {
  std::vector<std::vector<footpath>> from;  // [stop] -> links, sorted by `to`
  std::vector<std::int32_t> change_time;    // [stop]; -1 default, INT32_MAX forbidden
};

// Links between the stops for which `used[stop]` is true (stops served by trips).
walking_links build_walking_links(gtfs::feed const& f, std::vector<bool> const& used,
                                  footpath_options const& options);

}  // namespace cityos::mobility::planner
