// SPDX-License-Identifier: Apache-2.0
#include "store/history/change_diff.h"

#include "ngsild/entity/stored_entity.h"
#include "store/history/detail/history_schema.h"

namespace cityos::store {

namespace {

constexpr std::string_view kNull = "urn:ngsi-ld:null";

std::optional<epoch_ms> time_member(json::object const& o, std::string_view key) {
  auto const* v = o.if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return parse_iso8601(v->get_string());
}

std::string dataset_of(json::object const& inst) {
  auto const* d = inst.if_contains("datasetId");
  return d && d->is_string() ? std::string(d->get_string()) : std::string();
}

std::vector<std::string> types_of(json::object const& e) {
  std::vector<std::string> out;
  if (auto const* t = e.if_contains(ngsild::kType); t && t->is_array()) {
    for (auto const& x : t->get_array()) {
      if (x.is_string()) out.emplace_back(x.get_string());
    }
  }
  return out;
}

json::object const* find_instance(json::object const* entity, std::string_view attr,
                                  std::string const& dataset) {
  if (!entity) return nullptr;
  auto const* a = entity->if_contains(attr);
  if (!a || !a->is_array()) return nullptr;
  for (auto const& i : a->get_array()) {
    if (i.is_object() && dataset_of(i.get_object()) == dataset) return &i.get_object();
  }
  return nullptr;
}

// Calls fn(attribute IRI, instance) for every attribute instance of `e`.
template <typename Fn>
void for_each_instance(json::object const& e, Fn&& fn) {
  for (auto const& [key, v] : e) {
    if (!ngsild::is_attribute_key(key) || !v.is_array()) continue;
    for (auto const& i : v.get_array()) {
      if (i.is_object()) fn(key, i.get_object());
    }
  }
}

}  // namespace

instance_row make_instance_row(json::object const& body, epoch_ms fallback) {
  instance_row h;
  h.dataset_id = dataset_of(body);
  h.modified_at = time_member(body, ngsild::kModifiedAt).value_or(fallback);
  h.created_at = time_member(body, ngsild::kCreatedAt).value_or(h.modified_at);
  h.observed_at = time_member(body, "observedAt").value_or(h.modified_at);
  h.deleted_at = time_member(body, "deletedAt");
  if (!h.deleted_at) h.number = detail::numeric_value(body);
  dump_to(body, h.body);
  return h;
}

instance_row make_deletion_marker(json::object const& body, epoch_ms at) {
  json::object m;
  auto const* t = body.if_contains("type");
  std::string_view const type = t && t->is_string() ? std::string_view(t->get_string()) : "Property";
  m["type"] = type;
  if (type == "Relationship") {
    m["object"] = kNull;
  } else if (type == "LanguageProperty") {
    m["languageMap"] = json::object{{"@none", kNull}};
  } else if (type == "VocabProperty") {
    m["vocab"] = kNull;
  } else if (type == "JsonProperty") {
    m["json"] = kNull;
  } else if (type == "ListProperty") {
    m["valueList"] = json::array{kNull};
  } else if (type == "ListRelationship") {
    m["objectList"] = json::array{kNull};
  } else {
    m["value"] = kNull;
  }
  if (auto const* d = body.if_contains("datasetId")) m["datasetId"] = *d;
  std::string const iso = format_iso8601(at);
  m["deletedAt"] = iso;
  m[ngsild::kCreatedAt] = iso;
  m[ngsild::kModifiedAt] = iso;
  return make_instance_row(m, at);
}

change_record diff_change(entity_change const& change, epoch_ms now) {
  change_record r;
  r.tenant = change.tenant;
  r.entity.id = change.id;
  json::object const* before = change.before.get();
  json::object const* after = change.after.get();
  json::object const* current = after ? after : before;
  if (!current) return r;
  r.entity.types = types_of(*current);
  r.entity.modified_at = after ? time_member(*after, ngsild::kModifiedAt).value_or(now) : now;
  r.entity.created_at = time_member(*current, ngsild::kCreatedAt).value_or(r.entity.modified_at);
  if (!after) r.entity.deleted_at = now;
  if (after) {
    for_each_instance(*after, [&](std::string_view attr, json::object const& inst) {
      auto const* old = find_instance(before, attr, dataset_of(inst));
      if (old && *old == inst) return;
      r.instances.emplace_back(attr, make_instance_row(inst, r.entity.modified_at));
    });
  }
  if (before) {
    epoch_ms const at = after ? r.entity.modified_at : now;
    for_each_instance(*before, [&](std::string_view attr, json::object const& inst) {
      if (find_instance(after, attr, dataset_of(inst))) return;
      r.instances.emplace_back(attr, make_deletion_marker(inst, at));
    });
  }
  return r;
}

}  // namespace cityos::store
