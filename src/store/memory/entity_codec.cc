// SPDX-License-Identifier: Apache-2.0
#include "store/memory/entity_codec.h"

#include <lz4.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>

#include "common/written_json.h"

namespace cityos::store {

entity_encoder::entity_encoder() : stream_(LZ4_createStream()) {}

entity_encoder::~entity_encoder() { LZ4_freeStream(static_cast<LZ4_stream_t*>(stream_)); }

std::string entity_encoder::encode(std::string_view json_text) {
  auto const n = static_cast<int>(json_text.size());
  auto const bound = LZ4_compressBound(n);
  if (scratch_.size() < static_cast<std::size_t>(bound)) scratch_.resize(static_cast<std::size_t>(bound));
  auto* stream = static_cast<LZ4_stream_t*>(stream_);
  LZ4_resetStream_fast(stream);
  int const c = LZ4_compress_fast_continue(stream, json_text.data(), scratch_.data(), n, bound, 1);
  std::string out;
  out.reserve(4 + static_cast<std::size_t>(c));
  auto const len = static_cast<std::uint32_t>(n);
  out.append(reinterpret_cast<char const*>(&len), 4);
  out.append(scratch_.data(), static_cast<std::size_t>(c));
  return out;
}

namespace {

// The length of the JSON text an encoded blob holds (0 if corrupt).
std::uint32_t text_size(std::string_view blob) {
  std::uint32_t len = 0;
  if (blob.size() >= 4) std::memcpy(&len, blob.data(), 4);
  return len;
}

// The JSON text of `blob`, decompressed into `buf` (text_size(blob) bytes);
// empty if corrupt.
std::string_view decompress(std::string_view blob, char* buf) {
  auto const len = static_cast<int>(text_size(blob));
  if (len == 0) return {};
  int const d = LZ4_decompress_safe(blob.data() + 4, buf, static_cast<int>(blob.size() - 4), len);
  return d == len ? std::string_view(buf, static_cast<std::size_t>(len)) : std::string_view();
}

json::object parse_object(std::string_view text, json::storage_ptr sp) {
  json::value v = parse_written_json(text, sp);
  if (!v.is_object()) return json::object(std::move(sp));
  return std::move(v.get_object());
}

// An entity and the arena that its values and its text live in (destroyed
// after them).
struct arena_entity {
  explicit arena_entity(std::string_view blob)
      : arena(4 * text_size(blob) + 256), entity(decode(blob, arena)) {}
  static json::object decode(std::string_view blob, json::monotonic_resource& arena) {
    auto* buf = static_cast<char*>(arena.allocate(text_size(blob), 1));
    return parse_object(decompress(blob, buf), &arena);
  }
  json::monotonic_resource arena;
  json::object entity;
};

}  // namespace

std::string_view decode_text(std::string_view blob, std::string& buf, std::size_t padding) {
  auto const len = text_size(blob);
  buf.resize(len + padding);  // the text is written over; only the padding is zeroed
  std::fill(buf.begin() + len, buf.end(), '\0');
  return decompress(blob, buf.data());
}

json::object decode_entity(std::string_view blob) {
  auto buf = std::make_unique_for_overwrite<char[]>(text_size(blob));
  return parse_object(decompress(blob, buf.get()), {});
}

std::shared_ptr<json::object const> decode_entity_in_arena(std::string_view blob) {
  auto holder = std::make_shared<arena_entity>(blob);
  return {holder, &holder->entity};
}

std::vector<std::string> types_of(json::object const& entity) {
  std::vector<std::string> out;
  if (auto const* t = entity.if_contains("type"); t && t->is_array()) {
    for (auto const& x : t->get_array()) {
      if (x.is_string()) out.emplace_back(x.get_string());
    }
  }
  return out;
}

}  // namespace cityos::store
