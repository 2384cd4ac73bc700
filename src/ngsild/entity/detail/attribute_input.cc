// SPDX-License-Identifier: Apache-2.0
#include "ngsild/entity/detail/attribute_input.h"

#include <array>
#include <optional>
#include <set>
#include <utility>

#include "common/time.h"
#include "ngsild/entity/stored_entity.h"
#include "ngsild/geo/geojson.h"

namespace cityos::ngsild::detail {
namespace {

constexpr std::string_view kCorePrefix = "https://uri.etsi.org/ngsi-ld/";

// attribute type -> its value member
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kTypes = {{
    {"Property", "value"},
    {"Relationship", "object"},
    {"GeoProperty", "value"},
    {"LanguageProperty", "languageMap"},
    {"VocabProperty", "vocab"},
    {"JsonProperty", "json"},
    {"ListProperty", "valueList"},
    {"ListRelationship", "objectList"},
}};

constexpr std::array<std::string_view, 7> kValueMembers = {
    "value", "object", "languageMap", "vocab", "json", "valueList", "objectList"};

bool is_value_member(std::string_view key) {
  for (auto m : kValueMembers) {
    if (m == key) return true;
  }
  return false;
}

error bad(std::string const& path, std::string_view problem) {
  return make_error(error_code::bad_request,
                    "attribute '" + path + "': " + std::string(problem));
}

bool is_null_value(json::value const& v) {
  return v.is_null() || (v.is_string() && v.get_string() == kNullUri);
}

bool is_geojson_geometry(json::value const& v) {
  static const std::set<std::string_view> kGeometries = {
      "Point", "MultiPoint", "LineString", "MultiLineString",
      "Polygon", "MultiPolygon", "GeometryCollection"};
  auto const* o = v.if_object();
  if (o == nullptr) return false;
  auto const* t = o->if_contains("type");
  if (t == nullptr || !t->is_string() || !kGeometries.contains(t->get_string())) return false;
  return o->contains("coordinates") || o->contains("geometries");
}

// The attribute type an object declares or implies; empty if it is not an
// attribute instance (a bare compound value). Sets `bad_type` for an unknown
// "type" next to a value member.
std::string_view instance_type(json::object const& o, bool& bad_type) {
  bad_type = false;
  bool has_value_member = false;
  for (auto m : kValueMembers) has_value_member = has_value_member || o.contains(m);
  if (auto const* t = o.if_contains("type")) {
    auto name = t->is_string() ? attribute_type_name(t->get_string()) : std::string_view{};
    if (!name.empty()) return name;
    if (is_geojson_geometry(o)) return {};
    bad_type = has_value_member;
    return {};
  }
  for (auto const& [type, member] : kTypes) {
    if (!o.contains(member)) continue;
    if (member == "value" && is_geojson_geometry(o.at("value"))) return "GeoProperty";
    return type;
  }
  return {};
}

bool looks_like_instance(json::value const& v) {
  auto const* o = v.if_object();
  if (o == nullptr) return false;
  bool bad_type = false;
  return !instance_type(*o, bad_type).empty() || bad_type;
}

result<json::value> expand_vocab_value(std::string const& path, json::value const& v,
                                       context const& ctx) {
  if (v.is_string()) return json::value(ctx.expand_term(v.get_string()));
  auto const* a = v.if_array();
  if (a == nullptr || a->empty()) return bad(path, "vocab must be a string or array of strings");
  json::array out;
  for (auto const& e : *a) {
    if (!e.is_string()) return bad(path, "vocab must be a string or array of strings");
    out.emplace_back(ctx.expand_term(e.get_string()));
  }
  return json::value(std::move(out));
}

result<json::value> check_language_map(std::string const& path, json::value const& v) {
  auto const* m = v.if_object();
  if (m == nullptr || m->empty()) return bad(path, "languageMap must be a non-empty object");
  for (auto const& [lang, text] : *m) {
    if (lang.empty()) return bad(path, "languageMap has an empty language tag");
    if (text.is_string()) continue;
    auto const* a = text.if_array();
    bool ok = a != nullptr;
    if (ok) {
      for (auto const& e : *a) ok = ok && e.is_string();
    }
    if (!ok) return bad(path, "languageMap values must be strings or arrays of strings");
  }
  return v;
}

result<json::value> check_uri_or_uris(std::string const& path, json::value const& v,
                                      std::string_view member) {
  std::string const msg = std::string(member) + " must be a URI or an array of URIs";
  if (v.is_string()) {
    if (!is_uri(v.get_string())) return bad(path, msg);
    return v;
  }
  auto const* a = v.if_array();
  if (a == nullptr || a->empty()) return bad(path, msg);
  json::array out;
  for (auto const& e : *a) {
    // ListRelationship items may come as {"object": "urn:..."}.
    json::value const* item = &e;
    if (auto const* o = e.if_object(); o != nullptr && o->contains("object")) {
      item = &o->at("object");
    }
    if (!item->is_string() || !is_uri(item->get_string())) return bad(path, msg);
    out.push_back(*item);
  }
  return json::value(std::move(out));
}

// Validates (and expands where needed) the value member of an instance.
result<json::value> expand_value_member(std::string const& path, std::string const& iri,
                                        std::string_view type, json::value const& v,
                                        context const& ctx) {
  if (type == "Property") {
    if (v.is_string() && ctx.is_vocab_term(iri)) {
      return json::value(ctx.expand_term(v.get_string()));
    }
    return v;
  }
  if (type == "GeoProperty") {
    if (auto ok = geo::validate_geojson(v); !ok) return bad(path, ok.err().detail);
    return v;
  }
  if (type == "Relationship") {
    if (v.is_array()) return bad(path, "object must be a URI");
    return check_uri_or_uris(path, v, "object");
  }
  if (type == "ListRelationship") {
    if (!v.is_array()) return bad(path, "objectList must be an array of URIs");
    return check_uri_or_uris(path, v, "objectList");
  }
  if (type == "LanguageProperty") return check_language_map(path, v);
  if (type == "VocabProperty") return expand_vocab_value(path, v, ctx);
  if (type == "ListProperty" && !v.is_array()) return bad(path, "valueList must be an array");
  return v;  // JsonProperty: any JSON
}

result<void> check_metadata(std::string const& path, std::string_view key,
                            json::value const& v, std::string_view type) {
  if (key == "observedAt") {
    if (!v.is_string() || !parse_iso8601(v.get_string())) {
      return bad(path, "observedAt must be an ISO 8601 date-time");
    }
  } else if (key == "unitCode") {
    if (!v.is_string() || v.get_string().empty()) return bad(path, "unitCode must be a string");
  } else if (key == "datasetId") {
    if (!v.is_string() || !is_uri(v.get_string())) return bad(path, "datasetId must be a URI");
  } else if (key == "objectType") {
    if (type != "Relationship" && type != "ListRelationship") {
      return bad(path, "objectType is only allowed on relationships");
    }
  }
  return {};
}

result<json::value> expand_object_type(std::string const& path, json::value const& v,
                                       context const& ctx) {
  auto r = expand_vocab_value(path, v, ctx);
  if (!r) return bad(path, "objectType must be a type name or an array of them");
  return r;
}

result<json::object> expand_instance(std::string const& path, std::string const& iri,
                                     json::value const& input, context const& ctx,
                                     input_options const& options, bool top_level);

// Adds metadata and sub-attributes of `in` (all members but type/value) to `out`.
result<void> expand_members(std::string const& path, json::object const& in,
                            std::string_view type, context const& ctx,
                            input_options const& options, json::object& out) {
  auto const value_member = type.empty() ? std::string_view{} : value_member_of(type);
  for (auto const& [key, v] : in) {
    if (key == "type" || key == value_member || key == kCreatedAt || key == kModifiedAt ||
        key == "deletedAt" || key == "@context" || key == "lang" || key == "instanceId") {
      continue;
    }
    if (is_value_member(key)) {
      if (type.empty()) return bad(path, "'" + std::string(key) + "' needs a matching type");
      return bad(path, "'" + std::string(key) + "' is not allowed in a " + std::string(type));
    }
    if (!is_sub_attribute_key(key)) {
      if (auto ok = check_metadata(path, key, v, type); !ok) return std::move(ok).err();
      if (key == "objectType") {
        auto ot = expand_object_type(path, v, ctx);
        if (!ot) return std::move(ot).err();
        out[key] = std::move(*ot);
      } else {
        out[key] = v;
      }
      continue;
    }
    if (!is_valid_attribute_name(key)) {
      return bad(path, "invalid sub-attribute name '" + std::string(key) + "'");
    }
    if (v.is_array() && !v.get_array().empty() && looks_like_instance(v.get_array()[0])) {
      return bad(path, "sub-attribute '" + std::string(key) + "' cannot have several instances");
    }
    auto sub_iri = ctx.expand_term(key);
    if (sub_iri.starts_with('@')) {
      return bad(path, "invalid sub-attribute name '" + std::string(key) + "'");
    }
    if (out.contains(sub_iri)) {
      return bad(path, "duplicate sub-attribute '" + std::string(key) + "'");
    }
    auto sub = expand_instance(path + "." + std::string(key), sub_iri, v, ctx, options, false);
    if (!sub) return std::move(sub).err();
    out[sub_iri] = std::move(*sub);
  }
  return {};
}

// A value that is not an instance object: Property (or GeoProperty for a
// geometry) with that value.
result<json::object> expand_bare(std::string const& path, std::string const& iri,
                                 json::value const& input, context const& ctx,
                                 input_options const& options) {
  if (is_null_value(input)) {
    if (!options.merge) return bad(path, "value must not be null");
    return json::object{{"type", "Property"}, {"value", kNullUri}};
  }
  std::string_view type = is_geojson_geometry(input) ? "GeoProperty" : "Property";
  auto v = expand_value_member(path, iri, type, input, ctx);
  if (!v) return std::move(v).err();
  json::object out(4);  // room for createdAt and modifiedAt, stamped next
  out.emplace("type", type);
  out.emplace("value", std::move(*v));
  return out;
}

bool must_be_geo(std::string const& iri) {
  return iri == kLocationIri || iri == kObservationSpaceIri || iri == kOperationSpaceIri;
}

result<json::object> expand_instance(std::string const& path, std::string const& iri,
                                     json::value const& input, context const& ctx,
                                     input_options const& options, bool top_level) {
  auto const* in = input.if_object();
  bool bad_type = false;
  auto type = in == nullptr ? std::string_view{} : instance_type(*in, bad_type);
  if (bad_type) return bad(path, "unknown attribute type");
  bool const partial = options.partial && top_level && in != nullptr && type.empty() &&
                       !is_geojson_geometry(input);
  if (type.empty() && !partial) {
    if (in != nullptr && !top_level && in->empty()) return bad(path, "empty sub-attribute");
    auto r = expand_bare(path, iri, input, ctx, options);
    if (r && must_be_geo(iri) && r->at("type") != "GeoProperty" && !is_null_marker(*r)) {
      return bad(path, "must be a GeoProperty");
    }
    return r;
  }
  json::object out(in->size() + 2);  // room for createdAt and modifiedAt, stamped next
  if (!type.empty()) {
    if (must_be_geo(iri) && type != "GeoProperty") return bad(path, "must be a GeoProperty");
    out["type"] = type;
    auto member = value_member_of(type);
    auto const* v = in->if_contains(member);
    if (v == nullptr && !options.partial) {
      return bad(path, std::string(type) + " needs a '" + std::string(member) + "' member");
    }
    if (v != nullptr && is_null_value(*v)) {
      if (!options.merge) return bad(path, std::string(member) + " must not be null");
      out[member] = kNullUri;
    } else if (v != nullptr) {
      auto ev = expand_value_member(path, iri, type, *v, ctx);
      if (!ev) return std::move(ev).err();
      out[member] = std::move(*ev);
    }
  }
  if (auto ok = expand_members(path, *in, type, ctx, options, out); !ok) {
    return std::move(ok).err();
  }
  if (!options.merge && is_null_marker(out)) return bad(path, "value must not be null");
  return out;
}

std::string_view dataset_id_of(json::object const& instance) {
  auto const* d = instance.if_contains("datasetId");
  return d != nullptr && d->is_string() ? std::string_view(d->get_string()) : std::string_view{};
}

}  // namespace

std::string_view attribute_type_name(std::string_view type) {
  if (type.starts_with(kCorePrefix)) type.remove_prefix(kCorePrefix.size());
  for (auto const& [name, member] : kTypes) {
    if (name == type) return name;
  }
  return {};
}

std::string_view value_member_of(std::string_view attribute_type) {
  for (auto const& [name, member] : kTypes) {
    if (name == attribute_type) return member;
  }
  return "value";
}

result<json::array> expand_attribute_value(std::string const& path, std::string const& iri,
                                           json::value const& input, context const& ctx,
                                           input_options const& options) {
  auto const* arr = input.if_array();
  bool multi = arr != nullptr && !arr->empty();
  if (multi) {
    for (auto const& e : *arr) multi = multi && looks_like_instance(e);
  }
  if (!multi) {
    auto one = expand_instance(path, iri, input, ctx, options, true);
    if (!one) return std::move(one).err();
    json::array out(1, json::object());  // an initializer list would copy the instance
    out[0] = std::move(*one);
    return out;
  }
  json::array out;
  std::set<std::string, std::less<>> dataset_ids;
  bool has_default = false;
  for (auto const& e : *arr) {
    auto one = expand_instance(path, iri, e, ctx, options, true);
    if (!one) return std::move(one).err();
    auto ds = dataset_id_of(*one);
    if (ds.empty()) {
      if (has_default) return bad(path, "more than one instance without datasetId");
      has_default = true;
      out.insert(out.begin(), std::move(*one));
      continue;
    }
    if (!dataset_ids.emplace(ds).second) {
      return bad(path, "duplicate datasetId '" + std::string(ds) + "'");
    }
    out.emplace_back(std::move(*one));
  }
  return out;
}

}  // namespace cityos::ngsild::detail
