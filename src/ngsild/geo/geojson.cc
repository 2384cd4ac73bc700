// SPDX-License-Identifier: Apache-2.0
#include "ngsild/geo/geojson.h"

#include <algorithm>
#include <string>

#include "ngsild/geo/detail/position.h"

namespace cityos::ngsild::geo {
namespace {

using detail::as_number;

// Nesting depth of "coordinates" below the position level, per type.
struct type_info {
  std::string_view name;
  int depth;  // 0 = position, 1 = array of positions, ...
};

constexpr type_info kTypes[] = {
    {"Point", 0},      {"MultiPoint", 1}, {"LineString", 1},
    {"MultiLineString", 2}, {"Polygon", 2},    {"MultiPolygon", 3},
};

error invalid(std::string_view type, std::string detail) {
  return make_error(error_code::bad_request,
                    "Invalid GeoJSON " + std::string(type) + ": " + detail);
}

result<void> check_position(std::string_view type, json::value const& v) {
  auto const* a = v.if_array();
  if (a == nullptr) return invalid(type, "a position must be an array of numbers");
  if (a->size() < 2 || a->size() > 3) {
    return invalid(type, "a position must have 2 or 3 numbers, got " +
                             std::to_string(a->size()));
  }
  for (auto const& n : *a) {
    if (!as_number(n)) return invalid(type, "position members must be numbers");
  }
  double lon = *as_number((*a)[0]);
  double lat = *as_number((*a)[1]);
  if (!(lon >= -180 && lon <= 180)) {
    return invalid(type, "longitude " + dump((*a)[0]) + " is outside [-180, 180]");
  }
  if (!(lat >= -90 && lat <= 90)) {
    return invalid(type, "latitude " + dump((*a)[1]) + " is outside [-90, 90]");
  }
  return {};
}

result<void> check_positions(std::string_view type, json::value const& v, std::size_t min) {
  auto const* a = v.if_array();
  if (a == nullptr) return invalid(type, "expected an array of positions");
  if (a->size() < min) {
    return invalid(type, "expected at least " + std::to_string(min) + " positions, got " +
                             std::to_string(a->size()));
  }
  for (auto const& p : *a) {
    if (auto r = check_position(type, p); !r) return r;
  }
  return {};
}

result<void> check_ring(std::string_view type, json::value const& v, std::size_t idx) {
  if (v.is_array() && v.get_array().size() < 4) {
    return invalid(type, "ring " + std::to_string(idx) +
                             " has fewer than 4 positions (a linear ring needs at least 4)");
  }
  if (auto r = check_positions(type, v, 4); !r) return r;
  auto const& a = v.get_array();
  auto const& first = a.front().get_array();
  auto const& last = a.back().get_array();
  if (*as_number(first[0]) != *as_number(last[0]) ||
      *as_number(first[1]) != *as_number(last[1])) {
    return invalid(type, "ring " + std::to_string(idx) +
                             " is not closed (first and last positions differ)");
  }
  return {};
}

result<void> check_polygon(std::string_view type, json::value const& v) {
  auto const* rings = v.if_array();
  if (rings == nullptr || rings->empty()) {
    return invalid(type, "a polygon must be a non-empty array of linear rings");
  }
  for (std::size_t i = 0; i != rings->size(); ++i) {
    if (auto r = check_ring(type, (*rings)[i], i); !r) return r;
  }
  return {};
}

// Checks a non-empty array whose members are checked by `each`.
template <typename F>
result<void> check_members(std::string_view type, json::value const& v, F&& each) {
  auto const* a = v.if_array();
  if (a == nullptr || a->empty()) return invalid(type, "expected a non-empty array");
  for (auto const& m : *a) {
    if (auto r = each(m); !r) return r;
  }
  return {};
}

result<void> check_coordinates(std::string_view type, json::value const& c) {
  if (type == "Point") return check_position(type, c);
  if (type == "MultiPoint") return check_positions(type, c, 1);
  if (type == "LineString") return check_positions(type, c, 2);
  if (type == "Polygon") return check_polygon(type, c);
  if (type == "MultiLineString") {
    return check_members(type, c, [&](json::value const& m) {
      return check_positions(type, m, 2);
    });
  }
  return check_members(type, c, [&](json::value const& m) { return check_polygon(type, m); });
}

void extend(bbox& b, bool& empty, json::value const& v) {
  auto const& a = v.get_array();
  if (!a.empty() && !a[0].is_array()) {
    double lon = *as_number(a[0]);
    double lat = *as_number(a[1]);
    if (empty) {
      b = bbox{lon, lat, lon, lat};
      empty = false;
      return;
    }
    b.min_lon = std::min(b.min_lon, lon);
    b.max_lon = std::max(b.max_lon, lon);
    b.min_lat = std::min(b.min_lat, lat);
    b.max_lat = std::max(b.max_lat, lat);
    return;
  }
  for (auto const& m : a) extend(b, empty, m);
}

}  // namespace

result<void> validate_geojson(json::value const& v) {
  auto const* o = v.if_object();
  if (o == nullptr) {
    return make_error(error_code::bad_request, "A GeoProperty value must be a GeoJSON object");
  }
  auto const* t = o->if_contains("type");
  if (t == nullptr || !t->is_string()) {
    return make_error(error_code::bad_request, "GeoJSON geometry lacks a string member 'type'");
  }
  std::string_view type = t->get_string();
  bool known = std::any_of(std::begin(kTypes), std::end(kTypes),
                           [&](type_info const& i) { return i.name == type; });
  if (!known) {
    return make_error(error_code::bad_request,
                      "Unsupported GeoJSON geometry type '" + std::string(type) +
                          "' (expected Point, MultiPoint, LineString, MultiLineString, "
                          "Polygon or MultiPolygon)");
  }
  auto const* c = o->if_contains("coordinates");
  if (c == nullptr) return invalid(type, "missing member 'coordinates'");
  return check_coordinates(type, *c);
}

std::optional<bbox> geometry_box(json::value const& geojson) {
  if (!validate_geojson(geojson)) return std::nullopt;
  bbox b;
  bool empty = true;
  extend(b, empty, geojson.get_object().at("coordinates"));
  if (empty) return std::nullopt;
  return b;
}

}  // namespace cityos::ngsild::geo
