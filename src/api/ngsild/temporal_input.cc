// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/temporal_input.h"

#include "ngsild/entity/entity_input.h"
#include "ngsild/entity/stored_entity.h"

namespace cityos::api {

namespace {

bool is_entity_member(std::string_view key) {
  return key == "id" || key == "type" || key == "scope" || key == "@context" ||
         key == "createdAt" || key == "modifiedAt";
}

// Expands every instance of attribute `name` (an instance or an array of them).
result<void> expand_instances(std::string_view name, json::value const& v,
                              ngsild::context const& ctx, std::string_view now,
                              std::vector<store::instance_input>& out) {
  auto one = [&](json::value const& element) -> result<void> {
    if (!element.is_object()) {
      return make_error(error_code::bad_request,
                        "attribute '" + std::string(name) + "': instances must be objects");
    }
    auto expanded = ngsild::expand_attribute(name, element, ctx);
    if (!expanded) return std::move(expanded).err();
    for (auto& [iri, instances] : *expanded) {
      for (auto& inst : instances.as_array()) {
        auto body = std::move(inst.as_object());
        body[ngsild::kCreatedAt] = now;
        body[ngsild::kModifiedAt] = now;
        out.push_back({std::string(iri), std::move(body)});
      }
    }
    return {};
  };
  if (auto const* a = v.if_array()) {
    for (auto const& e : *a) {
      if (auto r = one(e); !r) return r;
    }
    return {};
  }
  return one(v);
}

}  // namespace

result<temporal_entity_input> expand_temporal_entity(json::object const& body,
                                                     ngsild::context const& ctx,
                                                     std::string_view now) {
  json::object head;
  for (auto const& [k, v] : body) {
    if (k == "id" || k == "type" || k == "scope") head[k] = v;
  }
  auto expanded = ngsild::expand_entity(head, ctx);
  if (!expanded) return std::move(expanded).err();
  temporal_entity_input out;
  out.id = std::string(expanded->at("id").get_string());
  for (auto const& t : expanded->at("type").get_array()) out.types.emplace_back(t.get_string());
  for (auto const& [k, v] : body) {
    if (is_entity_member(k)) continue;
    if (auto r = expand_instances(k, v, ctx, now, out.instances); !r) return std::move(r).err();
  }
  return out;
}

result<std::vector<store::instance_input>> expand_temporal_fragment(json::object const& body,
                                                                    ngsild::context const& ctx,
                                                                    std::string_view now) {
  std::vector<store::instance_input> out;
  for (auto const& [k, v] : body) {
    if (is_entity_member(k)) continue;
    if (auto r = expand_instances(k, v, ctx, now, out); !r) return std::move(r).err();
  }
  if (out.empty()) return make_error(error_code::bad_request, "no attribute instance given");
  return out;
}

result<store::instance_input> expand_temporal_instance(std::string_view attr_name,
                                                       json::object const& body,
                                                       ngsild::context const& ctx) {
  json::object clean = body;
  clean.erase("@context");
  auto expanded = ngsild::expand_attribute(attr_name, clean, ctx, {.partial = true});
  if (!expanded) return std::move(expanded).err();
  for (auto& [iri, instances] : *expanded) {
    auto& a = instances.as_array();
    if (!a.empty()) return store::instance_input{std::string(iri), std::move(a[0].as_object())};
  }
  return make_error(error_code::bad_request, "no attribute instance given");
}

}  // namespace cityos::api
