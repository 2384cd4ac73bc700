// SPDX-License-Identifier: Apache-2.0
// Internals shared by the SQLite history engine's files: the connection and
// writer state, the schema, and row <-> instance conversion.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/string_map.h"
#include "store/history/detail/sqlite_db.h"
#include "store/history/sqlite_history.h"

namespace cityos::store {

struct sqlite_history::connection {
  std::unique_ptr<detail::sqlite_db> db;
  std::mutex mu;  // held while a thread uses `db`
};

// State only the writer thread touches (and open()).
struct sqlite_history::writer {
  connection conn;
  // An entity known to be in the entity table, with its number in the file:
  // a recorded change finds all it needs with one lookup (saves a SELECT per
  // change).
  struct known_entity {
    std::int64_t created_at = 0;
    std::int64_t number = 0;  // entity.key
  };
  std::unordered_map<std::string, known_entity> entities;  // "tenant\0entity" ->
  string_map<std::int64_t> attr_numbers;  // attribute IRI -> attr.id
  // The caches are emptied when they reach these sizes (unbounded, the entity
  // cache held 1 GB after 1,000,000 entities were recorded); a miss costs one
  // indexed SELECT. Also emptied after a rollback, whose rows they may hold.
  static constexpr std::size_t kMaxEntities = 100'000, kMaxAttrs = 100'000;
  void forget() {
    entities.clear();
    attr_numbers.clear();
  }
  // The next entity number and instance id to give (0: not read from meta
  // yet); written to meta by save_counters() before each COMMIT, not per row.
  std::int64_t next_entity_number = 0;
  std::int64_t next_instance_id = 0;
  bool counters_changed = false;
  // After a ROLLBACK: nothing cached may outlive it.
  void rolled_back() {
    forget();
    next_entity_number = 0;
    next_instance_id = 0;
    counters_changed = false;
  }
  // Run after the batch's COMMIT (true) or failed commit (false).
  std::vector<std::function<void(bool)>> after_commit;
  std::uint64_t write_errors = 0;
};

namespace detail {

// The history file's format (PRAGMA user_version) this code writes.
inline constexpr std::int64_t kFormat = 3;

// Creates the tables and indexes if missing; an older file is migrated first
// (format 1, with a series table, to 2; format 2 to 3), one transaction per
// step, with `notice` told before and after. Errors: internal (also for a
// file of a newer format).
result<void> create_schema(sqlite_db& db,
                           std::function<void(std::string const&)> const& notice = {});

// The series of an entity's attribute: instances of the entity with file key
// `entity_key` for the attribute numbered `attr` (1 <= attr < kAttrsPerEntity)
// have series id entity_key * kAttrsPerEntity + attr, so an entity's series
// are the ids in [key * kAttrsPerEntity, (key + 1) * kAttrsPerEntity).
inline constexpr std::int64_t kAttrsPerEntity = std::int64_t{1} << 24;
std::int64_t series_id(std::int64_t entity_key, std::int64_t attr);

// Sets the per-connection pragmas (cache, mmap). Errors: internal.
result<void> tune_connection(sqlite_db& db, bool file);

// "urn:ngsi-ld:Instance:<rowid>" and back (nullopt for other strings).
std::string instance_uri(std::int64_t rowid);
std::optional<std::int64_t> instance_rowid(std::string_view uri);

// The numeric value of a stored instance (its "value" is a number), if any.
std::optional<double> numeric_value(json::object const& body);

// Time column of `tp` in the instance table: "obs", "cre" or "mod".
char const* time_column(time_property tp);

}  // namespace detail
}  // namespace cityos::store

namespace cityos::store::detail {

// The entity row of (tenant, id), or nullopt. Errors: internal.
result<std::optional<history_entity_info>> read_entity(sqlite_db& db, std::string const& tenant,
                                                       std::string const& id);
// The number (entity.key) of (tenant, id), or nullopt. Errors: internal.
result<std::optional<std::int64_t>> read_entity_number(sqlite_db& db, std::string const& tenant,
                                                       std::string const& id);
// Columns id, types, created_at, modified_at, deleted_at from `col` on.
history_entity_info entity_from_row(sqlite_stmt const& s, int col);
// The entity columns for entity_from_row().
inline constexpr char const* kEntityColumns = "id, types, created_at, modified_at, deleted_at";

}  // namespace cityos::store::detail
