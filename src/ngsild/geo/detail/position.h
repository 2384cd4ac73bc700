// SPDX-License-Identifier: Apache-2.0
// Internal helpers of the geo module: reading GeoJSON positions without
// allocating. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "common/json.h"

namespace cityos::ngsild::geo::detail {

// Mean Earth radius (IUGG), meters: haversine and local projections.
inline constexpr double kEarthRadius = 6371008.8;

struct lon_lat {
  double lon;
  double lat;
};

// Returns the number held by `v` (double, int64 or uint64), or nullopt.
inline std::optional<double> as_number(json::value const& v) {
  if (auto const* d = v.if_double()) return *d;
  if (auto const* i = v.if_int64()) return static_cast<double>(*i);
  if (auto const* u = v.if_uint64()) return static_cast<double>(*u);
  return std::nullopt;
}

// Returns lon/lat of a valid position (array of 2 or 3 numbers, lon in
// [-180, 180], lat in [-90, 90]), or nullopt.
inline std::optional<lon_lat> as_position(json::value const& v) {
  auto const* a = v.if_array();
  if (a == nullptr || a->size() < 2 || a->size() > 3) return std::nullopt;
  auto lon = as_number((*a)[0]);
  auto lat = as_number((*a)[1]);
  if (!lon || !lat || !(*lon >= -180 && *lon <= 180) || !(*lat >= -90 && *lat <= 90)) {
    return std::nullopt;
  }
  if (a->size() == 3 && !as_number((*a)[2])) return std::nullopt;
  return lon_lat{*lon, *lat};
}

// Returns the GeoJSON "type" string of `v`, or an empty view.
inline std::string_view geometry_type(json::value const& v) {
  auto const* o = v.if_object();
  if (o == nullptr) return {};
  auto const* t = o->if_contains("type");
  if (t == nullptr || !t->is_string()) return {};
  return t->get_string();
}

// Returns lon/lat if `v` is a valid GeoJSON Point, else nullopt.
inline std::optional<lon_lat> as_point(json::value const& v) {
  if (geometry_type(v) != "Point") return std::nullopt;
  auto const* c = v.get_object().if_contains("coordinates");
  if (c == nullptr) return std::nullopt;
  return as_position(*c);
}

}  // namespace cityos::ngsild::geo::detail
