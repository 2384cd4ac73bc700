// SPDX-License-Identifier: Apache-2.0
// Evaluation walks each instance of the attribute, resolves the path to the
// target value(s) and hands each scalar to a predicate; nothing is copied.
#include "ngsild/query/q_evaluator.h"

#include <algorithm>
#include <optional>

namespace cityos::ngsild {
namespace {

// A resolved target: one JSON value plus whether it came from a Relationship.
struct target {
  json::value const* value;
  bool relationship;
};

json::value const* find(json::object const& o, std::string_view key) {
  auto it = o.find(key);
  return it == o.end() ? nullptr : &it->value();
}

std::string_view member_key(q_member m) {
  switch (m) {
    case q_member::observed_at: return "observedAt";
    case q_member::created_at: return "createdAt";
    case q_member::modified_at: return "modifiedAt";
    case q_member::unit_code: return "unitCode";
    case q_member::dataset_id: return "datasetId";
    case q_member::none: break;
  }
  return {};
}

// Follows `keys` into a compound value; nullptr when a key is undefined.
template <typename It>
json::value const* follow(json::value const* v, It begin, It end) {
  for (It it = begin; it != end && v; ++it) {
    v = v->is_object() ? find(v->get_object(), *it) : nullptr;
  }
  return v;
}

// Calls visit(target) for each element the comparison applies to (array
// elements one level deep); stops early and returns true once visit does.
template <typename Visit>
bool each_element(json::value const& v, bool relationship, Visit const& visit) {
  if (v.is_array()) {
    for (json::value const& e : v.get_array()) {
      if (visit(target{&e, relationship})) return true;
    }
    return false;
  }
  return visit(target{&v, relationship});
}

template <typename Visit>
bool visit_language_map(json::value const& map, std::vector<std::string> const& trailing,
                        Visit const& visit) {
  if (!map.is_object()) return false;
  if (trailing.empty() || trailing.front() == "*") {
    for (auto const& kv : map.get_object()) {
      if (each_element(kv.value(), false, visit)) return true;
    }
    return false;
  }
  json::value const* v = follow(&map, trailing.begin(), trailing.begin() + 1);
  return v && each_element(*v, false, visit);
}

// Visits the comparable value(s) of an attribute instance, after `trailing`.
template <typename Visit>
bool visit_instance_value(json::object const& inst, std::vector<std::string> const& trailing,
                          Visit const& visit) {
  json::value const* type = find(inst, "type");
  std::string_view t = type && type->is_string() ? std::string_view(type->get_string()) : "";
  std::string_view key = "value";
  bool relationship = false;
  if (t == "Relationship") key = "object", relationship = true;
  else if (t == "ListRelationship") key = "objectList", relationship = true;
  else if (t == "LanguageProperty") {
    json::value const* map = find(inst, "languageMap");
    return map && visit_language_map(*map, trailing, visit);
  } else if (t == "VocabProperty") key = "vocab";
  else if (t == "JsonProperty") key = "json";
  else if (t == "ListProperty") key = "valueList";
  json::value const* v = find(inst, key);
  if (v && !trailing.empty()) {
    if (v->is_object() && v->get_object().contains("@value")) v = find(v->get_object(), "@value");
    v = follow(v, trailing.begin(), trailing.end());
  }
  return v && each_element(*v, relationship, visit);
}

// Visits the values the path names inside one attribute instance.
template <typename Visit>
bool visit_path(json::object const& inst, q_path const& path, Visit const& visit) {
  json::object const* cur = &inst;
  for (std::size_t i = 0; i < path.segments.size(); ++i) {
    q_segment const& seg = path.segments[i];
    bool last = i + 1 == path.segments.size();
    if (json::value const* sub = find(*cur, seg.iri); sub && sub->is_object()) {
      cur = &sub->get_object();
      continue;
    }
    if (last && seg.member != q_member::none && path.trailing.empty()) {
      json::value const* m = find(*cur, member_key(seg.member));
      return m && visit(target{m, false});
    }
    // Not a sub-attribute: the remaining dotted terms are keys into the value.
    std::vector<std::string> keys;
    for (std::size_t j = i; j < path.segments.size(); ++j) keys.push_back(path.segments[j].term);
    keys.insert(keys.end(), path.trailing.begin(), path.trailing.end());
    return visit_instance_value(*cur, keys, visit);
  }
  return visit_instance_value(*cur, path.trailing, visit);
}

// Visits every target of `path` across all instances of the attribute.
template <typename Visit>
bool visit_targets(json::object const& entity, q_path const& path, Visit const& visit) {
  json::value const* attr = find(entity, path.attribute);
  if (!attr) return false;
  if (attr->is_object()) return visit_path(attr->get_object(), path, visit);
  if (!attr->is_array()) return false;
  for (json::value const& inst : attr->get_array()) {
    if (inst.is_object() && visit_path(inst.get_object(), path, visit)) return true;
  }
  return false;
}

// Orders `v` against `lit`: <0, 0, >0; nullopt when the types do not compare.
// `ordered` is false for booleans (only equality applies).
struct ordering {
  int sign;
  bool ordered;
};

std::optional<epoch_ms> as_time(std::string_view s, q_time_kind kind) {
  if (kind == q_time_kind::time_of_day) return parse_time_of_day(s);
  if (auto t = parse_iso8601(s)) return t;
  return parse_date(s);
}

template <typename T>
int sign_of(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

std::optional<ordering> compare(json::value const& raw, q_value const& lit) {
  json::value const* v = &raw;
  if (v->is_object()) {
    v = find(v->get_object(), "@value");
    if (!v) return std::nullopt;
  }
  if (v->is_number()) {
    if (!lit.number) return std::nullopt;
    return ordering{sign_of(v->to_number<double>(), *lit.number), true};
  }
  if (v->is_bool()) {
    if (!lit.boolean) return std::nullopt;
    return ordering{v->get_bool() == *lit.boolean ? 0 : 1, false};
  }
  if (!v->is_string()) return std::nullopt;
  std::string_view s = v->get_string();
  if (lit.time) {
    if (auto t = as_time(s, lit.time_kind)) return ordering{sign_of(*t, *lit.time), true};
  }
  if (!lit.quoted && (lit.number || lit.boolean)) return std::nullopt;
  return ordering{s.compare(lit.text) < 0 ? -1 : (s == lit.text ? 0 : 1), true};
}

bool in_range(json::value const& v, q_term const& t) {
  auto lo = compare(v, *t.range_low);
  auto hi = compare(v, *t.range_high);
  return lo && hi && lo->ordered && hi->ordered && lo->sign >= 0 && hi->sign <= 0;
}

bool equals_any(json::value const& v, q_term const& t) {
  if (t.range_low) return in_range(v, t);
  return std::any_of(t.values.begin(), t.values.end(), [&](q_value const& lit) {
    auto o = compare(v, lit);
    return o && o->sign == 0;
  });
}

bool pattern_matches(json::value const& v, std::regex const& re) {
  if (!v.is_string()) return false;
  std::string_view s = v.get_string();
  try {
    return std::regex_search(s.begin(), s.end(), re);
  } catch (std::regex_error const&) {  // complexity/stack limits: treat as no match
    return false;
  }
}

bool ordered_matches(json::value const& v, q_op op, q_value const& lit) {
  auto o = compare(v, lit);
  if (!o || !o->ordered) return false;
  switch (op) {
    case q_op::greater: return o->sign > 0;
    case q_op::greater_equal: return o->sign >= 0;
    case q_op::less: return o->sign < 0;
    case q_op::less_equal: return o->sign <= 0;
    default: return false;
  }
}

bool matches_term(q_term const& t, json::object const& entity) {
  switch (t.op) {
    case q_op::exists:
      return visit_targets(entity, t.path, [](target) { return true; });
    case q_op::equal:
      return visit_targets(entity, t.path, [&](target x) { return equals_any(*x.value, t); });
    case q_op::not_equal: {
      bool seen = false;
      bool equal = visit_targets(entity, t.path, [&](target x) {
        seen = true;
        return equals_any(*x.value, t);
      });
      return seen && !equal;
    }
    case q_op::pattern:
      return visit_targets(entity, t.path, [&](target x) {
        return !x.relationship && pattern_matches(*x.value, *t.regex);
      });
    case q_op::not_pattern: {
      bool seen = false;
      bool hit = visit_targets(entity, t.path, [&](target x) {
        seen = true;
        return x.relationship || pattern_matches(*x.value, *t.regex);
      });
      return seen && !hit;
    }
    default:
      return visit_targets(entity, t.path, [&](target x) {
        return !x.relationship && ordered_matches(*x.value, t.op, t.values.front());
      });
  }
}

}  // namespace

bool matches(q_expression const& e, json::object const& stored_entity) {
  switch (e.what) {
    case q_expression::kind::term:
      return matches_term(e.term, stored_entity);
    case q_expression::kind::all_of:
      return std::all_of(e.children.begin(), e.children.end(),
                         [&](q_expression const& c) { return matches(c, stored_entity); });
    case q_expression::kind::any_of:
      return std::any_of(e.children.begin(), e.children.end(),
                         [&](q_expression const& c) { return matches(c, stored_entity); });
  }
  return false;
}

}  // namespace cityos::ngsild
