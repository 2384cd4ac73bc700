// SPDX-License-Identifier: Apache-2.0
#include "ngsild/entity/entity_input.h"

#include <cctype>
#include <string>
#include <utility>

#include "ngsild/entity/detail/attribute_input.h"
#include "ngsild/entity/stored_entity.h"

namespace cityos::ngsild {
namespace {

error bad(std::string detail) { return make_error(error_code::bad_request, std::move(detail)); }

// std::isspace(c) || std::iscntrl(c) in the "C" locale (CityOS never sets
// another), inline: ids and attribute names of every written entity pass
// through it byte by byte.
constexpr bool is_space_or_control(unsigned char c) { return c <= 0x20 || c == 0x7f; }

bool is_ignored_member(std::string_view key) {
  return key == "@context" || key == kCreatedAt || key == kModifiedAt || key == "deletedAt";
}

result<json::value> expand_id(json::value const& v) {
  if (!v.is_string() || !is_uri(v.get_string())) return bad("entity id must be a URI");
  return v;
}

result<json::value> expand_types(json::value const& v, context const& ctx) {
  json::array out;
  auto add = [&](json::value const& t) -> bool {
    if (!t.is_string() || !is_valid_attribute_name(t.get_string())) return false;
    auto iri = ctx.expand_term(t.get_string());
    if (iri.starts_with('@')) return false;  // a JSON-LD keyword ("type" -> "@type")
    bool dup = false;
    for (auto const& e : out) dup = dup || e.get_string() == iri;
    if (!dup) out.emplace_back(iri);
    return true;
  };
  std::string const msg = "entity type must be a valid name or a non-empty array of them";
  if (v.is_array()) {
    if (v.get_array().empty()) return bad(msg);
    for (auto const& t : v.get_array()) {
      if (!add(t)) return bad(msg);
    }
  } else if (!add(v)) {
    return bad(msg);
  }
  return json::value(std::move(out));
}

bool is_valid_scope(json::value const& v) {
  if (!v.is_string()) return false;
  std::string_view s = v.get_string();
  if (s.size() < 2 || s[0] != '/' || s.back() == '/') return false;
  for (unsigned char c : s) {
    if (is_space_or_control(c)) return false;
  }
  return s.find("//") == std::string_view::npos;
}

result<json::value> expand_scope(json::value const& v, input_options const& options) {
  if (options.merge && (v.is_null() || (v.is_string() && v.get_string() == kNullUri))) {
    return json::value(json::array{kNullUri});
  }
  std::string const msg = "scope must be a scope string (\"/a/b\") or an array of them";
  json::array out;
  if (v.is_array()) {
    if (v.get_array().empty()) return bad(msg);
    for (auto const& s : v.get_array()) {
      if (!is_valid_scope(s)) return bad(msg);
      out.push_back(s);
    }
  } else if (is_valid_scope(v)) {
    out.push_back(v);
  } else {
    return bad(msg);
  }
  return json::value(std::move(out));
}

// Expands the id/type/scope members present in `input` into `out` (in that
// order). `require` makes id and type mandatory.
result<void> expand_core_members(json::object const& input, context const& ctx,
                                 input_options const& options, bool require,
                                 json::object& out) {
  if (auto const* id = input.if_contains(kId)) {
    auto r = expand_id(*id);
    if (!r) return std::move(r).err();
    out[kId] = std::move(*r);
  } else if (require) {
    return bad("entity id is missing");
  }
  if (auto const* type = input.if_contains(kType)) {
    auto r = expand_types(*type, ctx);
    if (!r) return std::move(r).err();
    out[kType] = std::move(*r);
  } else if (require) {
    return bad("entity type is missing");
  }
  if (auto const* scope = input.if_contains(kScope)) {
    auto r = expand_scope(*scope, options);
    if (!r) return std::move(r).err();
    out[kScope] = std::move(*r);
  }
  return {};
}

result<json::object> expand_members(json::object const& input, context const& ctx,
                                    input_options const& options, bool require) {
  json::object out(input.size() + 2);  // room for createdAt and modifiedAt, stamped next
  if (auto ok = expand_core_members(input, ctx, options, require, out); !ok) {
    return std::move(ok).err();
  }
  input_options attr_options = options;
  attr_options.partial = false;
  for (auto const& [key, v] : input) {
    if (key == kId || key == kType || key == kScope || is_ignored_member(key)) continue;
    std::string const name(key);
    if (!is_valid_attribute_name(name)) return bad("invalid attribute name '" + name + "'");
    auto iri = ctx.expand_term(name);
    if (!is_attribute_key(iri) || iri.starts_with('@') || out.contains(iri)) {
      return bad("attribute '" + name + "' is not allowed or given twice");
    }
    auto instances = detail::expand_attribute_value(name, iri, v, ctx, attr_options);
    if (!instances) return std::move(instances).err();
    out[iri] = std::move(*instances);
  }
  return out;
}

bool is_scheme_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

}  // namespace

bool is_uri(std::string_view s) {
  auto colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= s.size()) return false;
  if (!std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    if (!is_scheme_char(s[i])) return false;
  }
  for (unsigned char c : s) {
    if (is_space_or_control(c) || c == '<' || c == '>' || c == '"') return false;
  }
  return true;
}

bool is_valid_attribute_name(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    if (is_space_or_control(c)) return false;
    switch (c) {
      case '<': case '>': case '"': case '\'': case '=': case ';':
      case '(': case ')': case '\\':
        return false;
      default:
        break;
    }
  }
  return true;
}

bool is_null_marker(json::object const& instance) {
  auto const* t = instance.if_contains("type");
  std::string_view type = t != nullptr && t->is_string() ? std::string_view(t->get_string())
                                                         : std::string_view("Property");
  auto const* v = instance.if_contains(detail::value_member_of(type));
  if (v == nullptr) return false;
  auto is_null_uri = [](json::value const& x) { return x.is_string() && x.get_string() == kNullUri; };
  if (auto const* map = v->if_object()) {  // languageMap {"@none": "urn:ngsi-ld:null"}
    auto const* none = map->size() == 1 ? map->if_contains("@none") : nullptr;
    return none != nullptr && is_null_uri(*none);
  }
  if (auto const* list = v->if_array()) return list->size() == 1 && is_null_uri((*list)[0]);
  return is_null_uri(*v);
}

result<json::object> expand_entity(json::object const& input, context const& ctx,
                                   input_options const& options) {
  return expand_members(input, ctx, options, true);
}

result<json::object> expand_fragment(json::object const& input, context const& ctx,
                                     input_options const& options) {
  return expand_members(input, ctx, options, false);
}

result<json::object> expand_attribute(std::string_view attr_name, json::value const& input,
                                      context const& ctx, input_options const& options) {
  std::string const name(attr_name);
  if (!is_valid_attribute_name(name)) return bad("invalid attribute name '" + name + "'");
  auto iri = ctx.expand_term(name);
  if (name == kId || name == kType || name == kScope || !is_attribute_key(iri) ||
      iri.starts_with('@')) {
    return bad("'" + name + "' is not an attribute");
  }
  if (!input.is_object() && !input.is_array()) {
    return bad("attribute '" + name + "': body must be a JSON object or array");
  }
  auto instances = detail::expand_attribute_value(name, iri, input, ctx, options);
  if (!instances) return std::move(instances).err();
  json::object out;
  out[iri] = std::move(*instances);
  return out;
}

}  // namespace cityos::ngsild
