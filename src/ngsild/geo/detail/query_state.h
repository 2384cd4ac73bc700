// SPDX-License-Identifier: Apache-2.0
// Internal: the state behind geo_query. Everything but the GEOS pool is
// immutable after parsing. GEOS handles and geometries are not safe for
// concurrent use, so each evaluating thread leases a private geos_instance
// (own context, own copy of the reference geometry) from a pool guarded by
// pool_mutex; instances are made on demand, so the pool grows to the peak
// number of concurrent evaluations of the query.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ngsild/geo/detail/geos_convert.h"
#include "ngsild/geo/detail/position.h"
#include "ngsild/geo/geo_query.h"

namespace cityos::ngsild::geo {

struct geos_instance {
  detail::geos_context context;  // declared first: destroyed after the geometries
  detail::geometry_ptr reference{nullptr, detail::geometry_deleter{nullptr}};
  detail::prepared_ptr prepared{nullptr, detail::prepared_deleter{nullptr}};
};

struct geo_query::impl {
  georel relation = georel::intersects;
  std::optional<double> max_distance;
  std::optional<double> min_distance;
  std::string geoproperty;
  json::value geometry;  // reference GeoJSON, validated
  bbox box;              // of the reference geometry
  std::optional<detail::lon_lat> point;  // set when the reference is a Point
  // near: reference projected to meters around the reference box center.
  detail::projection projection;
  // near with a Point reference: haversine "a" thresholds (sin^2(d / 2R)).
  double max_haversine_a = 1;
  double min_haversine_a = 0;
  double point_cos_lat = 1;  // cos of the reference Point's latitude

  // Returns an idle instance or a new one; null if GEOS fails.
  std::unique_ptr<geos_instance> acquire() const;
  void release(std::unique_ptr<geos_instance> instance) const;
  std::unique_ptr<geos_instance> make_instance() const;

  mutable std::mutex pool_mutex;
  // Idle GEOS instances; guarded by pool_mutex.
  mutable std::vector<std::unique_ptr<geos_instance>> pool;
};

}  // namespace cityos::ngsild::geo
