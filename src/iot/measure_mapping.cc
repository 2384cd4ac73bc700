// SPDX-License-Identifier: Apache-2.0
#include "iot/measure_mapping.h"

#include <charconv>
#include <cmath>

#include "common/text.h"
#include "common/time.h"
#include "ngsild/entity/entity_input.h"
#include "ngsild/entity/entity_ops.h"
#include "ngsild/entity/stored_entity.h"

namespace cityos::iot {

namespace {

error bad(std::string detail) { return make_error(error_code::bad_request, std::move(detail)); }

enum class value_kind { number, integer, boolean, geo, relationship, date_time, text };

value_kind kind_of(std::string_view type) {
  std::string const t = to_lower(type);
  if (t == "number" || t == "float" || t == "double" || t == "decimal") return value_kind::number;
  if (t == "integer" || t == "int" || t == "long") return value_kind::integer;
  if (t == "boolean" || t == "bool") return value_kind::boolean;
  if (t.starts_with("geo:") || t == "geoproperty" || t == "point" || t == "geojson") return value_kind::geo;
  if (t == "relationship") return value_kind::relationship;
  if (t == "datetime" || t == "date") return value_kind::date_time;
  return value_kind::text;
}

result<json::value> to_number(json::value const& v, bool integer) {
  double d = 0;
  if (v.is_number()) {
    d = v.to_number<double>();
  } else if (v.is_string()) {
    std::string_view const s = v.get_string();
    auto const [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(d)) {
      return bad("'" + std::string(s) + "' is not a number");
    }
  } else {
    return bad("expected a number");
  }
  if (integer) {
    if (d != std::trunc(d) || std::fabs(d) > 9.0e15) return bad("expected an integer");
    return json::value(static_cast<std::int64_t>(d));
  }
  if (v.is_int64() || v.is_uint64()) return v;
  return json::value(d);
}

result<json::value> to_bool(json::value const& v) {
  if (v.is_bool()) return v;
  if (v.is_string()) {
    std::string const s = to_lower(v.get_string());
    if (s == "true" || s == "1") return json::value(true);
    if (s == "false" || s == "0") return json::value(false);
  }
  if (v.is_int64()) return json::value(v.get_int64() != 0);
  return bad("expected true or false");
}

// "lat,lon" (IoT Agent geo:point) -> GeoJSON Point [lon, lat]; objects and
// JSON text are taken as GeoJSON.
result<json::value> to_geojson(json::value const& v) {
  if (v.is_object()) return v;
  if (!v.is_string()) return bad("expected GeoJSON or \"lat, lon\"");
  std::string_view s = v.get_string();
  if (!s.empty() && s.front() == '{') {
    auto doc = parse_json(s);
    if (doc && doc->is_object()) return std::move(*doc);
    return bad("invalid GeoJSON text");
  }
  auto const comma = s.find(',');
  if (comma == std::string_view::npos) return bad("expected \"lat, lon\"");
  double coords[2];
  std::string_view parts[2] = {s.substr(0, comma), s.substr(comma + 1)};
  for (int i = 0; i < 2; ++i) {
    while (!parts[i].empty() && parts[i].front() == ' ') parts[i].remove_prefix(1);
    while (!parts[i].empty() && parts[i].back() == ' ') parts[i].remove_suffix(1);
    auto const [end, ec] = std::from_chars(parts[i].data(), parts[i].data() + parts[i].size(), coords[i]);
    if (ec != std::errc() || end != parts[i].data() + parts[i].size()) return bad("expected \"lat, lon\"");
  }
  return json::value(json::object{{"type", "Point"}, {"coordinates", json::array{coords[1], coords[0]}}});
}

attribute_mapping const* find_mapping(std::vector<attribute_mapping> const& ms, std::string_view key) {
  for (auto const& m : ms) {
    if (m.object_id.empty() ? m.name == key : m.object_id == key) return &m;
  }
  return nullptr;
}

// Expands compact attribute `attr` named `name` and adds it to `out`.
result<void> add_attribute(json::object& out, std::string_view name, json::object attr,
                           ngsild::context const& ctx) {
  auto expanded = ngsild::expand_attribute(name, json::value(std::move(attr)), ctx);
  if (!expanded) return std::move(expanded).err();
  for (auto& [k, v] : *expanded) out[k] = std::move(v);
  return {};
}

void map_statics(std::vector<static_attribute> const& statics, entity_update& u,
                 ngsild::context const& ctx) {
  for (auto const& s : statics) {
    auto attr = to_ngsi_attribute(s.type, s.value);
    auto r = attr ? add_attribute(u.static_attributes, s.name, std::move(*attr), ctx)
                  : result<void>(attr.err());
    if (!r) u.rejected.push_back("static " + s.name + ": " + r.err().detail);
  }
}

}  // namespace

result<json::object> to_ngsi_attribute(std::string_view type, json::value const& value) {
  if (value.is_null()) return bad("null value");
  switch (kind_of(type)) {
    case value_kind::number:
    case value_kind::integer: {
      auto n = to_number(value, kind_of(type) == value_kind::integer);
      if (!n) return std::move(n).err();
      return json::object{{"type", "Property"}, {"value", std::move(*n)}};
    }
    case value_kind::boolean: {
      auto b = to_bool(value);
      if (!b) return std::move(b).err();
      return json::object{{"type", "Property"}, {"value", std::move(*b)}};
    }
    case value_kind::geo: {
      auto g = to_geojson(value);
      if (!g) return std::move(g).err();
      return json::object{{"type", "GeoProperty"}, {"value", std::move(*g)}};
    }
    case value_kind::relationship:
      if (!value.is_string()) return bad("a Relationship needs a URI string");
      return json::object{{"type", "Relationship"}, {"object", value}};
    case value_kind::date_time: {
      auto const t = value.is_string() ? parse_iso8601(value.get_string()) : std::nullopt;
      if (!t) return bad("expected an ISO 8601 date-time");
      return json::object{{"type", "Property"},
                          {"value", json::object{{"@type", "DateTime"}, {"@value", format_iso8601(*t)}}}};
    }
    case value_kind::text:
      return json::object{{"type", "Property"}, {"value", value}};
  }
  return bad("unknown type");
}

result<entity_update> map_measures(device const& d, service_group const* g,
                                   measure_set const& measures, std::string_view arrival,
                                   ngsild::context const& ctx) {
  entity_update u;
  u.entity_id = d.entity_name;
  u.entity_type = ctx.expand_term(d.entity_type);
  std::string observed(arrival);
  for (auto const& m : measures) {
    if (m.key != kTimeInstant) continue;
    auto const t = m.value.is_string() ? parse_iso8601(m.value.get_string()) : std::nullopt;
    if (!t) return bad("TimeInstant must be an ISO 8601 date-time");
    observed = format_iso8601(*t);
  }
  bool const explicit_attrs = d.explicit_attrs.value_or(g != nullptr && g->explicit_attrs);
  for (auto const& m : measures) {
    if (m.key == kTimeInstant || m.key == "id" || m.key == "type") continue;
    auto const* mapping = find_mapping(d.attributes, m.key);
    if (!mapping && g) mapping = find_mapping(g->attributes, m.key);
    if (!mapping && explicit_attrs) continue;
    std::string_view const name = mapping ? std::string_view(mapping->name) : std::string_view(m.key);
    auto attr = to_ngsi_attribute(mapping ? mapping->type : "Text", m.value);
    if (!attr) {
      u.rejected.push_back(m.key + ": " + attr.err().detail);
      continue;
    }
    (*attr)["observedAt"] = observed;
    if (mapping && !mapping->unit_code.empty()) (*attr)["unitCode"] = mapping->unit_code;
    if (auto r = add_attribute(u.attributes, name, std::move(*attr), ctx); !r) {
      u.rejected.push_back(m.key + ": " + r.err().detail);
    }
  }
  if (g) map_statics(g->static_attributes, u, ctx);
  map_statics(d.static_attributes, u, ctx);
  return u;
}

result<json::object> apply_update(json::object const* current, entity_update const& u,
                                  std::string_view now) {
  if (!current) {
    json::object e;
    e[ngsild::kId] = u.entity_id;
    e[ngsild::kType] = json::array{json::value(u.entity_type)};
    for (auto const& [k, v] : u.static_attributes) e[k] = v;
    for (auto const& [k, v] : u.attributes) e[k] = v;
    return ngsild::make_created(std::move(e), now);
  }
  json::object fragment = u.attributes;
  for (auto const& [k, v] : u.static_attributes) {
    if (!current->contains(k) && !fragment.contains(k)) fragment[k] = v;
  }
  auto out = ngsild::append_attributes(*current, fragment, now, false);
  if (!out) return std::move(out).err();
  return std::move(out->entity);
}

}  // namespace cityos::iot
