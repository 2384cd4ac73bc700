// SPDX-License-Identifier: Apache-2.0
#include "ngsild/entity/entity_render.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <utility>

#include "common/written_json.h"
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

// The (tag, text) of `map` best matching `langs`; text null if `map` is empty.
std::pair<std::string_view, json::value const*> pick_language(json::object const& map,
                                                              lang_list const& langs) {
  if (map.empty()) return {"@none", nullptr};
  for (auto const& want : langs) {
    if (want == "*") return {map.begin()->key(), &map.begin()->value()};
    for (auto const& [tag, text] : map) {
      if (same_tag(tag, want)) return {tag, &text};
    }
  }
  if (auto const* none = map.if_contains("@none")) return {"@none", none};
  return {map.begin()->key(), &map.begin()->value()};
}

// Writes the response text; appends to `out_` only, in one pass over the
// stored form (no output tree).
class renderer {
 public:
  // `compacted`, if given, keeps compacted names from one entity to the next.
  renderer(context const& ctx, render_options const& options, std::string& out,
           string_map<std::string>* compacted = nullptr)
      : ctx_(ctx), options_(options), out_(out), compacted_(compacted) {
    if (options.lang) langs_ = parse_lang(*options.lang);
  }

  void entity(json::object const& stored) {
    out_ += '{';
    first_ = true;
    if (auto const* id = stored.if_contains(kId); id != nullptr && keep(kId, false)) {
      literal_key("\"id\":");
      dump_to(*id, out_);
    }
    if (auto const* t = stored.if_contains(kType); t != nullptr && keep(kType, false)) {
      literal_key("\"type\":");
      auto const* a = t->if_array();
      compact_all(a != nullptr && a->size() == 1 ? (*a)[0] : *t);
    }
    if (auto const* s = stored.if_contains(kScope); s != nullptr && keep(kScope, false)) {
      literal_key("\"scope\":");
      auto const* a = s->if_array();
      dump_to(a != nullptr && a->size() == 1 ? (*a)[0] : *s, out_);
    }
    names_.clear();
    for (auto const& [key, v] : stored) {
      if (!is_attribute_key(key) || !v.is_array() || !keep(key, true)) continue;
      std::string name = compact_name(key);
      if (std::find(names_.begin(), names_.end(), name) != names_.end()) continue;
      separator();
      dump_string_to(name, out_);
      out_ += ':';
      names_.push_back(std::move(name));
      attribute(key, v.get_array());
    }
    if (options_.sys_attrs) {
      for (auto k : {kCreatedAt, kModifiedAt}) {
        auto const* v = stored.if_contains(k);
        if (v == nullptr || std::find(names_.begin(), names_.end(), k) != names_.end()) continue;
        key(k);
        dump_to(*v, out_);
      }
    }
    out_ += '}';
  }

 private:
  bool keep(std::string_view name, bool is_attribute) const {
    auto has = [&](std::vector<std::string> const& v) {
      return std::find(v.begin(), v.end(), name) != v.end();
    };
    if (is_attribute && options_.attrs && !has(*options_.attrs)) return false;
    if (options_.pick && !has(*options_.pick)) return false;
    return !has(options_.omit);
  }

  // Writes "," unless this is the current object's first member.
  void separator() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  // `text` is a quoted key and its colon.
  void literal_key(std::string_view text) {
    separator();
    out_ += text;
  }
  void key(std::string_view name) {
    separator();
    dump_string_to(name, out_);
    out_ += ':';
  }

  void attribute(std::string_view iri, json::array const& instances) {
    bool const simplified = options_.format == render_format::simplified;
    if (instances.size() == 1) {
      if (simplified) {
        simple_value(iri, instances[0].as_object());
      } else {
        instance(iri, instances[0].as_object(), true);
      }
      return;
    }
    // Concise: no bare values here, they would read as one array value.
    out_ += '[';
    for (std::size_t n = 0; n < instances.size(); ++n) {
      if (n > 0) out_ += ',';
      if (simplified) {
        simple_value(iri, instances[n].as_object());
      } else {
        instance(iri, instances[n].as_object(), false);
      }
    }
    out_ += ']';
  }

  // ctx_.compact_iri(iri), valid until the next call.
  std::string const& compact_name(std::string_view iri) {
    if (compacted_ == nullptr) return scratch_ = ctx_.compact_iri(iri);
    if (auto it = compacted_->find(iri); it != compacted_->end()) return it->second;
    // Bounded: a response naming ever new IRIs should not grow it without end.
    if (compacted_->size() >= 512) return scratch_ = ctx_.compact_iri(iri);
    return compacted_->emplace(iri, ctx_.compact_iri(iri)).first->second;
  }

  void compact(std::string_view iri) { dump_string_to(compact_name(iri), out_); }

  // Writes `v` with its strings (one or an array's) compacted as IRIs.
  void compact_all(json::value const& v) {
    if (v.is_string()) return compact(v.get_string());
    auto const* a = v.if_array();
    if (a == nullptr) return dump_to(v, out_);
    out_ += '[';
    for (std::size_t n = 0; n < a->size(); ++n) {
      if (n > 0) out_ += ',';
      auto const& e = (*a)[n];
      if (e.is_string()) {
        compact(e.get_string());
      } else {
        dump_to(e, out_);
      }
    }
    out_ += ']';
  }

  static std::string_view type_of(json::object const& i) {
    auto const* t = i.if_contains("type");
    return t != nullptr && t->is_string() ? std::string_view(t->get_string()) : "Property";
  }

  // Writes the value member of `i` (null if absent), compacted where it holds
  // vocabulary terms.
  void value_of(std::string_view iri, json::object const& i) {
    auto type = type_of(i);
    auto const* v = i.if_contains(detail::value_member_of(type));
    if (v == nullptr) {
      out_ += "null";
    } else if (type == "VocabProperty") {
      compact_all(*v);
    } else if (type == "Property" && v->is_string() && ctx_.is_vocab_term(iri)) {
      compact(v->get_string());
    } else {
      dump_to(*v, out_);
    }
  }

  // The languageMap of `i` if the `lang` parameter applies to it.
  json::object const* lang_map(json::object const& i) const {
    if (!options_.lang.has_value() || type_of(i) != "LanguageProperty") return nullptr;
    auto const* m = i.if_contains("languageMap");
    return m != nullptr ? m->if_object() : nullptr;
  }

  void simple_value(std::string_view iri, json::object const& i) {
    if (auto const* m = lang_map(i)) {
      auto const* text = pick_language(*m, langs_).second;
      return text != nullptr ? dump_to(*text, out_) : void(out_ += "null");
    }
    value_of(iri, i);
  }

  static bool is_geometry(json::value const* v) {
    auto const* o = v != nullptr ? v->if_object() : nullptr;
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

  // The "value" of `i` if instance() would write `i` as an object of that one
  // member holding no object: concise renders that as the bare value. Else null.
  json::value const* bare(json::object const& i) const {
    if (options_.format != render_format::concise || lang_map(i) != nullptr) return nullptr;
    json::value const* value = nullptr;
    for (auto const& [key, v] : i) {
      if (key == "type" || key == kCreatedAt || key == kModifiedAt) {
        if (key != "type" && options_.sys_attrs) return nullptr;
        continue;
      }
      if (key != "value") return nullptr;  // the member or metadata, rendered too
      value = &v;
    }
    // A Property's geometry value is written with its "type".
    bool const inferable = type_of(i) != "Property" || !is_geometry(value);
    return value != nullptr && inferable && plain_value(*value) ? value : nullptr;
  }

  void instance(std::string_view iri, json::object const& i, bool may_be_bare) {
    auto const member = detail::value_member_of(type_of(i));
    if (auto const* value = may_be_bare ? bare(i) : nullptr) {
      // "value" is the value member, or (stray) metadata written as it is.
      return member == "value" ? value_of(iri, i) : dump_to(*value, out_);
    }
    bool const concise = options_.format == render_format::concise;
    out_ += '{';
    first_ = true;
    // Names written before the loop below, which it does not write again.
    std::string_view head[3];
    std::size_t heads = 0;
    if (auto const* m = lang_map(i)) {
      auto const [tag, text] = pick_language(*m, langs_);
      if (!concise) literal_key("\"type\":\"Property\"");
      literal_key("\"value\":");
      text != nullptr ? dump_to(*text, out_) : void(out_ += "null");
      literal_key("\"lang\":");
      dump_string_to(tag, out_);
      head[heads++] = "value";
      head[heads++] = "lang";
    } else {
      auto const type = type_of(i);
      auto const* v = i.if_contains(member);
      bool const inferable = type != "Property" || !is_geometry(v);
      if (!concise || !inferable) {
        literal_key("\"type\":");
        dump_string_to(type, out_);
      }
      if (v != nullptr) {
        key(member);
        value_of(iri, i);
        head[heads++] = member;
      }
    }
    for (auto const& [k, v] : i) {
      if (k == "type" || k == member || k == kCreatedAt || k == kModifiedAt) continue;
      if (k == "objectType") {
        key(k);
        compact_all(v);
      } else if (is_sub_attribute_key(k) && v.is_object()) {
        key(compact_name(k));
        instance(k, v.as_object(), true);
      } else if (std::find(head, head + heads, std::string_view(k)) == head + heads) {
        key(k);
        dump_to(v, out_);
      }
    }
    sys_attrs(i);
    out_ += '}';
    first_ = false;
  }

  void sys_attrs(json::object const& from) {
    if (!options_.sys_attrs) return;
    for (auto k : {kCreatedAt, kModifiedAt}) {
      if (auto const* v = from.if_contains(k)) {
        key(k);
        dump_to(*v, out_);
      }
    }
  }

  context const& ctx_;
  render_options const& options_;
  std::string& out_;
  string_map<std::string>* compacted_;
  std::string scratch_;  // compact_name()'s result when not kept in compacted_
  lang_list langs_;
  bool first_ = true;               // no member written yet in the current object
  std::vector<std::string> names_;  // attribute names written in the current entity
};

}  // namespace

json::object render_entity(json::object const& stored, context const& ctx,
                           render_options const& options, json::storage_ptr sp) {
  std::string text;
  append_rendered_entity(stored, ctx, options, text);
  auto v = parse_written_json(text, std::move(sp));
  return v.is_object() ? std::move(v.get_object()) : json::object();
}

void append_rendered_entity(json::object const& stored, context const& ctx,
                            render_options const& options, std::string& out) {
  renderer(ctx, options, out).entity(stored);
}

entity_writer::entity_writer(context const& ctx, render_options const& options)
    : ctx_(ctx), options_(options) {}

void entity_writer::append(json::object const& stored, std::string& out) {
  renderer(ctx_, options_, out, &compacted_).entity(stored);
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
