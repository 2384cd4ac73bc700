// SPDX-License-Identifier: Apache-2.0
#include "safety/watch_over/geofence.h"

#include "ngsild/geo/geo_query.h"

namespace cityos::safety::watch_over {

bool contains(polygon const& zone, lon_lat p) {
  bool inside = false;
  auto const& r = zone.ring;
  for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
    bool const crosses = (r[i].lat > p.lat) != (r[j].lat > p.lat);
    if (crosses && p.lon < (r[j].lon - r[i].lon) * (p.lat - r[i].lat) / (r[j].lat - r[i].lat) + r[i].lon) {
      inside = !inside;
    }
  }
  return inside;
}

double distance_m(lon_lat a, lon_lat b) { return ngsild::geo::haversine_meters(a.lon, a.lat, b.lon, b.lat); }

}  // namespace cityos::safety::watch_over
