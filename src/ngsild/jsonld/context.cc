// SPDX-License-Identifier: Apache-2.0
#include "ngsild/jsonld/context.h"

#include <algorithm>

#include "ngsild/jsonld/detail/core_terms.h"

namespace cityos::ngsild {
namespace {

constexpr int kMaxDefinitionDepth = 16;

// True if `s` is an RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
bool is_scheme(std::string_view s) {
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (s.empty() || !alpha(s[0])) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
  });
}

bool ends_with_gen_delim(std::string_view iri) {
  return !iri.empty() && std::string_view(":/?#[]@").find(iri.back()) != std::string_view::npos;
}

bool is_core_term(std::string_view term) {
  auto const& core = detail::core();
  return core.term_to_iri.contains(term) || core.prefixes.contains(term);
}

// Splits "prefix:suffix" when it may be a compact IRI (not "scheme://...").
bool split_compact(std::string_view s, std::string_view& prefix, std::string_view& suffix) {
  auto colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  prefix = s.substr(0, colon);
  suffix = s.substr(colon + 1);
  return !suffix.starts_with("//");
}

// Resolves the IRI of user term definitions, which may use other user terms
// or core prefixes ("schema:name", "ngsi-ld:foo") and the user's @vocab.
class definition_resolver {
 public:
  definition_resolver(json::object const& defs, std::string const& vocab)
      : defs_(defs), vocab_(vocab) {}

  result<std::string> iri_of_term(std::string_view term, int depth) const {
    if (depth > kMaxDefinitionDepth) {
      return make_error(error_code::bad_request,
                        "@context term definitions are cyclic at '" + std::string(term) + "'");
    }
    auto const* def = defs_.if_contains(term);
    if (def != nullptr && def->is_string()) return expand(def->get_string(), depth + 1);
    if (def != nullptr && def->is_object()) {
      auto const* id = def->as_object().if_contains("@id");
      if (id != nullptr && id->is_string()) return expand(id->get_string(), depth + 1);
      // No @id: a compact or absolute IRI term names itself.
      if (term.find(':') != std::string_view::npos) return expand_self(term, depth + 1);
    }
    auto const& core = detail::core();
    if (auto it = core.term_to_iri.find(term); it != core.term_to_iri.end()) return it->second;
    if (auto it = core.prefixes.find(term); it != core.prefixes.end()) return it->second;
    return vocab_ + std::string(term);
  }

  // Expands a term that is itself a compact IRI ("schema:name") or an IRI.
  result<std::string> expand_self(std::string_view term, int depth) const {
    std::string_view prefix;
    std::string_view suffix;
    if (split_compact(term, prefix, suffix) && (defs_.contains(prefix) || is_core_term(prefix))) {
      auto base = iri_of_term(prefix, depth);
      if (!base) return base;
      return std::move(*base) + std::string(suffix);
    }
    return std::string(term);
  }

  // Expands an IRI-valued definition string.
  result<std::string> expand(std::string_view value, int depth) const {
    if (value.starts_with('@')) return std::string(value);
    std::string_view prefix;
    std::string_view suffix;
    if (split_compact(value, prefix, suffix)) {
      if (defs_.contains(prefix) || is_core_term(prefix)) {
        auto base = iri_of_term(prefix, depth);
        if (!base) return base;
        return std::move(*base) + std::string(suffix);
      }
    }
    if (auto colon = value.find(':'); colon != std::string_view::npos) {
      if (is_scheme(value.substr(0, colon))) return std::string(value);
    }
    if (defs_.contains(value) || is_core_term(value)) return iri_of_term(value, depth);
    return vocab_ + std::string(value);
  }

 private:
  json::object const& defs_;
  std::string const& vocab_;
};

term_value_kind kind_of(std::string_view type) {
  if (type == "@vocab") return term_value_kind::vocab;
  if (type == "@id") return term_value_kind::id;
  if (type == "@json") return term_value_kind::json;
  return term_value_kind::plain;
}

// What a term definition says besides its IRI.
struct definition_shape {
  term_value_kind kind = term_value_kind::plain;
  bool prefix_flag = false;  // "@prefix": true
  bool decoupled = false;    // "@id": null: the term maps to nothing
};

result<definition_shape> read_shape(std::string_view term, json::value const& def) {
  definition_shape shape;
  if (def.is_string()) return shape;
  if (!def.is_object()) {
    return make_error(error_code::bad_request, "@context: the definition of term '" +
                                                   std::string(term) +
                                                   "' must be a string or an object");
  }
  auto const& obj = def.as_object();
  auto const* id = obj.if_contains("@id");
  auto const* type = obj.if_contains("@type");
  if ((id != nullptr && !id->is_string() && !id->is_null()) ||
      (type != nullptr && !type->is_string())) {
    return make_error(error_code::bad_request,
                      "@context: invalid definition of term '" + std::string(term) + "'");
  }
  shape.decoupled = id != nullptr && id->is_null();
  if (type != nullptr) shape.kind = kind_of(type->get_string());
  auto const* pf = obj.if_contains("@prefix");
  shape.prefix_flag = pf != nullptr && pf->is_bool() && pf->get_bool();
  return shape;
}

// Prefers the shortest, then lexicographically least term (JSON-LD's choice),
// so compaction does not depend on hash order.
void add_reverse(context::string_map& iri_to_term, std::string const& iri, std::string_view term) {
  auto [it, inserted] = iri_to_term.try_emplace(iri, term);
  if (inserted) return;
  if (term.size() < it->second.size() || (term.size() == it->second.size() && term < it->second)) {
    it->second = term;
  }
}

}  // namespace

std::shared_ptr<context const> context::core() {
  static std::shared_ptr<context const> const instance =
      std::make_shared<context const>(build_tag{});
  return instance;
}

result<std::shared_ptr<context const>> context::make(json::object const& definitions,
                                                     std::vector<std::string> urls) {
  auto ctx = std::make_shared<context>(build_tag{});
  ctx->urls_ = std::move(urls);
  if (auto r = ctx->add_definitions(definitions); !r) return std::move(r).err();
  return std::shared_ptr<context const>(std::move(ctx));
}

result<void> context::add_definitions(json::object const& definitions) {
  if (auto const* v = definitions.if_contains("@vocab")) {
    if (v->is_string()) {
      definition_resolver base(definitions, vocab_);
      auto iri = base.expand(v->get_string(), 0);
      if (!iri) return std::move(iri).err();
      vocab_ = std::move(*iri);
      user_vocab_ = true;
    } else if (!v->is_null()) {
      return make_error(error_code::bad_request, "@context: \"@vocab\" must be a string or null");
    }
  }
  definition_resolver resolver(definitions, vocab_);
  for (auto const& [key, def] : definitions) {
    std::string_view term = key;
    // "@vocab" is handled above; other keywords (@version, @protected, ...)
    // do not change term mapping here, and JSON-LD ignores unknown "@x" keys.
    if (term.starts_with('@')) continue;
    if (def.is_null() || is_core_term(term)) continue;  // core terms are protected
    auto shape = read_shape(term, def);
    if (!shape) return std::move(shape).err();
    if (shape->decoupled) continue;
    bool prefix_flag = shape->prefix_flag;
    auto kind = shape->kind;
    auto iri = resolver.iri_of_term(term, 0);
    if (!iri) return std::move(iri).err();
    if (def.is_string() && ends_with_gen_delim(*iri)) prefix_flag = true;
    if (prefix_flag) prefixes_.insert_or_assign(std::string(term), *iri);
    if (kind != term_value_kind::plain) value_kinds_.insert_or_assign(*iri, kind);
    if (!iri->starts_with('@')) add_reverse(iri_to_term_, *iri, term);
    term_to_iri_.insert_or_assign(std::string(term), std::move(*iri));
  }
  return {};
}

namespace {

// The value of `key` in a context's own map, else in the core context's; null
// if in neither. An empty map is not looked into: hashing a long IRI is most of
// a lookup's cost, and most contexts define few terms.
template <typename Map>
typename Map::mapped_type const* find_own_or_core(Map const& own, Map const& core,
                                                  std::string_view key) {
  for (auto const* m : {&own, &core}) {
    if (m->empty()) continue;
    if (auto it = m->find(key); it != m->end()) return &it->second;
  }
  return nullptr;
}

}  // namespace

std::string const* context::find_prefix(std::string_view prefix) const {
  return find_own_or_core(prefixes_, detail::core().prefixes, prefix);
}

std::string context::expand_term(std::string_view term) const {
  if (term.starts_with('@')) return std::string(term);
  if (auto const* iri = find_own_or_core(term_to_iri_, detail::core().term_to_iri, term)) return *iri;
  std::string_view prefix;
  std::string_view suffix;
  if (split_compact(term, prefix, suffix)) {
    if (auto const* base = find_prefix(prefix)) return *base + std::string(suffix);
  }
  if (auto colon = term.find(':'); colon != std::string_view::npos) {
    if (is_scheme(term.substr(0, colon))) return std::string(term);
  }
  return vocab_ + std::string(term);
}

std::string context::compact_iri(std::string_view iri) const {
  auto const& core = detail::core();
  if (auto const* term = find_own_or_core(iri_to_term_, core.iri_to_term, iri)) return *term;
  // A candidate must expand back to `iri`: not a term, no colon ambiguity.
  auto expands_back = [&](std::string const& candidate) {
    return expand_term(candidate) == iri;
  };
  if (iri.size() > vocab_.size() && iri.starts_with(vocab_)) {
    // expand_term(rest) == iri, without building it: a term expands to its
    // IRI, any other colon-free name (not a keyword) to vocab_ + itself.
    std::string_view const rest = iri.substr(vocab_.size());
    if (rest.find(':') == std::string_view::npos && !rest.starts_with('@')) {
      auto const* defined = find_own_or_core(term_to_iri_, core.term_to_iri, rest);
      if (defined == nullptr || *defined == iri) return std::string(rest);
    }
  }
  std::string best;
  auto try_prefixes = [&](string_map const& prefixes) {
    for (auto const& [name, base] : prefixes) {
      if (iri.size() <= base.size() || !iri.starts_with(base)) continue;
      std::string candidate = name + ':' + std::string(iri.substr(base.size()));
      if ((best.empty() || candidate.size() < best.size()) && expands_back(candidate)) {
        best = std::move(candidate);
      }
    }
  };
  try_prefixes(prefixes_);
  if (best.empty()) try_prefixes(core.prefixes);
  return best.empty() ? std::string(iri) : best;
}

term_value_kind context::value_kind(std::string_view iri) const {
  auto const* kind = find_own_or_core(value_kinds_, detail::core().value_kinds, iri);
  return kind != nullptr ? *kind : term_value_kind::plain;
}

bool context::is_vocab_term(std::string_view iri) const {
  return value_kind(iri) == term_value_kind::vocab;
}

}  // namespace cityos::ngsild
