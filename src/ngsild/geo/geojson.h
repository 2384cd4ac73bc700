// SPDX-License-Identifier: Apache-2.0
// GeoJSON geometries as NGSI-LD GeoProperty values: validation and bounding
// boxes. Supported types: Point, MultiPoint, LineString, MultiLineString,
// Polygon, MultiPolygon. All functions are pure and thread-safe.
#pragma once

#include <optional>

#include "common/json.h"
#include "common/result.h"
#include "ngsild/geo/bbox.h"

namespace cityos::ngsild::geo {

// Checks that `v` is a GeoJSON geometry object {"type": ..., "coordinates": ...}
// of a supported type: positions are arrays of 2 or 3 numbers, lon in
// [-180, 180], lat in [-90, 90]; LineStrings have >= 2 positions; polygon rings
// have >= 4 positions and are closed (first == last); multi-geometries have
// >= 1 member. Other members ("bbox", ...) are ignored.
// Returns success, or bad_request with a detail naming the problem and where
// (e.g. "Polygon ring 1 is not closed").
result<void> validate_geojson(json::value const& v);

// Returns the bounding box of a valid geometry `geojson`, or nullopt if it is
// not a valid supported geometry. Only lon/lat are used (altitude ignored).
std::optional<bbox> geometry_box(json::value const& geojson);

}  // namespace cityos::ngsild::geo
