// SPDX-License-Identifier: Apache-2.0
// The entity selection of GET /entities and POST /entityOperations/query:
// type expression, ids, idPattern, q, geo-query, scopeQ and attrs, parsed once
// per request into a store::entity_query whose predicate evaluates them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/http/message.h"
#include "common/json.h"
#include "common/result.h"
#include "ngsild/geo/geo_query.h"
#include "ngsild/jsonld/context.h"
#include "ngsild/query/id_pattern.h"
#include "ngsild/query/q_expression.h"
#include "ngsild/query/scope_query.h"
#include "ngsild/query/type_expression.h"
#include "store/store.h"

namespace cityos::api {

struct entity_filter {
  std::optional<ngsild::type_expression> types;
  std::vector<std::string> ids;
  std::optional<ngsild::id_pattern> id_pattern;
  std::optional<ngsild::q_expression> q;
  std::optional<ngsild::geo::geo_query> geo;
  std::optional<ngsild::scope_query> scope;
  std::vector<std::string> attrs;  // expanded; entity must have at least one
  // True when `types` is a plain OR of types: the store's type narrowing
  // (store::entity_query::types) is then exact and matches() skips it.
  bool types_exact_by_index = false;

  bool empty() const {
    return !types && ids.empty() && !id_pattern && !q && !geo && !scope && attrs.empty();
  }
  // True if `e` (stored form) passes every part of the filter.
  bool matches(json::object const& e) const;
};

// Parses the URL parameters type, id, idPattern, q, georel/geometry/
// coordinates/geoproperty, scopeQ and attrs of `req`.
// Errors: bad_request / invalid_request from the parsers (detail names the
// parameter).
result<entity_filter> parse_entity_filter(http_request const& req, ngsild::context const& ctx);

// Parses an NGSI-LD Query object (POST /entityOperations/query body):
// {"type": "Query", "entities": [{"id", "idPattern", "type"}], "attrs", "q",
// "geoQ", "scopeQ"}. Errors: bad_request.
result<entity_filter> parse_query_object(json::object const& body, ngsild::context const& ctx);

// A store query for `filter` (shared so the predicate can outlive this call).
store::entity_query make_store_query(std::shared_ptr<entity_filter const> filter,
                                     std::size_t offset, std::size_t limit, bool count);

// Splits a comma-separated parameter value, dropping empty items.
std::vector<std::string> split_list(std::string_view s);

// True if the request asks for the total count (`count=true`).
bool wants_count(http_request const& req);
// True if the `options` parameter of `req` lists `opt`.
bool has_option(http_request const& req, std::string_view opt);

// Reads a non-negative integer parameter (limit, offset), `dflt` if absent.
// Errors: bad_request naming the parameter.
result<std::size_t> read_size_param(http_request const& req, std::string_view name,
                                    std::size_t dflt);

}  // namespace cityos::api
