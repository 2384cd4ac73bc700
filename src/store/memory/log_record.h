// SPDX-License-Identifier: Apache-2.0
// The payloads of the embedded store's log and snapshot records: JSON objects
//   {"o":"p","t":tenant,"i":id,"e":entity}   put an entity
//   {"o":"d","t":tenant,"i":id}              delete an entity
//   {"o":"P","c":collection,"k":key,"d":doc} put a document
//   {"o":"D","c":collection,"k":key}         delete a document
// Every record holds a full value, so replaying a record twice is harmless.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/json.h"

namespace cityos::store {

// Appends an entity put (`entity_json` = the entity's JSON text) or delete
// (nullopt) record to `out`.
void write_entity_record(std::string& out, std::string_view tenant, std::string_view id,
                         std::optional<std::string> const& entity_json);
// Appends a document put (doc != nullptr) or delete record to `out`.
void write_document_record(std::string& out, std::string_view collection, std::string_view key,
                           json::value const* doc);

}  // namespace cityos::store
