// SPDX-License-Identifier: Apache-2.0
#include "ngsild/geo/detail/geos_convert.h"

#include <cmath>
#include <numbers>
#include <string_view>
#include <vector>

#include "ngsild/geo/detail/position.h"

namespace cityos::ngsild::geo::detail {
namespace {

struct converter {
  GEOSContextHandle_t h;
  projection const* proj;

  geometry_ptr wrap(GEOSGeometry* g) const { return geometry_ptr(g, geometry_deleter{h}); }

  void xy(json::value const& pos, double& x, double& y) const {
    auto const& a = pos.get_array();
    x = *as_number(a[0]);
    y = *as_number(a[1]);
    if (proj != nullptr) {
      x = (x - proj->lon0) * proj->meters_per_lon;
      y = (y - proj->lat0) * proj->meters_per_lat;
    }
  }

  GEOSCoordSequence* sequence(json::array const& positions) const {
    auto* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(positions.size()), 2);
    if (seq == nullptr) return nullptr;
    for (std::size_t i = 0; i != positions.size(); ++i) {
      double x = 0;
      double y = 0;
      xy(positions[i], x, y);
      GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(i), x, y);
    }
    return seq;
  }

  geometry_ptr point(json::value const& pos) const {
    double x = 0;
    double y = 0;
    xy(pos, x, y);
    return wrap(GEOSGeom_createPointFromXY_r(h, x, y));
  }

  geometry_ptr line(json::value const& positions) const {
    auto* seq = sequence(positions.get_array());
    return seq == nullptr ? nullptr : wrap(GEOSGeom_createLineString_r(h, seq));
  }

  geometry_ptr ring(json::value const& positions) const {
    auto* seq = sequence(positions.get_array());
    return seq == nullptr ? nullptr : wrap(GEOSGeom_createLinearRing_r(h, seq));
  }

  geometry_ptr polygon(json::value const& rings_value) const {
    auto const& rings = rings_value.get_array();
    geometry_ptr shell = ring(rings[0]);
    if (!shell) return nullptr;
    std::vector<geometry_ptr> holes;
    for (std::size_t i = 1; i < rings.size(); ++i) {
      holes.push_back(ring(rings[i]));
      if (!holes.back()) return nullptr;
    }
    std::vector<GEOSGeometry*> raw;
    for (auto& hole : holes) raw.push_back(hole.release());
    // GEOS takes ownership of shell and holes, also on failure.
    return wrap(GEOSGeom_createPolygon_r(h, shell.release(), raw.data(),
                                         static_cast<unsigned>(raw.size())));
  }

  template <typename F>
  geometry_ptr collection(int type, json::value const& members, F&& make) const {
    std::vector<geometry_ptr> parts;
    for (auto const& m : members.get_array()) {
      parts.push_back(make(m));
      if (!parts.back()) return nullptr;
    }
    std::vector<GEOSGeometry*> raw;
    for (auto& p : parts) raw.push_back(p.release());
    return wrap(GEOSGeom_createCollection_r(h, type, raw.data(),
                                            static_cast<unsigned>(raw.size())));
  }

  geometry_ptr convert(json::value const& geojson) const {
    std::string_view type = geometry_type(geojson);
    auto const& c = geojson.get_object().at("coordinates");
    if (type == "Point") return point(c);
    if (type == "LineString") return line(c);
    if (type == "Polygon") return polygon(c);
    if (type == "MultiPoint") {
      return collection(GEOS_MULTIPOINT, c, [&](json::value const& m) { return point(m); });
    }
    if (type == "MultiLineString") {
      return collection(GEOS_MULTILINESTRING, c, [&](json::value const& m) { return line(m); });
    }
    if (type == "MultiPolygon") {
      return collection(GEOS_MULTIPOLYGON, c, [&](json::value const& m) { return polygon(m); });
    }
    return nullptr;
  }
};

}  // namespace

projection make_projection(double lon0, double lat0) {
  constexpr double kMetersPerDegree = kEarthRadius * std::numbers::pi / 180.0;
  return projection{lon0, lat0, kMetersPerDegree * std::cos(lat0 * std::numbers::pi / 180.0),
                    kMetersPerDegree};
}

geometry_ptr to_geos(GEOSContextHandle_t h, json::value const& geojson, projection const* proj) {
  return converter{h, proj}.convert(geojson);
}

}  // namespace cityos::ngsild::geo::detail
