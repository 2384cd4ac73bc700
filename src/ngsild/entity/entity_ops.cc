// SPDX-License-Identifier: Apache-2.0
#include "ngsild/entity/entity_ops.h"

#include <algorithm>
#include <utility>

#include "ngsild/entity/detail/attribute_input.h"
#include "ngsild/entity/entity_input.h"

namespace cityos::ngsild {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

std::string_view dataset_id_of(json::object const& instance) {
  auto const* d = instance.if_contains("datasetId");
  return d != nullptr && d->is_string() ? std::string_view(d->get_string()) : std::string_view{};
}

std::string_view type_of(json::object const& instance) {
  auto const* t = instance.if_contains("type");
  return t != nullptr && t->is_string() ? std::string_view(t->get_string()) : std::string_view{};
}

// Index of the instance of `instances` with `dataset_id` ("" = default), or kNone.
std::size_t find_instance(json::array const& instances, std::string_view dataset_id) {
  for (std::size_t i = 0; i < instances.size(); ++i) {
    if (instances[i].is_object() && dataset_id_of(instances[i].as_object()) == dataset_id) return i;
  }
  return kNone;
}

// Adds `instance` to `instances`, the default instance first.
void insert_instance(json::array& instances, json::object instance) {
  if (dataset_id_of(instance).empty()) {
    instances.insert(instances.begin(), std::move(instance));
  } else {
    instances.emplace_back(std::move(instance));
  }
}

// Sets createdAt (`created`, or now) and modifiedAt = now on `instance`, and
// createdAt = modifiedAt = now on all its sub-attributes.
void stamp_new(json::object& instance, std::string_view now, json::value const* created = nullptr) {
  for (auto& [key, v] : instance) {
    if (is_sub_attribute_key(key) && v.is_object()) stamp_new(v.as_object(), now);
  }
  // Assigned in place: a temporary json::value(now) would be one more string.
  if (created != nullptr) instance[kCreatedAt] = *created;
  else instance[kCreatedAt] = now;
  instance[kModifiedAt] = now;
}

// `fresh` stamped as a replacement of `old` (old createdAt kept).
json::object replacement(json::object const& old, json::object fresh, std::string_view now) {
  stamp_new(fresh, now, old.if_contains(kCreatedAt));
  return fresh;
}

// Moves the entity's createdAt/modifiedAt to the end and sets modifiedAt = now.
void touch_entity(json::object& entity, std::string_view now) {
  json::value created = entity.contains(kCreatedAt) ? entity.at(kCreatedAt) : json::value(now);
  entity.erase(kCreatedAt);
  entity.erase(kModifiedAt);
  entity[kCreatedAt] = std::move(created);
  entity[kModifiedAt] = now;
}

result<void> check_same_id(json::object const& entity, json::object const& other) {
  auto const* a = entity.if_contains(kId);
  auto const* b = other.if_contains(kId);
  if (a != nullptr && b != nullptr && *a != *b) {
    return make_error(error_code::bad_request, "entity id in the payload differs from the target");
  }
  return {};
}

// Adds the types of `fragment` missing in `entity`; true if any was added.
bool add_types(json::object& entity, json::object const& fragment) {
  auto const* add = fragment.if_contains(kType);
  if (add == nullptr || !add->is_array()) return false;
  auto& types = entity[kType];
  if (!types.is_array()) types = json::array{};
  bool changed = false;
  for (auto const& t : add->get_array()) {
    auto& a = types.as_array();
    if (std::find(a.begin(), a.end(), t) == a.end()) {
      a.push_back(t);
      changed = true;
    }
  }
  return changed;
}

// Applies the fragment's scope: replaces, or removes on a null marker.
bool apply_scope(json::object& entity, json::object const& fragment, bool keep_existing) {
  auto const* scope = fragment.if_contains(kScope);
  if (scope == nullptr || (keep_existing && entity.contains(kScope))) return false;
  auto const* a = scope->if_array();
  if (a != nullptr && a->size() == 1 && (*a)[0] == json::value(kNullUri)) {
    return entity.erase(kScope) > 0;
  }
  entity[kScope] = *scope;
  return true;
}

std::string instance_label(std::string_view dataset_id) {
  return dataset_id.empty() ? std::string("default instance")
                            : "instance with datasetId '" + std::string(dataset_id) + "'";
}

void note(std::vector<std::string>& names, std::string_view name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
}

// Shared body of append/update: `may_add` adds missing instances, `may_replace`
// replaces existing ones.
result<update_outcome> write_attributes(json::object const& entity, json::object const& fragment,
                                        std::string_view now, bool may_add, bool may_replace) {
  if (auto ok = check_same_id(entity, fragment); !ok) return std::move(ok).err();
  update_outcome out{entity, {}, {}};
  bool changed = add_types(out.entity, fragment);
  changed = apply_scope(out.entity, fragment, !may_replace) || changed;
  for (auto const& [key, v] : fragment) {
    if (!is_attribute_key(key) || !v.is_array()) continue;
    auto& target = out.entity[key];
    bool const existed = target.is_array();
    if (!existed) target = json::array{};
    for (auto const& inst : v.get_array()) {
      auto const& fresh = inst.as_object();
      auto& instances = target.as_array();
      auto idx = find_instance(instances, dataset_id_of(fresh));
      bool const remove = is_null_marker(fresh);
      if (idx != kNone && may_replace && remove) {
        instances.erase(instances.begin() + static_cast<std::ptrdiff_t>(idx));
        note(out.updated, key);
      } else if (idx != kNone && may_replace) {
        instances[idx] = replacement(instances[idx].as_object(), fresh, now);
        note(out.updated, key);
      } else if (idx == kNone && may_add && !remove) {
        json::object added = fresh;
        stamp_new(added, now);
        insert_instance(instances, std::move(added));
        note(out.updated, key);
      } else {
        auto reason = idx == kNone ? instance_label(dataset_id_of(fresh)) + " does not exist"
                                   : "attribute already exists";
        if (idx == kNone && dataset_id_of(fresh).empty()) reason = "attribute does not exist";
        out.not_updated.push_back({std::string(key), std::move(reason)});
      }
    }
    if (target.as_array().empty()) out.entity.erase(key);
  }
  if (changed || !out.updated.empty()) touch_entity(out.entity, now);
  return out;
}

// Merges the members of `patch` into the instance `old` (5.6.17): members
// replace, sub-attributes merge recursively, null markers delete sub-attributes.
json::object merge_instance(json::object const& old, json::object const& patch,
                            std::string_view now) {
  json::object out = old;
  auto const new_type = type_of(patch);
  if (!new_type.empty() && new_type != type_of(old)) {
    out.erase(detail::value_member_of(type_of(old)));
  }
  for (auto const& [key, v] : patch) {
    if (key == kCreatedAt || key == kModifiedAt) continue;
    if (!is_sub_attribute_key(key) || !v.is_object()) {
      out[key] = v;
      continue;
    }
    auto const& sub = v.as_object();
    if (is_null_marker(sub)) {
      out.erase(key);
    } else if (auto* old_sub = out.if_contains(key); old_sub != nullptr && old_sub->is_object()) {
      *old_sub = merge_instance(old_sub->as_object(), sub, now);
    } else {
      json::object added = sub;
      stamp_new(added, now);
      out[key] = std::move(added);
    }
  }
  out[kModifiedAt] = now;
  return out;
}

// The single attribute (name, instances) of an expand_attribute() fragment.
result<std::pair<std::string, json::array const*>> single_attribute(json::object const& fragment) {
  for (auto const& [key, v] : fragment) {
    if (is_attribute_key(key) && v.is_array()) {
      return std::pair<std::string, json::array const*>{std::string(key), &v.get_array()};
    }
  }
  return make_error(error_code::bad_request, "no attribute given");
}

error not_found(std::string_view iri, std::string_view dataset_id) {
  return make_error(error_code::not_found, "attribute '" + std::string(iri) + "' (" +
                                               instance_label(dataset_id) + ") not found");
}

// Applies `fn(old, fresh)` to each instance of the one-attribute `fragment`.
template <typename Fn>
result<json::object> change_instances(json::object const& entity, json::object const& fragment,
                                      std::string_view now, Fn fn) {
  auto attr = single_attribute(fragment);
  if (!attr) return std::move(attr).err();
  auto const& [iri, fresh_instances] = *attr;
  json::object out = entity;
  auto* target = out.if_contains(iri);
  if (target == nullptr || !target->is_array()) return not_found(iri, {});
  for (auto const& inst : *fresh_instances) {
    auto const& fresh = inst.as_object();
    auto idx = find_instance(target->as_array(), dataset_id_of(fresh));
    if (idx == kNone) return not_found(iri, dataset_id_of(fresh));
    if (is_null_marker(fresh)) {
      target->as_array().erase(target->as_array().begin() + static_cast<std::ptrdiff_t>(idx));
      continue;
    }
    auto& old = target->as_array()[idx];
    auto changed = fn(old.as_object(), fresh);
    if (!changed) return std::move(changed).err();
    old = std::move(*changed);
  }
  if (target->as_array().empty()) out.erase(iri);
  touch_entity(out, now);
  return out;
}

}  // namespace

json::object make_created(json::object expanded, std::string_view now) {
  for (auto& [key, v] : expanded) {
    if (!is_attribute_key(key) || !v.is_array()) continue;
    for (auto& inst : v.as_array()) {
      if (inst.is_object()) stamp_new(inst.as_object(), now);
    }
  }
  touch_entity(expanded, now);
  return expanded;
}

result<update_outcome> append_attributes(json::object const& entity,
                                         json::object const& fragment,
                                         std::string_view now, bool no_overwrite) {
  return write_attributes(entity, fragment, now, true, !no_overwrite);
}

result<update_outcome> update_attributes(json::object const& entity,
                                         json::object const& fragment,
                                         std::string_view now) {
  return write_attributes(entity, fragment, now, false, true);
}

result<json::object> merge_entity(json::object const& entity, json::object const& fragment,
                                  std::string_view now) {
  if (auto ok = check_same_id(entity, fragment); !ok) return std::move(ok).err();
  json::object out = entity;
  add_types(out, fragment);
  apply_scope(out, fragment, false);
  for (auto const& [key, v] : fragment) {
    if (!is_attribute_key(key) || !v.is_array()) continue;
    auto& target = out[key];
    if (!target.is_array()) target = json::array{};
    for (auto const& inst : v.get_array()) {
      auto const& patch = inst.as_object();
      auto& instances = target.as_array();
      auto idx = find_instance(instances, dataset_id_of(patch));
      if (is_null_marker(patch)) {
        if (idx != kNone) instances.erase(instances.begin() + static_cast<std::ptrdiff_t>(idx));
      } else if (idx != kNone) {
        instances[idx] = merge_instance(instances[idx].as_object(), patch, now);
      } else {
        json::object added = patch;
        stamp_new(added, now);
        insert_instance(instances, std::move(added));
      }
    }
    if (target.as_array().empty()) out.erase(key);
  }
  touch_entity(out, now);
  return out;
}

result<json::object> replace_entity(json::object const& entity, json::object expanded,
                                    std::string_view now) {
  if (auto ok = check_same_id(entity, expanded); !ok) return std::move(ok).err();
  json::object out;
  if (auto const* id = entity.if_contains(kId)) out[kId] = *id;
  for (auto& [key, v] : expanded) {
    if (key != kId) out[key] = std::move(v);
  }
  out = make_created(std::move(out), now);
  if (auto const* created = entity.if_contains(kCreatedAt)) out[kCreatedAt] = *created;
  return out;
}

result<json::object> patch_attribute(json::object const& entity, json::object const& fragment,
                                     std::string_view now) {
  return change_instances(entity, fragment, now,
                          [&](json::object const& old, json::object const& patch)
                              -> result<json::object> {
                            auto t = type_of(patch);
                            if (!t.empty() && t != type_of(old)) {
                              return make_error(error_code::bad_request,
                                                "attribute type cannot change in a patch");
                            }
                            return merge_instance(old, patch, now);
                          });
}

result<json::object> replace_attribute(json::object const& entity, json::object const& fragment,
                                       std::string_view now) {
  return change_instances(entity, fragment, now,
                          [&](json::object const& old, json::object const& fresh)
                              -> result<json::object> { return replacement(old, fresh, now); });
}

result<json::object> delete_attribute(json::object const& entity, std::string_view attr_iri,
                                      std::optional<std::string_view> dataset_id,
                                      bool delete_all, std::string_view now) {
  json::object out = entity;
  auto* target = out.if_contains(attr_iri);
  if (target == nullptr || !target->is_array() || !is_attribute_key(attr_iri)) {
    return not_found(attr_iri, {});
  }
  if (delete_all) {
    out.erase(attr_iri);
  } else {
    auto ds = dataset_id.value_or(std::string_view{});
    auto& instances = target->as_array();
    auto idx = find_instance(instances, ds);
    if (idx == kNone) return not_found(attr_iri, ds);
    instances.erase(instances.begin() + static_cast<std::ptrdiff_t>(idx));
    if (instances.empty()) out.erase(attr_iri);
  }
  touch_entity(out, now);
  return out;
}

result<json::object> upsert_entity(json::object const* entity, json::object expanded,
                                   upsert_mode mode, std::string_view now) {
  if (entity == nullptr) return make_created(std::move(expanded), now);
  if (mode == upsert_mode::replace) return replace_entity(*entity, std::move(expanded), now);
  auto r = append_attributes(*entity, expanded, now, false);
  if (!r) return std::move(r).err();
  return std::move(r->entity);
}

}  // namespace cityos::ngsild
