// SPDX-License-Identifier: Apache-2.0
#include "store/memory/entity_codec.h"

#include <lz4.h>

#include <cstdint>
#include <cstring>
#include <memory>

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

// The JSON text of an encoded blob; empty if corrupt.
std::string decompress(std::string_view blob) {
  if (blob.size() < 4) return {};
  std::uint32_t len;
  std::memcpy(&len, blob.data(), 4);
  std::string text(len, '\0');
  int const d = LZ4_decompress_safe(blob.data() + 4, text.data(), static_cast<int>(blob.size() - 4),
                                    static_cast<int>(len));
  if (d != static_cast<int>(len)) return {};
  return text;
}

json::object parse_object(std::string_view text, json::storage_ptr sp) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec, sp);
  if (ec || !v.is_object()) return json::object(std::move(sp));
  return std::move(v.get_object());
}

// An entity and the arena its values live in (destroyed after them).
struct arena_entity {
  explicit arena_entity(std::string_view text)
      : arena(3 * text.size() + 256), entity(parse_object(text, &arena)) {}
  json::monotonic_resource arena;
  json::object entity;
};

}  // namespace

json::object decode_entity(std::string_view blob) { return parse_object(decompress(blob), {}); }

std::shared_ptr<json::object const> decode_entity_in_arena(std::string_view blob) {
  auto holder = std::make_shared<arena_entity>(decompress(blob));
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
