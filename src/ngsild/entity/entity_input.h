// SPDX-License-Identifier: Apache-2.0
// Validation and expansion of what a client sends (GS CIM 009 v1.9.1, 4.5 and
// 5.x): full entities, attribute fragments and single attributes, in
// normalized or concise form, into the stored form of stored_entity.h (without
// system attributes). Pure functions of their arguments; thread-safe.
#pragma once

#include <string_view>

#include "common/json.h"
#include "common/result.h"
#include "ngsild/jsonld/context.h"

namespace cityos::ngsild {

// The NGSI-LD null marker used by merge-patch to delete an attribute.
inline constexpr std::string_view kNullUri = "urn:ngsi-ld:null";

struct input_options {
  // Allow NGSI-LD null (merge-patch PATCH /entities/{id}, batch merge, and the
  // 1.8+ deletion by null in PATCH .../attrs[/{attrId}]): an attribute, sub-attribute
  // or value member that is JSON null or "urn:ngsi-ld:null" is a deletion
  // marker. It is kept in the output as an instance whose value member is the
  // string "urn:ngsi-ld:null" (see is_null_marker()); JSON null becomes that
  // string. Without `merge`, such values are rejected (bad_request).
  bool merge = false;
  // Partial attribute update (PATCH /entities/{id}/attrs/{attrId}): an instance
  // may omit its value member (e.g. only "observedAt"); "type" is then absent
  // unless given. Only honoured by expand_attribute().
  bool partial = false;
};

// Validates and expands a full entity (POST /entities, PUT /entities/{id},
// batch create/upsert). Returns the stored form without createdAt/modifiedAt:
// "id", "type" (array of expanded IRIs), optional "scope" (array), then every
// attribute as an array of instances (default instance first), in input order.
// "@context", "createdAt", "modifiedAt" members of the input are ignored.
// Errors: bad_request with a detail naming the member and the problem (missing
// or non-URI id, missing/invalid type, invalid attribute name or content,
// duplicate datasetId, more than one default instance, ...).
result<json::object> expand_entity(json::object const& input, context const& ctx,
                                   input_options const& options = {});

// Validates and expands an attribute fragment (POST/PATCH /entities/{id}/attrs,
// PATCH /entities/{id}, batch update/merge). Returns the attributes in stored
// form. If the input has "id", "type" or "scope" they are validated and kept in
// the result under the same keys in stored form ("id" a URI string, "type" an
// array of expanded IRIs, "scope" an array); the caller compares "id" with the
// target entity. "@context", "createdAt", "modifiedAt" are ignored.
// Errors: bad_request as for expand_entity().
result<json::object> expand_fragment(json::object const& input, context const& ctx,
                                     input_options const& options = {});

// Validates and expands one attribute named `attr_name` (a term or IRI, as in
// the URL) whose body is `input` (PUT/PATCH /entities/{id}/attrs/{attrId}): an
// instance object, or an array of instances. Returns a one-member fragment
// {"<expanded name>": [instances]}. Errors: bad_request.
result<json::object> expand_attribute(std::string_view attr_name, json::value const& input,
                                      context const& ctx, input_options const& options = {});

// True if `s` looks like an absolute URI: a scheme ("x:", letter then
// letters/digits/+-.) followed by at least one character, no whitespace.
bool is_uri(std::string_view s);

// True if `name` may be used as an attribute name: non-empty, and none of
// <>"'=;()\ , whitespace or control characters.
bool is_valid_attribute_name(std::string_view name);

// True if `instance` (a stored attribute instance from expand_* with
// options.merge) is a merge-patch deletion marker.
bool is_null_marker(json::object const& instance);

}  // namespace cityos::ngsild
