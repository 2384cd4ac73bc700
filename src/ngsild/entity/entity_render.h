// SPDX-License-Identifier: Apache-2.0
// Rendering of the stored form (stored_entity.h) into response JSON: normalized,
// concise or simplified (keyValues), with sysAttrs, lang, attrs/pick/omit
// projection, and GeoJSON Features. Names are compacted with the request's
// context. Pure functions; thread-safe. Never adds "@context" (the caller does).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/string_map.h"
#include "ngsild/entity/stored_entity.h"
#include "ngsild/jsonld/context.h"

namespace cityos::ngsild {

enum class render_format {
  normalized,  // every attribute with "type" and its value member
  concise,     // "type" dropped where inferable; metadata and sub-attributes kept
  simplified,  // keyValues: attribute -> its value
};

struct render_options {
  render_format format = render_format::normalized;
  // Include createdAt/modifiedAt on the entity and on every attribute instance.
  bool sys_attrs = false;
  // The `lang` parameter: a language preference list as in Accept-Language
  // ("fr", "fr-CH,fr;q=0.9,en;q=0.8,*;q=0.5", "*"). When set, each
  // LanguageProperty renders as a Property holding the best-matching string
  // ("*" matches any; no match: the "@none" entry, else the first) plus
  // "lang": its tag. Absent: the languageMap is rendered as stored.
  std::optional<std::string> lang;
  // `attrs` parameter: expanded attribute IRIs to keep (id/type always kept).
  std::optional<std::vector<std::string>> attrs;
  // 1.9 projection: expanded attribute IRIs and/or "id", "type", "scope".
  // `pick` keeps only those members; `omit` removes them. Applied after attrs.
  std::optional<std::vector<std::string>> pick;
  std::vector<std::string> omit;
  // GeoJSON only: expanded IRI of the GeoProperty giving "geometry".
  std::string geometry_property = std::string(kLocationIri);
};

// Appends the compact JSON text of `stored` rendered per `options` to `out`,
// in one pass (no tree). Key order: id, type, scope, attributes in stored
// order, then createdAt/modifiedAt when sys_attrs. One type renders as a
// string, several as an array; one attribute instance as an object, several as
// an array (simplified: array of values). A name that two attributes would
// compact to (compaction checks that a name expands back, so the stored form
// cannot make one) is written for the first only. Infallible.
void append_rendered_entity(json::object const& stored, context const& ctx,
                            render_options const& options, std::string& out);

// The text of append_rendered_entity() as a tree, for callers that change it
// before sending it. Every part of the result is allocated from `sp`
// (default: the heap), which must outlive it. Numbers are as the text reads
// back (10.0 becomes the integer 10). Infallible.
json::object render_entity(json::object const& stored, context const& ctx,
                           render_options const& options, json::storage_ptr sp = {});

// Appends the texts of many entities, as append_rendered_entity() does, for
// one response: the compacted names of one entity's attributes and types are
// kept for the next (a query's results share most of them). `ctx` and
// `options` must outlive it. Not thread-safe: one per response.
class entity_writer {
 public:
  entity_writer(context const& ctx, render_options const& options);
  void append(json::object const& stored, std::string& out);

 private:
  context const& ctx_;
  render_options const& options_;
  string_map<std::string> compacted_;  // IRI -> compacted name
};

// Renders `stored` as a GeoJSON Feature (Accept: application/geo+json):
// {"id", "type": "Feature", "geometry": value of options.geometry_property's
// default (else first) instance or null, "properties": {"type": entity type,
// the attributes rendered as by render_entity()}}. Infallible.
json::object render_geojson_feature(json::object const& stored, context const& ctx,
                                    render_options const& options);

// Wraps rendered Features as {"type": "FeatureCollection", "features": [...]}.
json::object make_feature_collection(json::array features);

}  // namespace cityos::ngsild
