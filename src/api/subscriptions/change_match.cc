// SPDX-License-Identifier: Apache-2.0
#include "api/subscriptions/change_match.h"

#include <algorithm>

#include "ngsild/entity/stored_entity.h"

namespace cityos::api {
namespace {

bool contains(std::vector<std::string> const& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// True if one of `attrs` is watched by `s` (all are when it watches none).
bool any_watched(subscription const& s, std::vector<std::string> const& attrs) {
  if (s.watched.empty()) return !attrs.empty();
  return std::any_of(attrs.begin(), attrs.end(), [&](auto const& a) { return contains(s.watched, a); });
}

bool has_watched_attribute(subscription const& s, json::object const& e) {
  if (s.watched.empty()) return true;
  return std::any_of(s.watched.begin(), s.watched.end(), [&](auto const& a) { return e.contains(a); });
}

}  // namespace

change_summary summarize(store::entity_change const& c) {
  change_summary sum;
  if (!c.before && c.after) {
    sum.entity_created = sum.entity_changed = true;
    for (auto const& [k, v] : *c.after) {
      if (ngsild::is_attribute_key(k)) sum.created.emplace_back(k);
    }
    return sum;
  }
  if (c.before && !c.after) {
    sum.entity_deleted = sum.entity_changed = true;
    return sum;
  }
  if (!c.before || !c.after) return sum;
  auto const& before = *c.before;
  auto const& after = *c.after;
  for (auto const& [k, v] : after) {
    if (!ngsild::is_attribute_key(k)) continue;
    auto const* old = before.if_contains(k);
    if (!old) sum.created.emplace_back(k);
    else if (*old != v) sum.updated.emplace_back(k);
  }
  for (auto const& [k, v] : before) {
    if (ngsild::is_attribute_key(k) && !after.contains(k)) sum.deleted.emplace_back(k);
  }
  auto member_differs = [&](std::string_view key) {
    auto const* a = before.if_contains(key);
    auto const* b = after.if_contains(key);
    return (a == nullptr) != (b == nullptr) || (a && *a != *b);
  };
  sum.entity_changed = !sum.created.empty() || !sum.updated.empty() || !sum.deleted.empty() ||
                       member_differs(ngsild::kType) || member_differs(ngsild::kScope);
  return sum;
}

bool selects_entity(subscription const& s, json::object const& e) {
  if (s.entities.empty()) return true;
  auto const* id = e.if_contains(ngsild::kId);
  auto const* types = e.if_contains(ngsild::kType);
  if (!id || !id->is_string() || !types || !types->is_array()) return false;
  std::string_view id_text = id->get_string();
  for (auto const& sel : s.entities) {
    if (sel.id && *sel.id != id_text) continue;
    if (sel.id_pattern && !sel.id_pattern->matches(id_text)) continue;
    if (!ngsild::matches(sel.types, types->get_array())) continue;
    return true;
  }
  return false;
}

bool concerns(subscription const& s, store::entity_change const& c, change_summary const& sum) {
  json::object const* e = c.after ? c.after.get() : c.before.get();
  if (!e || !selects_entity(s, *e)) return false;
  bool fired = false;
  if (sum.entity_created) {
    fired = (s.wants(trigger::entity_created) && has_watched_attribute(s, *e)) ||
            (s.wants(trigger::attribute_created) && any_watched(s, sum.created));
  } else if (sum.entity_deleted) {
    fired = s.wants(trigger::entity_deleted) && has_watched_attribute(s, *e);
  } else if (sum.entity_changed) {
    bool const watched_change = s.watched.empty() || any_watched(s, sum.created) ||
                                any_watched(s, sum.updated) || any_watched(s, sum.deleted);
    fired = (s.wants(trigger::entity_updated) && watched_change) ||
            (s.wants(trigger::attribute_created) && any_watched(s, sum.created)) ||
            (s.wants(trigger::attribute_updated) && any_watched(s, sum.updated)) ||
            (s.wants(trigger::attribute_deleted) && any_watched(s, sum.deleted));
  }
  if (!fired) return false;
  return !s.filter || s.filter->matches(*e);
}

}  // namespace cityos::api
