// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/temporal_render.h"

#include <map>

#include "ngsild/entity/entity_render.h"

namespace cityos::api {

namespace {

// Member holding the values of one type in the simplified representation,
// and whether each value is wrapped as {"<value member>": value}.
struct simplified_member {
  std::string_view plural;
  std::string_view member;
  bool wrapped;
};

simplified_member simplified_of(std::string_view type) {
  if (type == "Relationship") return {"objects", "object", false};
  if (type == "LanguageProperty") return {"languageMaps", "languageMap", true};
  if (type == "VocabProperty") return {"vocabs", "vocab", true};
  if (type == "JsonProperty") return {"jsons", "json", true};
  if (type == "ListProperty") return {"valueLists", "valueList", true};
  if (type == "ListRelationship") return {"objectLists", "objectList", true};
  return {"values", "value", false};
}

std::string_view type_of(json::object const& inst) {
  auto const* t = inst.if_contains("type");
  return t && t->is_string() ? std::string_view(t->get_string()) : "Property";
}

// The time of `h` for the response: observedAt as given, else formatted.
json::value time_text(store::history_instance const& h, store::time_property tp) {
  if (tp == store::time_property::observed_at) {
    if (auto const* o = h.body.if_contains("observedAt"); o && o->is_string()) return *o;
  }
  return json::value(format_iso8601(h.time(tp)));
}

json::value one_or_array(json::array groups) {
  if (groups.size() == 1) return std::move(groups[0]);
  return groups;
}

// The stored form of `e` with its history as attribute instances.
json::object stored_form(store::history_entity const& e) {
  json::object o;
  o["id"] = e.info.id;
  json::array types;
  for (auto const& t : e.info.types) types.emplace_back(t);
  o["type"] = std::move(types);
  for (auto const& a : e.attributes) {
    json::array instances;
    for (auto const& h : a.instances) {
      json::object body = h.body;
      body["instanceId"] = h.instance_id;
      instances.emplace_back(std::move(body));
    }
    o[a.iri] = std::move(instances);
  }
  o["createdAt"] = format_iso8601(e.info.created_at);
  o["modifiedAt"] = format_iso8601(e.info.modified_at);
  return o;
}

json::value as_array(json::value v) {
  if (v.is_array()) return v;
  return json::array{std::move(v)};
}

// Simplified: one object per datasetId from the rendered normalized instances.
json::value simplify(store::history_attribute const& a, json::array const& rendered,
                     store::time_property tp) {
  std::map<std::string, json::object> groups;  // datasetId -> simplified object
  for (std::size_t i = 0; i < a.instances.size() && i < rendered.size(); ++i) {
    auto const& h = a.instances[i];
    auto const* r = rendered[i].if_object();
    if (!r) continue;
    auto const m = simplified_of(type_of(h.body));
    auto& g = groups[h.dataset_id];
    if (g.empty()) {
      g["type"] = type_of(h.body);
      if (!h.dataset_id.empty()) g["datasetId"] = h.dataset_id;
      g[m.plural] = json::array();
    }
    auto const* v = r->if_contains(m.member);
    json::value value = v ? *v : json::value();
    if (m.wrapped) value = json::object{{m.member, std::move(value)}};
    auto* list = g.if_contains(m.plural);
    if (!list) list = &(g[m.plural] = json::array());  // the type changed over time
    list->as_array().push_back(json::array{std::move(value), time_text(h, tp)});
  }
  json::array out;
  for (auto& [_, g] : groups) out.emplace_back(std::move(g));
  return one_or_array(std::move(out));
}

json::value aggregated(store::history_attribute const& a, temporal_params const& p) {
  json::array out;
  auto const& methods = p.aggregation->methods;
  for (auto const& agg : a.aggregates) {
    json::object g;
    g["type"] = agg.type;
    if (!agg.dataset_id.empty()) g["datasetId"] = agg.dataset_id;
    for (std::size_t m = 0; m < methods.size(); ++m) {
      json::array triples;
      for (auto const& b : agg.buckets) {
        triples.push_back(json::array{b.values[m], format_iso8601(b.start), format_iso8601(b.end)});
      }
      g[store::aggr_method_name(methods[m])] = std::move(triples);
    }
    out.emplace_back(std::move(g));
  }
  return one_or_array(std::move(out));
}

}  // namespace

json::object render_temporal_entity(store::history_entity const& e, ngsild::context const& ctx,
                                    temporal_params const& p) {
  ngsild::render_options opt;
  opt.format = p.format == temporal_format::concise ? ngsild::render_format::concise
                                                    : ngsild::render_format::normalized;
  opt.sys_attrs = p.sys_attrs;
  auto out = ngsild::render_entity(stored_form(e), ctx, opt);
  for (auto const& a : e.attributes) {
    std::string const key = ctx.compact_iri(a.iri);
    if (p.format == temporal_format::aggregated_values) {
      out[key] = aggregated(a, p);
      continue;
    }
    auto* v = out.if_contains(key);
    if (!v) continue;
    *v = as_array(std::move(*v));
    if (p.format == temporal_format::temporal_values) *v = simplify(a, v->as_array(), p.timeprop);
  }
  return out;
}

}  // namespace cityos::api

