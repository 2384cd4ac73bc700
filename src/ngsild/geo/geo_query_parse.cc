// SPDX-License-Identifier: Apache-2.0
// Parsing of geo-queries (GS CIM 009 clause 4.10) into geo_query.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>

#include "ngsild/geo/detail/query_state.h"
#include "ngsild/geo/geo_query.h"
#include "ngsild/geo/geojson.h"

namespace cityos::ngsild::geo {
namespace {

error bad(std::string detail) { return make_error(error_code::bad_request, std::move(detail)); }

struct georel_spec {
  georel relation = georel::near;
  std::optional<double> max_distance;
  std::optional<double> min_distance;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// True if `s` is an RFC 8259 number without a leading minus.
bool is_unsigned_json_number(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

// PositiveNumber of clause 4.10: a finite JSON number > 0 without sign.
result<double> parse_distance(std::string_view name, std::string_view text) {
  double d = 0;
  if (is_unsigned_json_number(text)) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (ec == std::errc() && end == text.data() + text.size() && std::isfinite(d) && d > 0) {
      return d;
    }
  }
  return bad("Invalid georel: " + std::string(name) + " must be a finite positive number, got '" +
             std::string(text) + "'");
}

result<georel_spec> parse_near(std::string_view rest) {
  georel_spec spec;
  if (rest.empty()) {
    return bad("Invalid georel: near needs a distance, e.g. 'near;maxDistance==1000'");
  }
  if (rest.find(';') != std::string_view::npos) {
    return bad("Invalid georel: near takes exactly one distance modifier "
               "(maxDistance or minDistance)");
  }
  auto eq = rest.find("==");
  std::string_view name = rest.substr(0, eq);
  if (eq == std::string_view::npos || (name != "maxDistance" && name != "minDistance")) {
    return bad("Invalid georel: expected 'maxDistance==<meters>' or 'minDistance==<meters>' "
               "after 'near;', got '" + std::string(rest) + "'");
  }
  auto d = parse_distance(name, rest.substr(eq + 2));
  if (!d) return std::move(d).err();
  (name == "maxDistance" ? spec.max_distance : spec.min_distance) = *d;
  return spec;
}

result<georel_spec> parse_georel(std::string_view text) {
  static const std::pair<std::string_view, georel> kRelations[] = {
      {"within", georel::within},         {"contains", georel::contains},
      {"intersects", georel::intersects}, {"disjoint", georel::disjoint},
      {"overlaps", georel::overlaps},     {"equals", georel::equals},
  };
  if (text.empty()) return bad("Missing georel");
  auto semicolon = text.find(';');
  std::string_view op = text.substr(0, semicolon);
  if (op == "near") {
    return parse_near(semicolon == std::string_view::npos ? std::string_view{}
                                                          : text.substr(semicolon + 1));
  }
  for (auto const& [name, rel] : kRelations) {
    if (op != name) continue;
    if (semicolon != std::string_view::npos) {
      return bad("Invalid georel: '" + std::string(name) + "' takes no modifiers");
    }
    georel_spec spec;
    spec.relation = rel;
    return spec;
  }
  return bad("Invalid georel '" + std::string(text) +
             "': expected near, within, contains, intersects, disjoint, overlaps or equals");
}

// sin^2(d / 2R), the haversine "a" of a distance d (clamped at half the globe).
double haversine_a(double meters) {
  double half = std::min(meters / detail::kEarthRadius, std::numbers::pi) / 2;
  return std::sin(half) * std::sin(half);
}

result<geo_query> build(georel_spec spec, json::value geometry, std::string_view geoproperty) {
  if (auto v = validate_geojson(geometry); !v) {
    return bad("Invalid geo-query geometry/coordinates: " + v.err().detail);
  }
  auto s = std::make_unique<geo_query::impl>();
  s->relation = spec.relation;
  s->max_distance = spec.max_distance;
  s->min_distance = spec.min_distance;
  s->geoproperty = std::string(geoproperty);
  s->box = *geometry_box(geometry);
  s->point = detail::as_point(geometry);
  if (s->point) s->point_cos_lat = std::cos(s->point->lat * std::numbers::pi / 180.0);
  s->projection = detail::make_projection((s->box.min_lon + s->box.max_lon) / 2,
                                          (s->box.min_lat + s->box.max_lat) / 2);
  if (spec.max_distance) s->max_haversine_a = haversine_a(*spec.max_distance);
  if (spec.min_distance) s->min_haversine_a = haversine_a(*spec.min_distance);
  s->geometry = std::move(geometry);
  auto first = s->make_instance();
  if (!first) return bad("Invalid geo-query geometry: rejected by the geometry engine");
  s->release(std::move(first));
  return geo_query(std::move(s));
}

result<json::value> parse_coordinates(std::string_view text) {
  if (text.empty()) return bad("Missing coordinates for the geo-query");
  auto parsed = parse_json(text);
  if (!parsed || !parsed->is_array()) {
    return bad("Invalid geo-query coordinates: expected a JSON array, got '" +
               std::string(text) + "'");
  }
  return std::move(parsed).value();
}

result<geo_query> make(std::string_view georel_text, std::string_view geometry,
                       json::value coordinates, std::string_view geoproperty_iri) {
  auto spec = parse_georel(georel_text);
  if (!spec) return std::move(spec).err();
  if (geometry.empty()) return bad("Missing geometry for the geo-query");
  json::object g;
  g["type"] = geometry;
  g["coordinates"] = std::move(coordinates);
  return build(*spec, json::value(std::move(g)), geoproperty_iri);
}

}  // namespace

result<geo_query> parse_geo_query(std::string_view georel_text, std::string_view geometry,
                                  std::string_view coordinates,
                                  std::string_view geoproperty_iri) {
  auto spec = parse_georel(georel_text);
  if (!spec) return std::move(spec).err();
  auto coords = parse_coordinates(coordinates);
  if (!coords) return std::move(coords).err();
  return make(georel_text, geometry, std::move(coords).value(), geoproperty_iri);
}

result<geo_query> parse_geo_query(json::value const& geoq, std::string_view geoproperty_iri) {
  auto const* o = geoq.if_object();
  if (o == nullptr) return bad("geoQ must be a JSON object");
  auto string_member = [&](std::string_view key) -> result<std::string_view> {
    auto const* m = o->if_contains(key);
    if (m == nullptr) return bad("geoQ lacks member '" + std::string(key) + "'");
    if (!m->is_string()) return bad("geoQ member '" + std::string(key) + "' must be a string");
    return std::string_view(m->get_string());
  };
  auto rel = string_member("georel");
  if (!rel) return std::move(rel).err();
  auto geometry = string_member("geometry");
  if (!geometry) return std::move(geometry).err();
  auto const* c = o->if_contains("coordinates");
  if (c == nullptr) return bad("geoQ lacks member 'coordinates'");
  json::value coords;
  if (auto const* text = c->if_string()) {
    auto parsed = parse_coordinates(*text);
    if (!parsed) return std::move(parsed).err();
    coords = std::move(parsed).value();
  } else if (c->is_array()) {
    coords = *c;
  } else {
    return bad("geoQ member 'coordinates' must be a JSON array");
  }
  return make(*rel, *geometry, std::move(coords), geoproperty_iri);
}

}  // namespace cityos::ngsild::geo
