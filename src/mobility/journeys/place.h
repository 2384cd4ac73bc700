// SPDX-License-Identifier: Apache-2.0
// Origins and destinations of a journey: "lat,lon" or "stop:STOP_ID" as typed
// by a user, and their resolution against a feed into the stops a journey can
// start or end at, each with its walking time (straight-line distance x detour
// factor at walking speed, as planner::footpath_options). A station id stands
// for all its boardable child stops. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "mobility/gtfs/feed.h"
#include "mobility/journeys/stop_index.h"
#include "mobility/planner/footpaths.h"
#include "mobility/planner/raptor.h"

namespace cityos::mobility::journeys {

struct place {
  enum class kind { coordinate, stop };
  kind type = kind::coordinate;
  double lat = 0, lon = 0;  // coordinate only
  std::string stop_id;      // stop only
};

// Parses "lat,lon" (decimal degrees, lat in [-90, 90], lon in [-180, 180]) or
// "stop:STOP_ID". Errors: bad_request naming `what` ("from", "to") and the problem.
result<place> parse_place(std::string_view text, std::string_view what);

struct access_options {
  double max_walk_m = 1000;  // straight-line radius searched around a coordinate
  double detour_factor = 1.3;
  double walking_speed_mps = 1.25;
};

struct access_stop {
  gtfs::index_t stop = gtfs::no_index;
  double distance_m = 0;   // walked (straight line x detour); 0 for a stop place
  std::int32_t walk = 0;   // seconds
};

struct resolved_place {
  double lat = 0, lon = 0;       // the coordinate, or the stop's (station's) location
  gtfs::index_t stop = gtfs::no_index;  // the stop or station named, for a stop place
  std::vector<access_stop> stops;       // nearest first; never empty
};

// Resolves `p` against the feed. Errors: bad_request for an unknown stop id or
// a stop that no trip serves; unprocessable when no stop is within
// options.max_walk_m of a coordinate.
result<resolved_place> resolve_place(place const& p, std::string_view what, gtfs::feed const& f,
                                     stop_index const& index, std::vector<bool> const& boardable,
                                     access_options const& options);

// The stops of `r` as planner sources or targets.
std::vector<planner::stop_offset> offsets_of(resolved_place const& r);

}  // namespace cityos::mobility::journeys
