// SPDX-License-Identifier: Apache-2.0
// The storage contract: every operation the broker needs on current entity
// state and on small documents (stored @contexts, subscriptions), with its
// semantics and error codes. Engines (store/memory/ now; store/postgres/ later)
// implement it; nothing above this header knows how or where data is kept.
//
// Entities are in the stored form of ngsild/entity/stored_entity.h, kept per
// tenant ("" is the default tenant). Tenants are isolated: no operation of one
// tenant sees another's data. A tenant exists from its first accepted write.
//
// Durability: every write returns a commit_seq. The write is visible to readers
// at once and is durable (survives kill -9 of the process) once
// durable_seq() >= that seq; on_durable() tells when. Writes of concurrent
// callers share one durable commit (group commit). Reads never wait for a
// commit in progress.
//
// Thread safety: all member functions may be called from any thread.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"

namespace cityos::store {

// An immutable snapshot of one stored entity; stays valid while held even if
// the entity is changed or deleted meanwhile (readers share it with the store).
using entity_ptr = std::shared_ptr<json::object const>;

// Position of a write in the commit log; 0 means "nothing to wait for".
using commit_seq = std::uint64_t;

// A rectangle in WGS84 degrees, for narrowing geo-queries through an index.
struct geo_box {
  double min_lon, min_lat, max_lon, max_lat;
  bool operator==(geo_box const&) const = default;
  // Grows the box to take in the position (lon, lat).
  void extend(double lon, double lat) {
    min_lon = std::min(min_lon, lon);
    max_lon = std::max(max_lon, lon);
    min_lat = std::min(min_lat, lat);
    max_lat = std::max(max_lat, lat);
  }
};

// What a read wants. The engine narrows candidates with `ids`, `types` and
// `box` through its indexes, then keeps those for which `predicate` is true,
// in ascending id order, skipping `offset` and returning at most `limit`.
struct entity_query {
  std::vector<std::string> ids;    // exact entity ids; empty: any
  std::vector<std::string> types;  // expanded type IRIs, entity has >= 1; empty: any
  std::optional<geo_box> box;      // entity has a GeoProperty `box_attribute` meeting it
  std::string box_attribute;       // expanded IRI of that GeoProperty
  // Optional, with `box`: false for an indexed GeoProperty box that no
  // geometry inside it could match (e.g. a Point beyond a near-query's
  // distance), so the engine drops it before reading the entity. Must be
  // conservative and thread-safe; `predicate` still decides.
  std::function<bool(geo_box const&)> box_filter;
  // Full filter on a candidate (type expression, idPattern, q, geoQ, scopeQ).
  // Must be thread-safe; may be empty (accept all candidates).
  std::function<bool(json::object const&)> predicate;
  std::size_t offset = 0;
  std::size_t limit = 20;
  bool count = false;  // also compute the total number of matches
};

struct query_result {
  std::vector<entity_ptr> entities;
  std::optional<std::size_t> total;  // set when entity_query::count
};

// What a mutation wants done with one entity, computed from its current state.
struct mutation {
  enum class kind { put, erase, none };
  kind what = kind::none;
  json::object entity;  // the new stored form, for kind::put
};

// Computes a mutation from the current entity (nullptr if it does not exist).
// Called exactly once per modify() (and per batch item), while no other write
// of that entity can happen: under the store's write lock, so it must be quick
// and must not call the store. Its error is returned to the caller unchanged
// and nothing is written.
using mutate_fn = std::function<result<mutation>(json::object const* current)>;

struct batch_item {
  std::string id;
  mutate_fn fn;
};

// Observes each durable commit: seconds the write+sync took, records in it.
using commit_observer = std::function<void(double seconds, std::size_t records)>;

// The JSON text a store wrote for an entity (dump_to() of it) with the span of
// each element of its array members, i.e. of each attribute instance.
struct written_entity {
  std::string text;
  std::vector<text_span> elements;
};

// One accepted change of one entity, for the change feed. `before` is nullptr
// when the write created the entity, `after` is nullptr when it deleted it.
// `after_text`, when the store sets it, is the text of `after`: a listener
// that serializes instances can copy them from it.
struct entity_change {
  std::string tenant;
  std::string id;
  entity_ptr before;
  entity_ptr after;
  commit_seq seq = 0;  // durable once durable_seq() >= seq
  std::shared_ptr<written_entity const> after_text = nullptr;
};

// Receives the changes of one modify() or modify_batch() call (never empty),
// in commit order: it runs under the store's write lock, so it must be quick
// (copy or enqueue, never call the store) and must not throw.
using change_listener = std::function<void(std::vector<entity_change>&& changes)>;

class store {
 public:
  virtual ~store() = default;

  // Returns the entity `id` of `tenant`, or nullptr if there is none.
  virtual entity_ptr get(std::string_view tenant, std::string_view id) const = 0;

  // Runs `q` over `tenant`. Errors: nonexistent_tenant.
  virtual result<query_result> query(std::string_view tenant, entity_query const& q) const = 0;

  // Calls `fn` for every entity of `tenant` in id order (for discovery and
  // exports). `fn` returns false to stop.
  virtual void scan(std::string_view tenant,
                    std::function<bool(json::object const&)> const& fn) const = 0;

  // Applies `fn` to entity `id` atomically: no other write to the tenant runs
  // between reading the current state and applying the mutation. Returns the
  // commit seq (0 if the mutation was kind::none) or the error of `fn`.
  virtual result<commit_seq> modify(std::string_view tenant, std::string_view id,
                                    mutate_fn const& fn) = 0;

  // Applies each item in order, each atomically as modify() does; a failed
  // item changes nothing and does not stop the others. `results[i]` is item
  // i's outcome. Returns the seq that makes all applied items durable.
  virtual commit_seq modify_batch(std::string_view tenant, std::vector<batch_item> const& items,
                                  std::vector<result<void>>& results) = 0;

  // Adds a listener to the change feed: every later entity write (any write
  // path: API, batch, services) is passed to every listener. Call before the
  // store is shared between threads; listeners live as long as the store.
  virtual void add_change_listener(change_listener listener) = 0;
  // Adds a pacer: called on the writing thread after every modify() or
  // modify_batch() that passed changes to the listeners, once the store's lock
  // is released. It may block to slow writers down while a listener is far
  // behind (backpressure), without holding up readers or the store. Call before
  // the store is shared between threads.
  virtual void add_change_pacer(std::function<void()> pace) = 0;

  // Tenants that exist, in name order ("" for the default tenant if it has data).
  virtual std::vector<std::string> tenants() const = 0;
  virtual bool has_tenant(std::string_view tenant) const = 0;
  // Number of entities of `tenant` (0 if it does not exist).
  virtual std::size_t entity_count(std::string_view tenant) const = 0;

  // Small documents kept beside entities, by collection ("contexts",
  // "subscriptions", ...) and key, durable like entity writes.
  virtual commit_seq put_document(std::string_view collection, std::string_view key,
                                  json::value doc) = 0;
  // Returns the seq of the removal, or 0 if there was no such document.
  virtual commit_seq erase_document(std::string_view collection, std::string_view key) = 0;
  virtual std::optional<json::value> get_document(std::string_view collection,
                                                  std::string_view key) const = 0;
  // All documents of `collection` as (key, doc) pairs in key order.
  virtual std::vector<std::pair<std::string, json::value>> documents(
      std::string_view collection) const = 0;

  // Highest seq that is durable.
  virtual commit_seq durable_seq() const = 0;
  // Calls `done` (on the store's commit thread, or at once if already durable)
  // when `seq` is durable. `done` must be quick: post work elsewhere.
  virtual void on_durable(commit_seq seq, std::function<void()> done) = 0;
  // Blocks until everything written so far is durable.
  virtual void flush() = 0;
};

}  // namespace cityos::store
