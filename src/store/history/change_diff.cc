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

std::string_view dataset_of(json::object const& inst) {
  auto const* d = inst.if_contains("datasetId");
  return d && d->is_string() ? std::string_view(d->get_string()) : std::string_view();
}

bool same_value(json::value const& a, json::value const& b);

// a == b, comparing members pairwise while both are in the same order (an
// instance the write left alone is a copy of the one before, in its order).
bool same_object(json::object const& a, json::object const& b) {
  if (a.size() != b.size()) return false;
  for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
    if (i->key() != j->key()) return a == b;
    if (!same_value(i->value(), j->value())) return false;
  }
  return true;
}

bool same_value(json::value const& a, json::value const& b) {
  if (a.is_object() && b.is_object()) return same_object(a.get_object(), b.get_object());
  if (a.is_array() && b.is_array()) {
    auto const& x = a.get_array();
    auto const& y = b.get_array();
    if (x.size() != y.size()) return false;
    for (std::size_t k = 0; k < x.size(); ++k) {
      if (!same_value(x[k], y[k])) return false;
    }
    return true;
  }
  return a == b;
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

// The instance of `attr` with `dataset` in `entity`, if any. `hint`: where
// `attr` is likely to be in `entity` (the entities before and after a write
// keep their members in the same order), advanced past it when it is.
json::object const* find_instance(json::object const* entity, std::string_view attr,
                                  std::string_view dataset,
                                  json::object::const_iterator* hint = nullptr) {
  if (!entity) return nullptr;
  bool const hit = hint && *hint != entity->end() && (*hint)->key() == attr;
  auto const it = hit ? *hint : entity->find(attr);
  if (it == entity->end()) return nullptr;
  if (hint) *hint = std::next(it);
  auto const* a = &it->value();
  if (!a->is_array()) return nullptr;
  for (auto const& i : a->get_array()) {
    if (i.is_object() && dataset_of(i.get_object()) == dataset) return &i.get_object();
  }
  return nullptr;
}

// Calls fn(attribute IRI, instance, counterpart, element) for every attribute
// instance of `e`; the counterpart is the instance of the same attribute and
// datasetId in `other`, or nullptr; `element` numbers the elements of all
// array members of `e` in order, as dump_to() with elements lists them.
template <typename Fn>
void for_each_instance(json::object const& e, json::object const* other, Fn&& fn) {
  json::object::const_iterator hint;
  if (other) hint = other->begin();
  std::size_t element = 0;
  for (auto const& [key, v] : e) {
    if (!v.is_array()) continue;
    auto const& instances = v.get_array();
    if (!ngsild::is_attribute_key(key)) {
      element += instances.size();
      continue;
    }
    bool first = true;  // the hint moves on with an attribute's first instance
    for (auto const& i : instances) {
      std::size_t const at = element++;
      if (!i.is_object()) continue;
      auto const& inst = i.get_object();
      fn(key, inst, find_instance(other, key, dataset_of(inst), first ? &hint : nullptr), at);
      first = false;
    }
  }
}

// The text of element `at` of `t` (see dump_to() with elements), or "" if
// there is no text.
std::string_view element_text(written_entity const* t, std::size_t at) {
  if (!t || at >= t->elements.size()) return {};
  auto const span = t->elements[at];
  return std::string_view(t->text).substr(span.begin, span.end - span.begin);
}

// A time already parsed: the entity's modifiedAt, which the instances a write
// stamped carry too (and, for new ones, as their createdAt).
struct known_time {
  std::string_view text;
  epoch_ms value = 0;
};

std::optional<epoch_ms> read_time(json::value const& v, known_time const& known) {
  if (!v.is_string()) return std::nullopt;
  std::string_view const text = v.get_string();
  if (!known.text.empty() && text == known.text) return known.value;
  return parse_iso8601(text);
}

// make_instance_row(), reading the body's members in one pass; `text`: the
// body's JSON text if known, else it is serialized.
instance_row row_of(json::object const& body, epoch_ms fallback, known_time const& known,
                    std::string_view text = {}) {
  instance_row h;
  std::optional<epoch_ms> modified, created, observed;
  for (auto const& [key, v] : body) {
    if (key == ngsild::kModifiedAt) {
      modified = read_time(v, known);
    } else if (key == ngsild::kCreatedAt) {
      created = read_time(v, known);
    } else if (key == "observedAt") {
      observed = read_time(v, known);
    } else if (key == "deletedAt") {
      h.deleted_at = read_time(v, known);
    } else if (key == "datasetId" && v.is_string()) {
      h.dataset_id = v.get_string();
    }
  }
  h.modified_at = modified.value_or(fallback);
  h.created_at = created.value_or(h.modified_at);
  h.observed_at = observed.value_or(h.modified_at);
  if (!h.deleted_at) h.number = detail::numeric_value(body);
  if (text.empty()) {
    dump_to(body, h.body);
  } else {
    h.body = text;
  }
  return h;
}

}  // namespace

instance_row make_instance_row(json::object const& body, epoch_ms fallback) {
  return row_of(body, fallback, {});
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
  r.created = before == nullptr;
  r.entity.types = types_of(*current);
  known_time modified;  // the entity's modifiedAt, if it has one
  if (auto const* m = after ? after->if_contains(ngsild::kModifiedAt) : nullptr) {
    if (auto t = read_time(*m, {})) modified = {m->get_string(), *t};
  }
  r.entity.modified_at = modified.text.empty() ? now : modified.value;
  r.entity.created_at = time_member(*current, ngsild::kCreatedAt).value_or(r.entity.modified_at);
  if (!after) r.entity.deleted_at = now;
  if (after) {
    auto const* text = change.after_text.get();
    for_each_instance(*after, before, [&](std::string_view attr, json::object const& inst,
                                          json::object const* old, std::size_t at) {
      if (old && same_object(*old, inst)) return;
      r.instances.emplace_back(
          attr, row_of(inst, r.entity.modified_at, modified, element_text(text, at)));
    });
  }
  if (before) {
    epoch_ms const at = after ? r.entity.modified_at : now;
    for_each_instance(*before, after, [&](std::string_view attr, json::object const& inst,
                                          json::object const* kept, std::size_t) {
      if (!kept) r.instances.emplace_back(attr, make_deletion_marker(inst, at));
    });
  }
  return r;
}

}  // namespace cityos::store
