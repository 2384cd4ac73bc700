// SPDX-License-Identifier: Apache-2.0
// Write semantics of the NGSI-LD entity operations (GS CIM 009 v1.9.1, 5.6) as
// pure functions on the stored form: each builds and returns a new entity and
// never half-applies (on error, nothing changed). `now` is the ISO 8601 time
// stamp of the request (no clock reads inside). Thread-safe.
//
// Fragments are outputs of entity_input.h (expand_fragment / expand_attribute).
// Attribute names in reports are expanded IRIs; the caller compacts them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "ngsild/entity/stored_entity.h"

namespace cityos::ngsild {

// One attribute that was not changed, and why (NGSI-LD NotUpdatedDetails).
struct not_updated_attribute {
  std::string name;    // expanded IRI
  std::string reason;  // "attribute already exists", "attribute does not exist", ...
};

// Outcome of append/update: the new entity and the per-attribute report
// (for 204 vs 207 responses).
struct update_outcome {
  json::object entity;
  std::vector<std::string> updated;  // expanded IRIs, fragment order
  std::vector<not_updated_attribute> not_updated;
};

// Returns `expanded` (expand_entity() output) with createdAt = modifiedAt = now
// on the entity, every attribute instance and every sub-attribute.
json::object make_created(json::object expanded, std::string_view now);

// POST /entities/{id}/attrs. Adds the fragment's attributes; an existing
// instance (same name and datasetId) is replaced (createdAt kept) unless
// `no_overwrite`, in which case it is reported "attribute already exists".
// Fragment "type" adds types; "scope" replaces scope (kept if no_overwrite and
// the entity has one). Errors: bad_request if the fragment's "id" differs from
// the entity's.
result<update_outcome> append_attributes(json::object const& entity,
                                         json::object const& fragment,
                                         std::string_view now, bool no_overwrite);

// PATCH /entities/{id}/attrs. Replaces only existing instances (matched by name
// and datasetId; createdAt kept); others are reported "attribute does not
// exist". A null-marker instance (fragment expanded with input_options.merge)
// deletes the matching instance (reported as updated); the same holds in
// append_attributes(). Whether an empty `updated` is an error is the caller's.
// Errors: bad_request if the fragment's "id" differs from the entity's.
result<update_outcome> update_attributes(json::object const& entity,
                                         json::object const& fragment,
                                         std::string_view now);

// PATCH /entities/{id} (merge-patch, 5.6.17; fragment from input_options.merge).
// New attributes/instances are added; existing instances are merged member by
// member (sub-attributes recursively, createdAt kept); a null marker deletes the
// attribute instance (or sub-attribute). Fragment "scope" replaces scope,
// "type" adds types. Errors: bad_request if the fragment's "id" differs.
result<json::object> merge_entity(json::object const& entity, json::object const& fragment,
                                  std::string_view now);

// PUT /entities/{id}: `expanded` (expand_entity() output) becomes the entity;
// the entity's createdAt is kept, everything else is created at `now`.
// Errors: bad_request if the ids differ.
result<json::object> replace_entity(json::object const& entity, json::object expanded,
                                    std::string_view now);

// PATCH /entities/{id}/attrs/{attrId}: merges the members of each instance of
// `fragment` (expand_attribute() output, usually with options.partial) into the
// existing instance with the same datasetId; a null-marker instance deletes it
// (also in replace_attribute()). Errors: not_found if the attribute
// or that instance does not exist; bad_request if it would change the type.
result<json::object> patch_attribute(json::object const& entity, json::object const& fragment,
                                     std::string_view now);

// PUT /entities/{id}/attrs/{attrId}: replaces the instance(s) with the same
// datasetId by those in `fragment` (createdAt kept). Errors: not_found if the
// attribute or instance does not exist.
result<json::object> replace_attribute(json::object const& entity, json::object const& fragment,
                                       std::string_view now);

// DELETE /entities/{id}/attrs/{attrId}: removes the default instance, or the
// one with `dataset_id`, or all instances if `delete_all`. The attribute
// disappears when no instance is left. Errors: not_found.
result<json::object> delete_attribute(json::object const& entity, std::string_view attr_iri,
                                      std::optional<std::string_view> dataset_id,
                                      bool delete_all, std::string_view now);

enum class upsert_mode {
  replace,  // options=replace (default): an existing entity is replaced
  update,   // options=update: attributes appended to it, overwriting
};

// Batch upsert of one entity: creates `expanded` if `entity` is null, else
// replace_entity() or append_attributes(overwrite) per `mode`.
// Errors: as those functions.
result<json::object> upsert_entity(json::object const* entity, json::object expanded,
                                   upsert_mode mode, std::string_view now);

}  // namespace cityos::ngsild
