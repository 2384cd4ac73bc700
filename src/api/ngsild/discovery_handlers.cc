// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/discovery_handlers.h"

#include <map>
#include <set>

#include "api/ngsild/ld_request.h"
#include "ngsild/entity/stored_entity.h"

namespace cityos::api {

namespace {

struct attribute_stats {
  std::size_t count = 0;         // attribute instances
  std::set<std::string> kinds;   // Property, Relationship, ...
  std::set<std::string> types;   // entity types having it
};

struct type_stats {
  std::size_t entities = 0;
  std::set<std::string> attributes;
};

// Type and attribute statistics of one tenant, keyed by expanded IRI.
struct catalogue {
  std::map<std::string, type_stats> types;
  std::map<std::string, attribute_stats> attributes;
};

catalogue build_catalogue(broker const& b, std::string const& tenant) {
  catalogue c;
  b.store.scan(tenant, [&](json::object const& e) {
    std::vector<std::string> types;
    if (auto const* t = e.if_contains("type"); t && t->is_array()) {
      for (auto const& x : t->get_array()) {
        if (x.is_string()) types.emplace_back(x.get_string());
      }
    }
    for (auto const& t : types) ++c.types[t].entities;
    for (auto const& kv : e) {
      if (!ngsild::is_attribute_key(kv.key()) || !kv.value().is_array()) continue;
      auto& a = c.attributes[std::string(kv.key())];
      for (auto const& inst : kv.value().get_array()) {
        ++a.count;
        if (auto const* o = inst.if_object()) {
          if (auto const* k = o->if_contains("type"); k && k->is_string()) {
            a.kinds.emplace(k->get_string());
          }
        }
      }
      for (auto const& t : types) {
        a.types.insert(t);
        c.types[t].attributes.emplace(kv.key());
      }
    }
    return true;
  });
  return c;
}

json::array compact_all(std::set<std::string> const& iris, ngsild::context const& ctx) {
  json::array out;
  for (auto const& i : iris) out.emplace_back(ctx.compact_iri(i));
  return out;
}

json::array strings(std::set<std::string> const& s) {
  json::array out;
  for (auto const& x : s) out.emplace_back(x);
  return out;
}

bool details(http_request const& req) {
  return req.param("details") && *req.param("details") == "true";
}

result<ld_request> read(broker const& b, http_request& req) {
  auto lr = read_ld_request(req, b.contexts, {});
  if (!lr) return lr;
  if (auto r = require_tenant(b, lr->tenant); !r) return std::move(r).err();
  return lr;
}

}  // namespace

result<http_response> list_types(broker const& b, http_request& req) {
  auto lr = read(b, req);
  if (!lr) return std::move(lr).err();
  auto const c = build_catalogue(b, lr->tenant);
  if (details(req)) {
    json::array out;
    for (auto const& [iri, t] : c.types) {
      out.push_back(json::object{{"id", iri},
                                 {"type", "EntityType"},
                                 {"typeName", lr->ctx->compact_iri(iri)},
                                 {"attributeNames", compact_all(t.attributes, *lr->ctx)}});
    }
    return json_response(*lr, std::move(out));
  }
  json::array names;
  for (auto const& [iri, t] : c.types) names.emplace_back(lr->ctx->compact_iri(iri));
  return json_response(*lr, json::object{{"id", "urn:ngsi-ld:EntityTypeList:" + lr->tenant},
                                         {"type", "EntityTypeList"},
                                         {"typeList", std::move(names)}});
}

result<http_response> type_info(broker const& b, http_request& req, std::string const& type) {
  auto lr = read(b, req);
  if (!lr) return std::move(lr).err();
  auto const c = build_catalogue(b, lr->tenant);
  std::string const iri = lr->ctx->expand_term(type);
  auto it = c.types.find(iri);
  if (it == c.types.end()) {
    return make_error(error_code::not_found, "no entity of type '" + type + "'");
  }
  json::array attrs;
  for (auto const& a : it->second.attributes) {
    attrs.push_back(json::object{{"id", a},
                                 {"type", "Attribute"},
                                 {"attributeName", lr->ctx->compact_iri(a)},
                                 {"attributeTypes", strings(c.attributes.at(a).kinds)}});
  }
  return json_response(*lr, json::object{{"id", iri},
                                         {"type", "EntityTypeInfo"},
                                         {"typeName", lr->ctx->compact_iri(iri)},
                                         {"entityCount", it->second.entities},
                                         {"attributeDetails", std::move(attrs)}});
}

result<http_response> list_attributes(broker const& b, http_request& req) {
  auto lr = read(b, req);
  if (!lr) return std::move(lr).err();
  auto const c = build_catalogue(b, lr->tenant);
  if (details(req)) {
    json::array out;
    for (auto const& [iri, a] : c.attributes) {
      out.push_back(json::object{{"id", iri},
                                 {"type", "Attribute"},
                                 {"attributeName", lr->ctx->compact_iri(iri)},
                                 {"typeNames", compact_all(a.types, *lr->ctx)}});
    }
    return json_response(*lr, std::move(out));
  }
  json::array names;
  for (auto const& [iri, a] : c.attributes) names.emplace_back(lr->ctx->compact_iri(iri));
  return json_response(*lr, json::object{{"id", "urn:ngsi-ld:AttributeList:" + lr->tenant},
                                         {"type", "AttributeList"},
                                         {"attributeList", std::move(names)}});
}

result<http_response> attribute_info(broker const& b, http_request& req, std::string const& attr) {
  auto lr = read(b, req);
  if (!lr) return std::move(lr).err();
  auto const c = build_catalogue(b, lr->tenant);
  std::string const iri = lr->ctx->expand_term(attr);
  auto it = c.attributes.find(iri);
  if (it == c.attributes.end()) {
    return make_error(error_code::not_found, "no attribute '" + attr + "'");
  }
  return json_response(*lr, json::object{{"id", iri},
                                         {"type", "Attribute"},
                                         {"attributeName", lr->ctx->compact_iri(iri)},
                                         {"attributeCount", it->second.count},
                                         {"attributeTypes", strings(it->second.kinds)},
                                         {"typeNames", compact_all(it->second.types, *lr->ctx)}});
}

}  // namespace cityos::api
