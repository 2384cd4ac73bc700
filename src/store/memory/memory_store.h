// SPDX-License-Identifier: Apache-2.0
// The embedded store engine: all current state in memory, indexed by id, type
// and space, made durable by a commit log (commit_log.h) in a data directory
// and compacted into a snapshot in the background. Implements store.h; see
// there for the semantics. Thread safety: all public functions are
// thread-safe; one shared_mutex (state_mutex_) guards all in-memory state,
// held briefly by writers and shared by readers; log I/O happens outside it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include <boost/unordered/unordered_flat_map.hpp>

#include "common/recent_cache.h"
#include "store/memory/commit_log.h"
#include "store/memory/entity_codec.h"
#include "store/memory/geo_index.h"
#include "store/store.h"

namespace cityos::store {

struct memory_store_options {
  std::filesystem::path data_dir;  // empty: no durability (tests)
  bool sync_each_commit = false;   // fdatasync per group commit (power-loss safe)
  std::uint64_t compact_min_bytes = 64ull << 20;  // compact when the log exceeds
  commit_observer on_commit;       // may be empty
};

// Whether a log of `log_bytes` is compacted into a new snapshot: once it
// exceeds `min_bytes` and the snapshot's size. Start-up replays the snapshot
// and the log, so it then reads at most about twice the snapshot; the price is
// a snapshot rewritten per snapshot's size of log written.
bool compaction_due(std::uint64_t log_bytes, std::uint64_t snapshot_bytes, std::uint64_t min_bytes);

class memory_store final : public store {
 public:
  // Opens (or creates) the store in opt.data_dir, loading the snapshot and
  // replaying the log. Errors: internal (I/O, corrupt data) with the path.
  static result<std::unique_ptr<memory_store>> open(memory_store_options opt);
  ~memory_store() override;

  entity_ptr get(std::string_view tenant, std::string_view id) const override;
  result<query_result> query(std::string_view tenant, entity_query const& q) const override;
  void scan(std::string_view tenant,
            std::function<bool(json::object const&)> const& fn) const override;
  result<commit_seq> modify(std::string_view tenant, std::string_view id,
                            mutate_fn const& fn) override;
  commit_seq modify_batch(std::string_view tenant, std::vector<batch_item> const& items,
                          std::vector<result<void>>& results) override;
  void add_change_listener(change_listener listener) override;
  void add_change_pacer(std::function<void()> pace) override;
  std::vector<std::string> tenants() const override;
  bool has_tenant(std::string_view tenant) const override;
  std::size_t entity_count(std::string_view tenant) const override;
  commit_seq put_document(std::string_view collection, std::string_view key,
                          json::value doc) override;
  commit_seq erase_document(std::string_view collection, std::string_view key) override;
  std::optional<json::value> get_document(std::string_view collection,
                                          std::string_view key) const override;
  std::vector<std::pair<std::string, json::value>> documents(
      std::string_view collection) const override;
  commit_seq durable_seq() const override;
  void on_durable(commit_seq seq, std::function<void()> done) override;
  void flush() override;

  // Lookups in the cache of decoded entities (reads and updates) since open,
  // and the entities it holds now.
  recent_cache_stats decoded_cache_stats() const { return decoded_.stats(); }

  // Writes a snapshot of the current state and starts a new log. Blocks
  // writers only while the state is captured. Errors: internal.
  result<void> compact();

 private:
  // Files of the data directory (see memory_store_compact.cc for their roles).
  static constexpr char const* kSnapshotFile = "snapshot.clog";
  static constexpr char const* kLogFile = "wal.clog";
  static constexpr char const* kOldLogFile = "wal.old.clog";

  using id_map = std::map<std::string, entity_blob, std::less<>>;
  struct tenant_state {
    id_map by_id;  // id -> the entity as kept in memory
    std::unordered_map<std::string, std::set<std::string_view>> by_type;  // type -> ids
    geo_index geo;
  };
  using doc_map = std::map<std::string, std::map<std::string, json::value, std::less<>>,
                           std::less<>>;  // collection -> key -> document
  using tenant_map = std::map<std::string, tenant_state, std::less<>>;

  explicit memory_store(memory_store_options opt) : opt_(std::move(opt)) {}
  result<void> load();
  // Applies one log or snapshot record. `mapping`, if set, keeps the file's pages
  // that `payload` lies in: an entity record's blob then stays there (no copy).
  void apply_record(std::string_view payload, std::shared_ptr<void const> const& mapping = nullptr);
  // While loading, an entity record only sets the entity; its index keys wait
  // in unindexed_ (see there) for index_loaded_locked().
  void apply_snapshot_record(std::string_view payload, std::shared_ptr<void const> const& mapping);
  // The by_type set that the last indexed entity went into, so that a run of
  // entities of one type finds its set without a lookup.
  struct type_ids_cursor {
    std::string_view type;
    std::set<std::string_view>* ids = nullptr;
  };
  // Adds the type and geo index keys of `record` (a snapshot entity record)
  // for the entity `node`. REQUIRES: state_mutex_ held exclusively or loading.
  void index_loaded_locked(tenant_state& ts, indexed_entity const& node, std::string_view record,
                           type_ids_cursor& cursor);
  // At the end of load(): indexes every entity of unindexed_ once, from its
  // last record, and builds the geo indexes. REQUIRES: the records are mapped.
  void index_loaded_entities();
  // A new tenant's state (its geo index queues while loading_). REQUIRES: the
  // tenant is absent, state_mutex_ held exclusively.
  tenant_map::iterator add_tenant_locked(std::string_view tenant);
  // Where an id is, or would go, in a tenant's by_id: one search of the map
  // (with a million entities, each search of it costs dozens of cache misses).
  struct id_slot {
    tenant_map::iterator tenant;
    id_map::iterator at;  // by_id.lower_bound(id)
    // Whether `id` (the id searched for) is stored there.
    bool holds(std::string_view id) const {
      return at != tenant->second.by_id.end() && at->first == id;
    }
  };
  // The slot of `id` in `tenant`, or nullopt if the tenant is absent.
  std::optional<id_slot> find_slot(std::string_view tenant, std::string_view id);
  // REQUIRES: state_mutex_ held exclusively.
  // `entity` is the new state and `text` its JSON text; `old` the state it
  // replaces (nullptr if none), whose index entries are removed. `slot`, if
  // given, is find_slot(tenant, id) with by_id unchanged since.
  // Returns the stored form with its index keys (what the log records).
  struct stored_entity {
    entity_blob blob;
    std::vector<std::string> types;
    geo_index::boxes boxes;
  };
  stored_entity put_locked(std::string_view tenant, std::string_view id, json::object const& entity,
                           std::string_view text, json::object const* old,
                           std::optional<id_slot> slot = std::nullopt);
  void erase_locked(std::string_view tenant, std::string_view id, json::object const& old);
  // Appends what changed to `changes` when listeners are registered.
  result<void> modify_locked(std::vector<entity_change>& changes, std::string_view tenant,
                             std::string_view id, mutate_fn const& fn, commit_seq& seq);
  // Passes `changes` to the listeners. REQUIRES: state_mutex_ held exclusively.
  void publish_locked(std::vector<entity_change>& changes);
  // Runs the pacers after a write that published changes. REQUIRES: state_mutex_ not held.
  void pace() const;
  // Queues a log record of a put: the stored form with its index keys (the
  // snapshot's binary record, so a replay needs no JSON parsing or compression).
  commit_seq log_put(std::string_view tenant, std::string_view id, stored_entity e);
  // Queues a log record of a delete.
  commit_seq log_erase(std::string_view tenant, std::string_view id);
  void maintain();
  // The decoded form of `blob`: from the cache of recently read and written
  // entities, else decoded (and cached if `keep`). An unchanged entity keeps
  // its entity_ptr while cached, so callers can key their own caches by it.
  // `local`: an uncached entity is decoded into its own arena (see
  // decode_entity_in_arena()); only for entities that will not be cached.
  entity_ptr decoded(entity_blob const& blob, bool keep = true, bool local = false) const;
  // Remembers `entity` as the decoded form of `blob` (a write's new state).
  void remember_decoded(entity_blob const& blob, entity_ptr entity) const;

  struct decoded_entity {
    entity_blob blob;   // keeps the key (its bytes' address) from being reused
    entity_ptr entity;
  };
  // Entities read or written recently, by the address of their encoded bytes
  // (a new version of an entity has new bytes). Holds up to 8,192 entities
  // (about 25 MB for five-attribute entities).
  static constexpr std::size_t kDecodedCacheEntries = 8192;
  mutable recent_cache<char const*, decoded_entity> decoded_{kDecodedCacheEntries};

  memory_store_options opt_;
  mutable std::shared_mutex state_mutex_;
  std::vector<change_listener> listeners_;  // fixed before the store is shared
  std::vector<std::function<void()>> pacers_;  // fixed before the store is shared
  tenant_map tenants_;                                        // guarded by state_mutex_
  doc_map documents_;                                         // guarded by state_mutex_
  entity_encoder encoder_;                                    // guarded by state_mutex_
  commit_log log_;
  std::atomic<std::uint64_t> snapshot_bytes_{0};
  std::mutex maintain_mutex_;
  std::condition_variable maintain_cv_;
  bool stopping_ = false;  // guarded by maintain_mutex_
  bool loading_ = false;   // in load(): indexes are built at its end
  // In load(): the entities whose type and geo index keys are not added yet,
  // by their node in by_id, with the (mapped) record holding the keys. Each
  // entity is indexed once, from its last record, after all files are read:
  // a logged update costs no decoding of the entity it replaces.
  // A flat table: one block, returned whole when loading ends.
  boost::unordered_flat_map<indexed_entity const*, std::string_view> unindexed_;
  std::thread maintainer_;
};

}  // namespace cityos::store
