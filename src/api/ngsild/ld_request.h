// SPDX-License-Identifier: Apache-2.0
// What every NGSI-LD request shares, read from its headers and body: tenant,
// @context (Link header or body), the media type of the body and of the
// response, and the parsed JSON body. Also the response helpers that attach
// the @context the way the request asked (Link header or "@context" member).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "api/http/message.h"
#include "common/json.h"
#include "common/result.h"
#include "ngsild/jsonld/context.h"
#include "ngsild/jsonld/context_resolver.h"

namespace cityos::api {

enum class media_type { json, ld_json, geo_json };

struct ld_request {
  std::string tenant;                            // "" for the default tenant
  std::shared_ptr<ngsild::context const> ctx;    // never null
  media_type accept = media_type::json;          // response body type
  std::optional<json::value> body;               // parsed body, when one is expected
  json::value context_value;                     // the @context as given (null: core)
};

struct ld_request_options {
  bool expects_body = false;      // POST/PUT/PATCH with a JSON body
  bool body_must_be_array = false;
  bool allow_geo_json = false;    // GET routes that can answer application/geo+json
};

// Reads tenant, Accept, Content-Type, Link and the body of `req`, resolving
// the @context through `resolver`.
// Errors: unsupported_media (Content-Type not application/json or
// application/ld+json), not_acceptable (Accept), length_required, invalid_request
// (malformed JSON, @context in a JSON body, Link with an ld+json body),
// bad_request (body of the wrong JSON type, invalid tenant, missing @context
// in an ld+json body), ld_context_not_available.
result<ld_request> read_ld_request(http_request const& req, ngsild::context_resolver& resolver,
                                   ld_request_options const& opt);

// Builds a 200 (or `status`) JSON response with `body`, attaching the
// request's @context: "@context" members for ld+json (each element of an array
// body), a Link header for json.
http_response json_response(ld_request const& lr, json::value body, int status = 200);

// The same response with `body` already serialized; for ld+json its objects
// must carry their "@context" members already.
http_response json_text_response(ld_request const& lr, std::string body, int status = 200);

// The "@context" value to put in ld+json responses for `lr`.
json::value response_context(ld_request const& lr);

}  // namespace cityos::api
