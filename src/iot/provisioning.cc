// SPDX-License-Identifier: Apache-2.0
#include "iot/provisioning.h"

#include <algorithm>
#include <cctype>

#include "common/text.h"
#include "ngsild/entity/entity_input.h"

namespace cityos::iot {

namespace {

error bad(std::string detail) { return make_error(error_code::bad_request, std::move(detail)); }

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

// Reads optional string member `key`; errors if present and not a string.
result<std::string> string_member(json::object const& o, std::string_view key, std::string_view what) {
  auto const* v = o.if_contains(key);
  if (!v || v->is_null()) return std::string();
  if (!v->is_string()) return bad(std::string(what) + ": '" + std::string(key) + "' must be a string");
  return std::string(v->get_string());
}

result<bool> bool_member(json::object const& o, std::string_view key, bool fallback,
                         std::string_view what) {
  auto const* v = o.if_contains(key);
  if (!v || v->is_null()) return fallback;
  if (!v->is_bool()) return bad(std::string(what) + ": '" + std::string(key) + "' must be true or false");
  return v->get_bool();
}

result<void> check_attribute_name(std::string const& name, std::string_view what) {
  if (name.empty()) return bad(std::string(what) + ": missing 'name'");
  if (name == "id" || name == "type" || !ngsild::is_valid_attribute_name(name)) {
    return bad(std::string(what) + ": invalid attribute name '" + name + "'");
  }
  return {};
}

result<std::string> unit_code_of(json::object const& a, std::string const& what) {
  auto unit = string_member(a, "unitCode", what);
  if (!unit) return unit;
  if (!unit->empty()) return unit;
  auto const* meta = a.if_contains("metadata");
  if (!meta || !meta->is_object()) return std::string();
  auto const* u = meta->get_object().if_contains("unitCode");
  if (!u) return std::string();
  if (u->is_string()) return std::string(u->get_string());
  if (u->is_object()) {
    auto const* value = u->get_object().if_contains("value");
    if (value && value->is_string()) return std::string(value->get_string());
  }
  return bad(what + ": metadata.unitCode must be a string or {\"value\": string}");
}

result<attribute_mapping> parse_mapping(json::value const& v, std::string const& what) {
  if (!v.is_object()) return bad(what + " must be an object");
  auto const& o = v.get_object();
  attribute_mapping m;
  auto object_id = string_member(o, "object_id", what);
  auto name = string_member(o, "name", what);
  auto type = string_member(o, "type", what);
  if (!object_id) return std::move(object_id).err();
  if (!name) return std::move(name).err();
  if (!type) return std::move(type).err();
  if (auto r = check_attribute_name(*name, what); !r) return std::move(r).err();
  if (type->empty()) return bad(what + ": missing 'type'");
  auto unit = unit_code_of(o, what);
  if (!unit) return std::move(unit).err();
  return attribute_mapping{std::move(*object_id), std::move(*name), std::move(*type), std::move(*unit)};
}

result<std::vector<attribute_mapping>> parse_mappings(json::object const& o, std::string_view what) {
  std::vector<attribute_mapping> out;
  auto const* v = o.if_contains("attributes");
  if (!v || v->is_null()) return out;
  if (!v->is_array()) return bad(std::string(what) + ": 'attributes' must be an array");
  for (std::size_t i = 0; i < v->get_array().size(); ++i) {
    auto m = parse_mapping(v->get_array()[i], std::string(what) + ": attributes[" + std::to_string(i) + "]");
    if (!m) return std::move(m).err();
    out.push_back(std::move(*m));
  }
  return out;
}

result<std::vector<static_attribute>> parse_statics(json::object const& o, std::string_view what) {
  std::vector<static_attribute> out;
  auto const* v = o.if_contains("static_attributes");
  if (!v || v->is_null()) return out;
  if (!v->is_array()) return bad(std::string(what) + ": 'static_attributes' must be an array");
  for (std::size_t i = 0; i < v->get_array().size(); ++i) {
    std::string const w = std::string(what) + ": static_attributes[" + std::to_string(i) + "]";
    auto const& e = v->get_array()[i];
    if (!e.is_object()) return bad(w + " must be an object");
    auto name = string_member(e.get_object(), "name", w);
    auto type = string_member(e.get_object(), "type", w);
    if (!name) return std::move(name).err();
    if (!type) return std::move(type).err();
    if (auto r = check_attribute_name(*name, w); !r) return std::move(r).err();
    if (type->empty()) return bad(w + ": missing 'type'");
    auto const* value = e.get_object().if_contains("value");
    if (!value) return bad(w + ": missing 'value'");
    out.push_back({std::move(*name), std::move(*type), *value});
  }
  return out;
}

// Members handled by the parsers; everything else goes to `extra`.
bool is_known_member(std::string_view k) {
  static constexpr std::string_view kKnown[] = {
      "service", "service_path", "subservice", "apikey", "resource", "entity_type",
      "attributes", "static_attributes", "autoprovision", "explicitAttrs", "device_id",
      "entity_name"};
  return std::find(std::begin(kKnown), std::end(kKnown), k) != std::end(kKnown);
}

json::object extra_members(json::object const& o) {
  json::object out;
  for (auto const& [k, v] : o) {
    if (!is_known_member(k)) out[k] = v;
  }
  return out;
}

json::array mappings_json(std::vector<attribute_mapping> const& ms) {
  json::array out;
  for (auto const& m : ms) {
    json::object a;
    if (!m.object_id.empty()) a["object_id"] = m.object_id;
    a["name"] = m.name;
    a["type"] = m.type;
    if (!m.unit_code.empty()) {
      a["metadata"] = json::object{{"unitCode", json::object{{"type", "Text"}, {"value", m.unit_code}}}};
    }
    out.push_back(std::move(a));
  }
  return out;
}

json::array statics_json(std::vector<static_attribute> const& ss) {
  json::array out;
  for (auto const& s : ss) out.push_back(json::object{{"name", s.name}, {"type", s.type}, {"value", s.value}});
  return out;
}

bool valid_path(std::string_view p) {
  if (p == "/") return true;
  if (p.empty() || p.front() != '/' || p.back() == '/' || p.size() > 1024) return false;
  for (std::size_t i = 1; i < p.size(); ++i) {
    char const c = p[i];
    if (c == '/' && p[i - 1] == '/') return false;
    if (c != '/' && !std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

json::value merged(json::object base, json::value const& changes, std::initializer_list<std::string_view> fixed) {
  for (auto const& [k, v] : changes.get_object()) {
    if (std::find(fixed.begin(), fixed.end(), k) == fixed.end()) base[k] = v;
  }
  return base;
}

}  // namespace

result<fiware_scope> make_scope(std::string const* service, std::string const* service_path,
                                bool allow_wildcard) {
  fiware_scope s;
  if (service) {
    if (service->empty() || service->size() > 64 || !std::all_of(service->begin(), service->end(), is_name_char)) {
      return bad("invalid fiware-service '" + *service + "': use 1-64 of [A-Za-z0-9_.-]");
    }
    s.service = to_lower(*service);
  }
  if (service_path && !service_path->empty()) {
    bool const wildcard = *service_path == "/*" || *service_path == "/#";
    if (wildcard && !allow_wildcard) {
      return bad("fiware-servicepath '" + *service_path + "' is only allowed when reading");
    }
    if (!wildcard && !valid_path(*service_path)) {
      return bad("invalid fiware-servicepath '" + *service_path + "': expected /name[/name...]");
    }
    s.service_path = wildcard ? "/#" : *service_path;
  }
  return s;
}

result<service_group> parse_service_group(json::value const& v, fiware_scope const& scope) {
  if (!v.is_object()) return bad("a service group must be a JSON object");
  auto const& o = v.get_object();
  std::string_view const what = "service group";
  service_group g;
  g.service = scope.service;
  g.service_path = scope.service_path;
  auto apikey = string_member(o, "apikey", what);
  auto resource = string_member(o, "resource", what);
  auto type = string_member(o, "entity_type", what);
  if (!apikey) return std::move(apikey).err();
  if (!resource) return std::move(resource).err();
  if (!type) return std::move(type).err();
  if (apikey->empty()) return bad("service group: missing 'apikey'");
  if (apikey->find_first_of("/+#?&| \t") != std::string::npos) {
    return bad("service group: 'apikey' must not contain / + # ? & | or spaces");
  }
  if (type->empty()) return bad("service group: missing 'entity_type'");
  if (!resource->empty() && resource->front() != '/') return bad("service group: 'resource' must start with /");
  g.apikey = std::move(*apikey);
  g.resource = std::move(*resource);
  g.entity_type = std::move(*type);
  auto attrs = parse_mappings(o, what);
  if (!attrs) return std::move(attrs).err();
  auto statics = parse_statics(o, what);
  if (!statics) return std::move(statics).err();
  auto autoprovision = bool_member(o, "autoprovision", true, what);
  if (!autoprovision) return std::move(autoprovision).err();
  auto explicit_attrs = bool_member(o, "explicitAttrs", false, what);
  if (!explicit_attrs) return std::move(explicit_attrs).err();
  g.attributes = std::move(*attrs);
  g.static_attributes = std::move(*statics);
  g.autoprovision = *autoprovision;
  g.explicit_attrs = *explicit_attrs;
  g.extra = extra_members(o);
  return g;
}

result<service_group> update_service_group(service_group g, json::value const& changes) {
  if (!changes.is_object()) return bad("the body must be a JSON object");
  fiware_scope const scope{g.service, g.service_path};
  auto doc = merged(to_json(g), changes, {"apikey", "resource", "service", "service_path"});
  return parse_service_group(doc, scope);
}

json::object to_json(service_group const& g) {
  json::object o = g.extra;
  o["apikey"] = g.apikey;
  o["resource"] = g.resource;
  o["entity_type"] = g.entity_type;
  o["service"] = g.service;
  o["service_path"] = g.service_path;
  o["attributes"] = mappings_json(g.attributes);
  o["static_attributes"] = statics_json(g.static_attributes);
  o["autoprovision"] = g.autoprovision;
  o["explicitAttrs"] = g.explicit_attrs;
  return o;
}

result<device> parse_device(json::value const& v, fiware_scope const& scope,
                            std::string_view default_type) {
  if (!v.is_object()) return bad("a device must be a JSON object");
  auto const& o = v.get_object();
  std::string_view const what = "device";
  device d;
  d.service = scope.service;
  d.service_path = scope.service_path;
  auto id = string_member(o, "device_id", what);
  auto apikey = string_member(o, "apikey", what);
  auto name = string_member(o, "entity_name", what);
  auto type = string_member(o, "entity_type", what);
  for (auto* r : {&id, &apikey, &name, &type}) {
    if (!*r) return std::move(*r).err();
  }
  if (id->empty()) return bad("device: missing 'device_id'");
  if (id->size() > 256 || id->find_first_of("/+#?&| \t\r\n") != std::string::npos) {
    return bad("device: invalid device_id '" + *id + "': no / + # ? & | or whitespace");
  }
  d.device_id = std::move(*id);
  d.apikey = std::move(*apikey);
  d.entity_type = type->empty() ? std::string(default_type) : std::move(*type);
  if (d.entity_type.empty()) d.entity_type = "Thing";
  d.entity_name = name->empty() ? default_entity_name(d.entity_type, d.device_id) : std::move(*name);
  if (!ngsild::is_uri(d.entity_name)) {
    return bad("device: entity_name '" + d.entity_name + "' must be a URI (urn:ngsi-ld:Type:id)");
  }
  auto attrs = parse_mappings(o, what);
  if (!attrs) return std::move(attrs).err();
  auto statics = parse_statics(o, what);
  if (!statics) return std::move(statics).err();
  d.attributes = std::move(*attrs);
  d.static_attributes = std::move(*statics);
  if (auto const* e = o.if_contains("explicitAttrs"); e && !e->is_null()) {
    if (!e->is_bool()) return bad("device: 'explicitAttrs' must be true or false");
    d.explicit_attrs = e->get_bool();
  }
  d.extra = extra_members(o);
  return d;
}

result<device> update_device(device d, json::value const& changes) {
  if (!changes.is_object()) return bad("the body must be a JSON object");
  fiware_scope const scope{d.service, d.service_path};
  auto doc = merged(to_json(d), changes, {"device_id", "service", "service_path"});
  return parse_device(doc, scope, d.entity_type);
}

json::object to_json(device const& d) {
  json::object o = d.extra;
  o["device_id"] = d.device_id;
  o["service"] = d.service;
  o["service_path"] = d.service_path;
  if (!d.apikey.empty()) o["apikey"] = d.apikey;
  o["entity_name"] = d.entity_name;
  o["entity_type"] = d.entity_type;
  o["attributes"] = mappings_json(d.attributes);
  o["static_attributes"] = statics_json(d.static_attributes);
  if (d.explicit_attrs) o["explicitAttrs"] = *d.explicit_attrs;
  return o;
}

std::string default_entity_name(std::string_view entity_type, std::string_view device_id) {
  return "urn:ngsi-ld:" + std::string(entity_type) + ":" + std::string(device_id);
}

}  // namespace cityos::iot
