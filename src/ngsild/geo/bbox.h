// SPDX-License-Identifier: Apache-2.0
// bbox: an axis-aligned lon/lat box in degrees, used to index entity geometries
// and to narrow geo-queries. A plain value type; all functions are pure and
// thread-safe.
#pragma once

namespace cityos::ngsild::geo {

// Longitudes in [-180, 180], latitudes in [-90, 90]; min <= max (boxes never
// wrap the antimeridian: a query box that would is widened to all longitudes).
struct bbox {
  double min_lon = 0;
  double min_lat = 0;
  double max_lon = 0;
  double max_lat = 0;

  bool operator==(bbox const&) const = default;
};

// True if `a` and `b` share at least one point (touching edges count).
inline bool intersects(bbox const& a, bbox const& b) {
  return a.min_lon <= b.max_lon && b.min_lon <= a.max_lon && a.min_lat <= b.max_lat &&
         b.min_lat <= a.max_lat;
}

// True if the point (lon, lat) lies in `b` or on its edge.
inline bool contains(bbox const& b, double lon, double lat) {
  return lon >= b.min_lon && lon <= b.max_lon && lat >= b.min_lat && lat <= b.max_lat;
}

// True if `b` has no extent: the box of a Point or of one position.
inline bool is_point(bbox const& b) { return b.min_lon == b.max_lon && b.min_lat == b.max_lat; }

}  // namespace cityos::ngsild::geo
