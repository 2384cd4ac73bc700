// SPDX-License-Identifier: Apache-2.0
// geo_query accessors, evaluation (matches) and candidate boxes.
#include "ngsild/geo/geo_query.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "ngsild/geo/detail/query_state.h"
#include "ngsild/geo/geojson.h"

namespace cityos::ngsild::geo {

using detail::lon_lat;

geo_query::geo_query(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
geo_query::geo_query(geo_query&&) noexcept = default;
geo_query& geo_query::operator=(geo_query&&) noexcept = default;
geo_query::~geo_query() = default;

georel geo_query::relation() const { return impl_->relation; }
std::optional<double> geo_query::max_distance() const { return impl_->max_distance; }
std::optional<double> geo_query::min_distance() const { return impl_->min_distance; }
std::string const& geo_query::geoproperty() const { return impl_->geoproperty; }
json::value const& geo_query::geometry() const { return impl_->geometry; }

std::unique_ptr<geos_instance> geo_query::impl::make_instance() const {
  auto instance = std::make_unique<geos_instance>();
  GEOSContextHandle_t h = instance->context.get();
  if (h == nullptr) return nullptr;
  bool projected = relation == georel::near;
  instance->reference = detail::to_geos(h, geometry, projected ? &projection : nullptr);
  if (!instance->reference) return nullptr;
  instance->prepared = detail::prepared_ptr(GEOSPrepare_r(h, instance->reference.get()),
                                            detail::prepared_deleter{h});
  if (!instance->prepared) return nullptr;
  return instance;
}

std::unique_ptr<geos_instance> geo_query::impl::acquire() const {
  {
    std::lock_guard lock(pool_mutex);
    if (!pool.empty()) {
      auto instance = std::move(pool.back());
      pool.pop_back();
      return instance;
    }
  }
  return make_instance();
}

void geo_query::impl::release(std::unique_ptr<geos_instance> instance) const {
  std::lock_guard lock(pool_mutex);
  pool.push_back(std::move(instance));
}

namespace {

// Leases a GEOS instance of a query for one evaluation.
class lease {
 public:
  explicit lease(geo_query::impl const& state) : state_(state), instance_(state.acquire()) {}
  ~lease() {
    if (instance_) state_.release(std::move(instance_));
  }
  lease(lease const&) = delete;
  lease& operator=(lease const&) = delete;

  explicit operator bool() const { return instance_ != nullptr; }
  geos_instance& operator*() const { return *instance_; }

 private:
  geo_query::impl const& state_;
  std::unique_ptr<geos_instance> instance_;
};

constexpr double kRadians = std::numbers::pi / 180.0;

// `cos_lat1`: cos(lat1), when known.
double haversine_a(double lon1, double lat1, double lon2, double lat2, double cos_lat1) {
  double s_lat = std::sin((lat2 - lat1) * kRadians / 2);
  double s_lon = std::sin((lon2 - lon1) * kRadians / 2);
  return s_lat * s_lat + cos_lat1 * std::cos(lat2 * kRadians) * s_lon * s_lon;
}

double haversine_a(double lon1, double lat1, double lon2, double lat2) {
  return haversine_a(lon1, lat1, lon2, lat2, std::cos(lat1 * kRadians));
}

bool within_distances(geo_query::impl const& s, double meters) {
  return (!s.max_distance || meters <= *s.max_distance) &&
         (!s.min_distance || meters >= *s.min_distance);
}

// near between the query's Point and the Point `p`. Compares haversine "a"
// values: same order as distances, no asin.
bool near_points(geo_query::impl const& s, lon_lat p) {
  double a = haversine_a(s.point->lon, s.point->lat, p.lon, p.lat, s.point_cos_lat);
  return (!s.max_distance || a <= s.max_haversine_a) &&
         (!s.min_distance || a >= s.min_haversine_a);
}

bool match_near(geo_query::impl const& s, json::value const& entity) {
  if (s.point) {
    if (auto p = detail::as_point(entity)) return near_points(s, *p);
  }
  if (!validate_geojson(entity)) return false;
  if (s.point) {
    // A geometry of one position is as far as that position (the same test
    // as a Point, which may_match_box relies on).
    auto b = geometry_box(entity);
    if (b && is_point(*b)) {
      return near_points(s, lon_lat{b->min_lon, b->min_lat});
    }
  }
  lease instance(s);
  if (!instance) return false;
  GEOSContextHandle_t h = (*instance).context.get();
  auto geometry = detail::to_geos(h, entity, &s.projection);
  double meters = 0;
  if (!geometry || GEOSPreparedDistance_r(h, (*instance).prepared.get(), geometry.get(),
                                          &meters) != 1) {
    return false;
  }
  return within_distances(s, meters);
}

bool match_points(georel rel, lon_lat a, lon_lat b) {
  bool same = a.lon == b.lon && a.lat == b.lat;
  switch (rel) {
    case georel::disjoint: return !same;
    case georel::overlaps: return false;  // overlaps needs two non-point interiors
    default: return same;                 // within, contains, intersects, equals
  }
}

// Applies `rel` (entity <rel> reference) with GEOS; an exception counts as false.
bool predicate(georel rel, geos_instance const& instance, GEOSGeometry const* entity) {
  GEOSContextHandle_t h = instance.context.get();
  GEOSPreparedGeometry const* reference = instance.prepared.get();
  char r = 0;
  switch (rel) {
    case georel::within: r = GEOSPreparedContains_r(h, reference, entity); break;
    case georel::contains: r = GEOSPreparedWithin_r(h, reference, entity); break;
    case georel::intersects: r = GEOSPreparedIntersects_r(h, reference, entity); break;
    case georel::disjoint: r = GEOSPreparedDisjoint_r(h, reference, entity); break;
    case georel::overlaps: r = GEOSPreparedOverlaps_r(h, reference, entity); break;
    case georel::equals: r = GEOSEquals_r(h, instance.reference.get(), entity); break;
    case georel::near: r = 0; break;
  }
  return r == 1;
}

bool match_relation(geo_query::impl const& s, json::value const& entity) {
  auto p = detail::as_point(entity);
  if (p && s.point) return match_points(s.relation, *p, *s.point);
  std::optional<bbox> box =
      p ? std::optional<bbox>(bbox{p->lon, p->lat, p->lon, p->lat}) : geometry_box(entity);
  if (!box) return false;  // invalid entity geometry
  // Boxes apart: only disjoint can hold.
  if (!intersects(*box, s.box)) return s.relation == georel::disjoint;
  lease instance(s);
  if (!instance) return false;
  GEOSContextHandle_t h = (*instance).context.get();
  detail::geometry_ptr geometry =
      p ? detail::geometry_ptr(GEOSGeom_createPointFromXY_r(h, p->lon, p->lat),
                               detail::geometry_deleter{h})
        : detail::to_geos(h, entity);
  return geometry && predicate(s.relation, *instance, geometry.get());
}

}  // namespace

double haversine_meters(double lon1, double lat1, double lon2, double lat2) {
  double a = haversine_a(lon1, lat1, lon2, lat2);
  return 2 * detail::kEarthRadius * std::asin(std::min(1.0, std::sqrt(a)));
}

bool matches(geo_query const& q, json::value const& entity_geojson) {
  auto const& s = q.state();
  return s.relation == georel::near ? match_near(s, entity_geojson)
                                    : match_relation(s, entity_geojson);
}

bool may_match_box(geo_query const& q, bbox const& box) {
  auto const& s = q.state();
  if (s.relation != georel::near || !s.point) return true;
  if (!is_point(box)) return true;
  return near_points(s, lon_lat{box.min_lon, box.min_lat});
}

std::optional<bbox> candidate_box(geo_query const& q) {
  auto const& s = q.state();
  if (s.relation == georel::disjoint) return std::nullopt;
  if (s.relation != georel::near) return s.box;
  if (!s.max_distance) return std::nullopt;
  // Slightly generous so rounding never drops a true match.
  constexpr double kMargin = 1.001;
  double meters_per_degree = detail::kEarthRadius * kRadians;
  double dlat = *s.max_distance / meters_per_degree * kMargin;
  bbox b{s.box.min_lon, std::max(-90.0, s.box.min_lat - dlat), s.box.max_lon,
         std::min(90.0, s.box.max_lat + dlat)};
  // Longitude degrees shrink with latitude: grow by the width at the most
  // poleward latitude of the box; near a pole or across the antimeridian
  // give up narrowing longitudes.
  double pole_lat = std::max(std::abs(b.min_lat), std::abs(b.max_lat));
  double cos_lat = std::cos(pole_lat * kRadians);
  double dlon = cos_lat > 1e-6 ? dlat / cos_lat : 360.0;
  if (pole_lat >= 89.999 || b.min_lon - dlon < -180 || b.max_lon + dlon > 180) {
    b.min_lon = -180;
    b.max_lon = 180;
  } else {
    b.min_lon -= dlon;
    b.max_lon += dlon;
  }
  return b;
}

}  // namespace cityos::ngsild::geo
