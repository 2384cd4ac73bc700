// SPDX-License-Identifier: Apache-2.0
// How the embedded store keeps an entity in memory: its compact JSON text,
// LZ4-compressed (a five-attribute entity of ~1.1 KB takes ~400 bytes), with a
// 4-byte length header. Entities are decoded into a JSON object on each read.
// Pure functions; thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/json.h"

namespace cityos::store {

// Compresses entity JSON text, reusing one LZ4 state between calls (a fresh
// state per call would clear 16 KiB each time). Not thread-safe: one encoder
// per writer (the store's is guarded by its write lock).
class entity_encoder {
 public:
  entity_encoder();
  ~entity_encoder();
  entity_encoder(entity_encoder const&) = delete;
  entity_encoder& operator=(entity_encoder const&) = delete;

  std::string encode(std::string_view json_text);

 private:
  void* stream_;  // LZ4_stream_t, owned
  std::string scratch_;
};
// An encoded entity as the store keeps it: the bytes of entity_encoder::encode(),
// owned by their own string, or a view into the mapped snapshot file they were
// loaded from (no copy at start-up; the mapping lives while a blob refers to it).
// Copying shares the bytes (a compaction writes them without the store's lock).
// Immutable; thread-safe.
class entity_blob {
 public:
  entity_blob() = default;
  explicit entity_blob(std::string bytes) {
    auto s = std::make_shared<std::string const>(std::move(bytes));
    bytes_ = *s;
    owner_ = std::move(s);
  }
  // `bytes` must lie inside what `owner` keeps alive.
  entity_blob(std::shared_ptr<void const> owner, std::string_view bytes)
      : owner_(std::move(owner)), bytes_(bytes) {}

  std::string_view operator*() const { return bytes_; }

 private:
  std::shared_ptr<void const> owner_;
  std::string_view bytes_;
};

// Returns the entity of an encoded blob (empty object if corrupt: the blob was
// made by encode_entity() in this process, so this is a programmer error).
json::object decode_entity(std::string_view blob);

// The JSON text of an encoded blob, decompressed into `buf`, which is resized
// to the text's length plus `padding` bytes (zeroed: parsers that read past
// the end need it); empty if corrupt.
std::string_view decode_text(std::string_view blob, std::string& buf, std::size_t padding = 0);

// decode_entity() into one arena that the returned pointer owns: faster to
// build and to free than a tree of heap allocations. A copy of one of its
// values made without a storage_ptr allocates from that arena, which is not
// thread-safe, so such an entity must be read by one thread at a time: never
// shared through a cache.
std::shared_ptr<json::object const> decode_entity_in_arena(std::string_view blob);

// The "type" IRIs of a stored entity (its type-index keys).
std::vector<std::string> types_of(json::object const& entity);

}  // namespace cityos::store
