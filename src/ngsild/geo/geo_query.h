// SPDX-License-Identifier: Apache-2.0
// The NGSI-LD geo-query (GS CIM 009 v1.9.1 clause 4.10): parsing from URL
// parameters or a subscription's geoQ, and evaluation against an entity's
// GeoProperty value. A parsed geo_query is immutable; matches() and
// candidate_box() may be called from many threads at once on the same query.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/json.h"
#include "common/result.h"
#include "ngsild/geo/bbox.h"

namespace cityos::ngsild::geo {

enum class georel { near, within, contains, intersects, disjoint, overlaps, equals };

// Relations read "entity <georel> reference": within = the entity geometry lies
// within the query geometry; contains = the entity geometry contains it.
// near: geodesic distance in meters between the two geometries.
class geo_query {
 public:
  geo_query(geo_query&&) noexcept;
  geo_query& operator=(geo_query&&) noexcept;
  ~geo_query();

  georel relation() const;
  // near only; at least one of them is set for near, none for other relations.
  std::optional<double> max_distance() const;  // meters, distance <= max
  std::optional<double> min_distance() const;  // meters, distance >= min
  // Expanded IRI of the GeoProperty the query applies to.
  std::string const& geoproperty() const;
  // The reference geometry as a GeoJSON object {"type", "coordinates"}.
  json::value const& geometry() const;

  // Internal state (parsed reference geometry, GEOS instances); built only by
  // parse_geo_query().
  struct impl;
  explicit geo_query(std::unique_ptr<impl> p);
  impl const& state() const { return *impl_; }

 private:
  std::unique_ptr<impl> impl_;
};

// Parses the URL parameters georel, geometry, coordinates (JSON text, e.g.
// "[8,40]" or "[[[0,0],[1,0],[1,1],[0,0]]]", already percent-decoded) and the
// already expanded geoproperty IRI.
// georel: "near;maxDistance==N", "near;minDistance==N" (both may be given,
// separated by ';'), "within", "contains", "intersects", "disjoint",
// "overlaps", "equals".
// Errors: bad_request (unknown georel, near without a distance, negative or
// non-numeric distance, unknown geometry type, missing/unparsable
// coordinates, invalid GeoJSON coordinates).
result<geo_query> parse_geo_query(std::string_view georel, std::string_view geometry,
                                  std::string_view coordinates,
                                  std::string_view geoproperty_iri);

// Parses a subscription's geoQ object {"geometry": "Point", "coordinates":
// [...] (JSON array; a string holding JSON text is also accepted), "georel":
// "...", "geoproperty": "..."}. The "geoproperty" member is NOT read: the
// caller expands it with its @context (or uses the default location IRI) and
// passes the result as `geoproperty_iri`.
// Errors: bad_request as above, also if `geoq` is not an object or a member
// is missing or of the wrong JSON type.
result<geo_query> parse_geo_query(json::value const& geoq, std::string_view geoproperty_iri);

// True if the entity's GeoProperty value `entity_geojson` (a GeoJSON geometry)
// satisfies `q`. An invalid or unsupported entity geometry never matches.
// Point-to-Point near is a haversine fast path without allocation; other
// relations use GEOS (predicates on planar lon/lat; near distances in a local
// equirectangular projection around the reference geometry, in meters).
bool matches(geo_query const& q, json::value const& entity_geojson);

// The box an entity's geometry must intersect to possibly match `q`, or
// nullopt when no narrowing is possible (disjoint, near with only
// minDistance). For near the reference box is grown by maxDistance.
std::optional<bbox> candidate_box(geo_query const& q);

// False only if no geometry whose bounding box is `box` can satisfy `q`. It
// decides for a box of zero size (a Point, or a geometry of one position)
// against near a Point, with the very test matches() applies (near treats a
// geometry of one position as that Point); otherwise it is true. Lets a
// spatial index drop candidates before their entities are read.
bool may_match_box(geo_query const& q, bbox const& box);

// Geodesic distance in meters between (lon1, lat1) and (lon2, lat2) on a
// sphere of the mean Earth radius (haversine formula).
double haversine_meters(double lon1, double lat1, double lon2, double lat2);

}  // namespace cityos::ngsild::geo
