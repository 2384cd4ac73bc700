// SPDX-License-Identifier: Apache-2.0
// The JSON text of rendered entities, kept for the next request that renders
// the same entity version with the same @context and options: a GET of a
// popular entity or a repeated query then costs no decoding or rendering.
//
// An entry is keyed by the addresses of the store's immutable entity snapshot
// (entity_ptr: a write makes a new one) and of the resolved @context, and is
// valid only while both still exist (weak pointers), so it can never answer
// for a changed entity or a different context. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/recent_cache.h"
#include "ngsild/entity/entity_render.h"
#include "ngsild/jsonld/context.h"
#include "store/store.h"

namespace cityos::api {

class render_cache {
 public:
  // Holds at most `capacity` rendered entities.
  explicit render_cache(std::size_t capacity = 8192) : texts_(capacity) {}

  // True if texts for `opt` are cached: options with only a format and
  // sysAttrs (no attrs, pick, omit or lang, which vary per request).
  static bool cacheable(ngsild::render_options const& opt);

  // The compact JSON text of ngsild::render_entity(*entity, *ctx, opt), from the
  // cache if there, else rendered (and cached when cacheable(opt)).
  std::shared_ptr<std::string const> render(store::entity_ptr const& entity,
                                            std::shared_ptr<ngsild::context const> const& ctx,
                                            ngsild::render_options const& opt);

  std::size_t size() const { return texts_.size(); }
  // Lookups of cacheable renderings since the cache was made, and texts held now.
  recent_cache_stats stats() const { return texts_.stats(); }

 private:
  struct key {
    void const* entity;
    void const* ctx;
    std::uint8_t variant;  // format and sysAttrs
    bool operator==(key const&) const = default;
  };
  struct key_hash {
    std::size_t operator()(key const& k) const;
  };
  struct entry {
    std::weak_ptr<json::object const> entity;
    std::weak_ptr<ngsild::context const> ctx;
    std::shared_ptr<std::string const> text;
  };
  recent_cache<key, entry, key_hash> texts_;
};

}  // namespace cityos::api
