// SPDX-License-Identifier: Apache-2.0
// The payloads of the embedded store's log and snapshot records: JSON objects
//   {"o":"p","t":tenant,"i":id,"e":entity}   put an entity
//   {"o":"d","t":tenant,"i":id}              delete an entity
//   {"o":"P","c":collection,"k":key,"d":doc} put a document
//   {"o":"D","c":collection,"k":key}         delete a document
// Every record holds a full value, so replaying a record twice is harmless.
// Entity puts are binary records instead (first byte 'S'), in the log and in the
// snapshot: the encoded entity with its index keys, so that loading needs no
// JSON parsing or compression (logs written before hold "p" records, still read):
//   'S' str(tenant) str(id) u32(n) n*str(type) u32(m) m*(str(attr) 4*f64 box)
//   str(blob)            where str = u32 length + bytes, little endian
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "store/store.h"

namespace cityos::store {

// Appends an entity put (`entity_json` = the entity's JSON text) or delete
// (nullopt) record to `out`.
void write_entity_record(std::string& out, std::string_view tenant, std::string_view id,
                         std::optional<std::string> const& entity_json);
// Appends a document put (doc != nullptr) or delete record to `out`.
void write_document_record(std::string& out, std::string_view collection, std::string_view key,
                           json::value const* doc);

// One GeoProperty instance's box, for the snapshot's index keys.
struct indexed_box {
  std::string_view attribute;  // expanded IRI
  geo_box box;
};

// A parsed snapshot entity record; views point into the payload.
struct snapshot_entity {
  std::string_view tenant, id, blob;
  std::vector<std::string_view> types;
  std::vector<indexed_box> boxes;
};

// Appends a snapshot entity record to `out`.
void write_snapshot_record(std::string& out, std::string_view tenant, std::string_view id,
                           std::vector<std::string> const& types,
                           std::vector<std::pair<std::string, geo_box>> const& boxes,
                           std::string_view blob);
// True if `payload` is a snapshot entity record.
inline bool is_snapshot_record(std::string_view payload) {
  return !payload.empty() && payload[0] == 'S';
}
// Parses a snapshot entity record; nullopt if it is malformed.
std::optional<snapshot_entity> read_snapshot_record(std::string_view payload);

}  // namespace cityos::store
