// SPDX-License-Identifier: Apache-2.0
// Plane geometry for watch-over: whether a position lies in a home-zone polygon
// (ray casting over longitude/latitude, fine for zones of a few kilometres) and the
// great-circle distance between two positions. Pure; thread-safe.
#pragma once

#include <vector>

#include "ngsild/entity/stored_attributes.h"

namespace cityos::safety::watch_over {

using ngsild::lon_lat;

// A simple polygon: its outer ring, first point not repeated at the end.
struct polygon {
  std::vector<lon_lat> ring;
};

// True if `p` is inside `zone` (a point exactly on an edge may go either way).
bool contains(polygon const& zone, lon_lat p);
// The distance between `a` and `b` in metres (ngsild::geo::haversine_meters).
double distance_m(lon_lat a, lon_lat b);

}  // namespace cityos::safety::watch_over
