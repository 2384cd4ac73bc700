// SPDX-License-Identifier: Apache-2.0
// The index keys of a stored entity (its types and the box of each
// GeoProperty instance) read from its text without building a JSON tree: a
// compaction writes them next to every entity of the snapshot, and decoding
// each entity into a Boost.JSON tree for that took ~10 us of the ~11 us per
// entity.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/memory/geo_index.h"

namespace cityos::store {

struct index_keys {
  std::vector<std::string> types;  // as types_of() gives them
  geo_index::boxes boxes;          // as geo_index::boxes_of() gives them
};

// Reads the index keys of encoded blobs (entity_encoder::encode()), reusing
// its buffers from one blob to the next. read(blob) equals types_of() and
// geo_index::boxes_of() of decode_entity(blob), corrupt blobs included (no
// keys). Not thread-safe: one reader per thread.
class index_key_reader {
 public:
  index_key_reader();
  ~index_key_reader();
  index_key_reader(index_key_reader const&) = delete;
  index_key_reader& operator=(index_key_reader const&) = delete;

  index_keys read(std::string_view blob);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cityos::store
