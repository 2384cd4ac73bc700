// SPDX-License-Identifier: Apache-2.0
#include "ngsild/entity/entity_render.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <utility>

#include "ngsild/entity/detail/attribute_input.h"

namespace cityos::ngsild {
namespace {

// Language tags of a `lang` parameter, best first.
using lang_list = std::vector<std::string>;

lang_list parse_lang(std::string_view s) {
  std::vector<std::pair<std::string, double>> ranked;
  while (!s.empty()) {
    auto comma = s.find(',');
    auto item = s.substr(0, comma);
    s = comma == std::string_view::npos ? std::string_view{} : s.substr(comma + 1);
    double q = 1.0;
    if (auto semi = item.find(';'); semi != std::string_view::npos) {
      auto param = item.substr(semi + 1);
      if (auto eq = param.find('='); eq != std::string_view::npos) {
        q = std::strtod(std::string(param.substr(eq + 1)).c_str(), nullptr);
      }
      item = item.substr(0, semi);
    }
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) ranked.emplace_back(std::string(item), q);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](auto const& a, auto const& b) { return a.second > b.second; });
  lang_list out;
  for (auto& [tag, q] : ranked) out.push_back(std::move(tag));
  return out;
}

bool same_tag(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The (tag, text) of `map` best matching `langs`; the text allocated from `sp`.
std::pair<std::string, json::value> pick_language(json::object const& map,
                                                  lang_list const& langs,
                                                  json::storage_ptr const& sp) {
  if (map.empty()) return {"@none", json::value(sp)};
  for (auto const& want : langs) {
    if (want == "*") return {std::string(map.begin()->key()), json::value(map.begin()->value(), sp)};
    for (auto const& [tag, text] : map) {
      if (same_tag(tag, want)) return {std::string(tag), json::value(text, sp)};
    }
  }
  if (auto const* none = map.if_contains("@none")) return {"@none", json::value(*none, sp)};
  return {std::string(map.begin()->key()), json::value(map.begin()->value(), sp)};
}

// Builds the output tree; every value it makes is allocated from `sp_`, so
// that a caller can render into an arena.
class renderer {
 public:
  renderer(context const& ctx, render_options const& options, json::storage_ptr sp)
      : ctx_(ctx), options_(options), sp_(std::move(sp)) {
    if (options.lang) langs_ = parse_lang(*options.lang);
  }

  bool keep(std::string_view name, bool is_attribute) const {
    auto has = [&](std::vector<std::string> const& v) {
      return std::find(v.begin(), v.end(), name) != v.end();
    };
    if (is_attribute && options_.attrs && !has(*options_.attrs)) return false;
    if (options_.pick && !has(*options_.pick)) return false;
    return !has(options_.omit);
  }

  json::value types(json::value const& stored) const {
    auto const* a = stored.if_array();
    if (a != nullptr && a->size() == 1) return compact_all((*a)[0]);
    return compact_all(stored);
  }

  json::value attribute(std::string const& iri, json::array const& instances) const {
    if (options_.format == render_format::simplified) {
      if (instances.size() == 1) return simple_value(iri, instances[0].as_object());
      json::array out(sp_);
      for (auto const& i : instances) out.push_back(simple_value(iri, i.as_object()));
      return out;
    }
    if (instances.size() == 1) return instance(iri, instances[0].as_object(), true);
    json::array out(sp_);  // concise: no bare values here, they would read as one array value
    for (auto const& i : instances) out.push_back(instance(iri, i.as_object(), false));
    return out;
  }

 private:
  std::string compact(std::string_view iri) const { return ctx_.compact_iri(iri); }

  json::value compact_all(json::value const& v) const {
    if (v.is_string()) return json::value(compact(v.get_string()), sp_);
    auto const* a = v.if_array();
    if (a == nullptr) return json::value(v, sp_);
    json::array out(sp_);
    out.reserve(a->size());
    for (auto const& e : *a) {
      if (e.is_string()) {
        out.emplace_back(compact(e.get_string()));
      } else {
        out.push_back(e);
      }
    }
    return out;
  }

  json::value copy(json::value const& v) const { return json::value(v, sp_); }

  static std::string_view type_of(json::object const& i) {
    auto const* t = i.if_contains("type");
    return t != nullptr && t->is_string() ? std::string_view(t->get_string()) : "Property";
  }

  // The value member of `i`, compacted where it holds vocabulary terms.
  json::value value_of(std::string const& iri, json::object const& i) const {
    auto type = type_of(i);
    auto const* v = i.if_contains(detail::value_member_of(type));
    if (v == nullptr) return json::value(nullptr, sp_);
    if (type == "VocabProperty") return compact_all(*v);
    if (type == "Property" && v->is_string() && ctx_.is_vocab_term(iri)) {
      return json::value(compact(v->get_string()), sp_);
    }
    return copy(*v);
  }

  bool use_lang(json::object const& i) const {
    return options_.lang.has_value() && type_of(i) == "LanguageProperty" &&
           i.contains("languageMap") && i.at("languageMap").is_object();
  }

  json::value simple_value(std::string const& iri, json::object const& i) const {
    if (use_lang(i)) return pick_language(i.at("languageMap").as_object(), langs_, sp_).second;
    return value_of(iri, i);
  }

  static bool is_geometry(json::value const& v) {
    auto const* o = v.if_object();
    return o != nullptr && o->contains("type") &&
           (o->contains("coordinates") || o->contains("geometries"));
  }

  static bool plain_value(json::value const& v) {
    if (v.is_object()) return false;
    if (auto const* a = v.if_array()) {
      return std::none_of(a->begin(), a->end(), [](auto const& e) { return e.is_object(); });
    }
    return true;
  }

  // Writes type and value member (lang applied) of `i` into `out`.
  void head(std::string const& iri, json::object const& i, json::object& out) const {
    bool const concise = options_.format == render_format::concise;
    auto type = type_of(i);
    if (use_lang(i)) {
      auto [tag, text] = pick_language(i.at("languageMap").as_object(), langs_, sp_);
      if (!concise) out["type"] = "Property";
      out["value"] = std::move(text);
      out["lang"] = tag;
      return;
    }
    auto member = detail::value_member_of(type);
    json::value v = value_of(iri, i);
    bool const inferable = type != "Property" || !is_geometry(v);
    if (!concise || !inferable) out["type"] = type;
    if (i.contains(member)) out[member] = std::move(v);
  }

  json::value instance(std::string const& iri, json::object const& i, bool may_be_bare) const {
    json::object out(sp_);
    head(iri, i, out);
    auto member = detail::value_member_of(type_of(i));
    for (auto const& [key, v] : i) {
      if (key == "type" || key == member || key == kCreatedAt || key == kModifiedAt) continue;
      if (key == "objectType") {
        out[key] = compact_all(v);
      } else if (is_sub_attribute_key(key) && v.is_object()) {
        std::string const sub_iri(key);
        out[compact(key)] = instance(sub_iri, v.as_object(), true);
      } else if (!out.contains(key)) {
        out[key] = v;
      }
    }
    add_sys_attrs(i, out);
    if (may_be_bare && options_.format == render_format::concise && out.size() == 1 &&
        out.contains("value") && plain_value(out.at("value"))) {
      return std::move(out.at("value"));
    }
    return out;
  }

 public:
  void add_sys_attrs(json::object const& from, json::object& out) const {
    if (!options_.sys_attrs) return;
    for (auto key : {kCreatedAt, kModifiedAt}) {
      if (auto const* v = from.if_contains(key)) out[key] = *v;
    }
  }

 private:
  context const& ctx_;
  render_options const& options_;
  json::storage_ptr sp_;
  lang_list langs_;
};

}  // namespace

json::object render_entity(json::object const& stored, context const& ctx,
                           render_options const& options, json::storage_ptr sp) {
  renderer r(ctx, options, sp);
  json::object out(sp);
  if (auto const* id = stored.if_contains(kId); id != nullptr && r.keep(kId, false)) {
    out[kId] = *id;
  }
  if (auto const* t = stored.if_contains(kType); t != nullptr && r.keep(kType, false)) {
    out[kType] = r.types(*t);
  }
  if (auto const* s = stored.if_contains(kScope); s != nullptr && r.keep(kScope, false)) {
    auto const* a = s->if_array();
    out[kScope] = a != nullptr && a->size() == 1 ? (*a)[0] : *s;  // copied into out's storage
  }
  for (auto const& [key, v] : stored) {
    if (!is_attribute_key(key) || !v.is_array() || !r.keep(key, true)) continue;
    std::string const iri(key);
    out[ctx.compact_iri(iri)] = r.attribute(iri, v.get_array());
  }
  r.add_sys_attrs(stored, out);
  return out;
}

void append_rendered_entity(json::object const& stored, context const& ctx,
                            render_options const& options, std::string& out) {
  // Enough for a five-attribute entity's tree; larger ones take more blocks.
  unsigned char first_block[8192];
  json::monotonic_resource arena(first_block, sizeof first_block);
  dump_to(render_entity(stored, ctx, options, &arena), out);
}

json::object render_geojson_feature(json::object const& stored, context const& ctx,
                                    render_options const& options) {
  json::value geometry = nullptr;
  if (auto const* g = stored.if_contains(options.geometry_property);
      g != nullptr && g->is_array()) {
    for (auto const& inst : g->get_array()) {
      auto const* o = inst.if_object();
      if (o == nullptr || !o->contains("value")) continue;
      if (geometry.is_null() || !o->contains("datasetId")) geometry = o->at("value");
      if (!o->contains("datasetId")) break;
    }
  }
  auto properties = render_entity(stored, ctx, options);
  json::object out;
  if (auto const* id = stored.if_contains(kId)) out[kId] = *id;
  out[kType] = "Feature";
  out["geometry"] = std::move(geometry);
  properties.erase(kId);
  out["properties"] = std::move(properties);
  return out;
}

json::object make_feature_collection(json::array features) {
  json::object out;
  out[kType] = "FeatureCollection";
  out["features"] = std::move(features);
  return out;
}

}  // namespace cityos::ngsild
