// SPDX-License-Identifier: Apache-2.0
#include "api/subscriptions/notification_body.h"

#include <algorithm>
#include <cctype>

#include "common/uuid.h"
#include "ngsild/entity/entity_render.h"
#include "ngsild/entity/stored_entity.h"

namespace cityos::api {
namespace {

// The member holding an attribute's value, by attribute type.
std::string_view value_member(std::string_view type) {
  if (type == "Relationship") return "object";
  if (type == "LanguageProperty") return "languageMap";
  if (type == "VocabProperty") return "vocab";
  if (type == "JsonProperty") return "json";
  if (type == "ListProperty") return "valueList";
  if (type == "ListRelationship") return "objectList";
  return "value";
}

// "value" -> "previousValue", "languageMap" -> "previousLanguageMap".
std::string previous_member(std::string_view member) {
  std::string out = "previous";
  out += static_cast<char>(std::toupper(static_cast<unsigned char>(member.front())));
  out += member.substr(1);
  return out;
}

// The default instance (else the first) of a stored attribute, or nullptr.
json::object const* first_instance(json::object const& e, std::string_view attr) {
  auto const* v = e.if_contains(attr);
  auto const* a = v ? v->if_array() : nullptr;
  if (!a || a->empty()) return nullptr;
  for (auto const& i : *a) {
    if (auto const* o = i.if_object(); o && !o->contains("datasetId")) return o;
  }
  return a->front().if_object();
}

std::string_view instance_type(json::object const& inst) {
  auto const* t = inst.if_contains("type");
  return t && t->is_string() ? std::string_view(t->get_string()) : std::string_view("Property");
}

bool projected(subscription const& s, std::string_view attr) {
  if (s.render.attrs && std::find(s.render.attrs->begin(), s.render.attrs->end(), attr) ==
                            s.render.attrs->end()) {
    return false;
  }
  if (s.render.pick && std::find(s.render.pick->begin(), s.render.pick->end(), attr) ==
                           s.render.pick->end()) {
    return false;
  }
  return std::find(s.render.omit.begin(), s.render.omit.end(), attr) == s.render.omit.end();
}

// The rendering of a deleted attribute whose last instance was `old`.
json::value deleted_attribute(subscription const& s, json::object const& old, std::string_view now) {
  if (s.render.format == ngsild::render_format::simplified) return json::string(kNullMarker);
  json::object a;
  auto type = instance_type(old);
  a["type"] = type;
  auto member = value_member(type);
  if (s.show_changes) {
    if (auto const* v = old.if_contains(member)) a[previous_member(member)] = *v;
  }
  a[member] = kNullMarker;
  if (s.render.sys_attrs) {
    if (auto const* c = old.if_contains(ngsild::kCreatedAt)) a["createdAt"] = *c;
    if (auto const* m = old.if_contains(ngsild::kModifiedAt)) a["modifiedAt"] = *m;
    a["deletedAt"] = now;
  }
  return a;
}

// Adds "previousValue" (etc.) to rendered attribute `name` from `old`.
void add_previous(json::object& rendered, std::string const& name, json::object const& old) {
  auto* r = rendered.if_contains(name);
  auto* obj = r ? r->if_object() : nullptr;
  if (!obj) return;  // several instances or simplified: no place for it
  auto member = value_member(instance_type(old));
  if (auto const* v = old.if_contains(member)) (*obj)[previous_member(member)] = *v;
}

}  // namespace

json::object render_current(subscription const& s, ngsild::context const& ctx,
                            json::object const& stored) {
  return ngsild::render_entity(stored, ctx, s.render);
}

json::object render_change(subscription const& s, ngsild::context const& ctx,
                           store::entity_change const& c, change_summary const& sum,
                           std::string_view now) {
  if (sum.entity_deleted && c.before) {
    auto const& before = *c.before;
    json::object out;
    auto full = ngsild::render_entity(before, ctx, s.render);
    out["id"] = full["id"];
    out["type"] = full["type"];
    if (s.render.sys_attrs) {
      if (auto const* v = full.if_contains("createdAt")) out["createdAt"] = *v;
      if (auto const* v = full.if_contains("modifiedAt")) out["modifiedAt"] = *v;
    }
    out["deletedAt"] = now;
    for (auto const& [k, v] : before) {
      if (!ngsild::is_attribute_key(k) || !projected(s, k)) continue;
      if (auto const* old = first_instance(before, k)) {
        out[ctx.compact_iri(k)] = deleted_attribute(s, *old, now);
      }
    }
    return out;
  }
  json::object out = render_current(s, ctx, *c.after);
  if (!c.before) return out;
  for (auto const& attr : sum.deleted) {
    if (!projected(s, attr)) continue;
    if (auto const* old = first_instance(*c.before, attr)) {
      out[ctx.compact_iri(attr)] = deleted_attribute(s, *old, now);
    }
  }
  if (s.show_changes && s.render.format != ngsild::render_format::simplified) {
    for (auto const& attr : sum.updated) {
      if (auto const* old = first_instance(*c.before, attr)) {
        add_previous(out, ctx.compact_iri(attr), *old);
      }
    }
  }
  return out;
}

json::object make_notification(std::string_view subscription_id, std::string_view now,
                               json::array data) {
  json::object n;
  n["id"] = "urn:ngsi-ld:Notification:" + random_uuid();
  n["type"] = "Notification";
  n["subscriptionId"] = subscription_id;
  n["notifiedAt"] = now;
  n["data"] = std::move(data);
  return n;
}

}  // namespace cityos::api
