// SPDX-License-Identifier: Apache-2.0
#include "safety/watch_over/geofence.h"

#include <cmath>
#include <numbers>

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

double distance_m(lon_lat a, lon_lat b) {
  constexpr double kEarthRadiusM = 6'371'008.8;
  constexpr double kRad = std::numbers::pi / 180.0;
  double const dlat = (b.lat - a.lat) * kRad;
  double const dlon = (b.lon - a.lon) * kRad;
  double const h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace cityos::safety::watch_over
