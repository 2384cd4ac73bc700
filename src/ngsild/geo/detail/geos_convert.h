// SPDX-License-Identifier: Apache-2.0
// Internal: RAII wrappers over the reentrant GEOS C API and conversion of
// GeoJSON geometries to GEOS. A geos_context and every geometry made with it
// must be used by one thread at a time.
#pragma once

#include <memory>

#include <geos_c.h>

#include "common/json.h"

namespace cityos::ngsild::geo::detail {

// Owns one GEOS context handle (GEOS_init_r / GEOS_finish_r).
class geos_context {
 public:
  geos_context() : handle_(GEOS_init_r()) {}
  ~geos_context() { GEOS_finish_r(handle_); }
  geos_context(geos_context const&) = delete;
  geos_context& operator=(geos_context const&) = delete;

  GEOSContextHandle_t get() const { return handle_; }

 private:
  GEOSContextHandle_t handle_;
};

struct geometry_deleter {
  GEOSContextHandle_t handle;
  void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(handle, g); }
};
struct prepared_deleter {
  GEOSContextHandle_t handle;
  void operator()(GEOSPreparedGeometry const* g) const { GEOSPreparedGeom_destroy_r(handle, g); }
};
using geometry_ptr = std::unique_ptr<GEOSGeometry, geometry_deleter>;
using prepared_ptr = std::unique_ptr<GEOSPreparedGeometry const, prepared_deleter>;

// Local equirectangular projection to meters around (lon0, lat0): x = east,
// y = north. Good to well under 1 % over a few tens of kilometers.
struct projection {
  double lon0 = 0;
  double lat0 = 0;
  double meters_per_lon = 0;  // meters per degree of longitude at lat0
  double meters_per_lat = 0;  // meters per degree of latitude
};
projection make_projection(double lon0, double lat0);

// Converts a GeoJSON geometry (already validated) to GEOS with `h`, in lon/lat
// or, if `proj` is set, projected to meters. Returns null on any failure.
geometry_ptr to_geos(GEOSContextHandle_t h, json::value const& geojson,
                     projection const* proj = nullptr);

}  // namespace cityos::ngsild::geo::detail
