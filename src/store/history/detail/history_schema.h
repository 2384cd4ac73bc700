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
  // An entity known to be in the entity table, with the series ids of its
  // attributes looked up so far: a recorded change finds all it needs with one
  // lookup (saves a SELECT per change and one per attribute).
  struct known_entity {
    std::int64_t created_at = 0;
    std::vector<std::pair<std::string, std::int64_t>> series;  // attribute IRI -> series id
  };
  std::unordered_map<std::string, known_entity> entities;  // "tenant\0entity" ->
  std::size_t known_series = 0;  // series ids held in `entities`
  // The cache is emptied when it reaches these sizes (about 60 MB at most;
  // unbounded it held 1 GB after 1,000,000 entities were recorded). A miss
  // costs one indexed SELECT.
  static constexpr std::size_t kMaxSeries = 300'000, kMaxEntities = 100'000;
  void forget() {
    entities.clear();
    known_series = 0;
  }
  // Run after the batch's COMMIT (true) or failed commit (false).
  std::vector<std::function<void(bool)>> after_commit;
  std::uint64_t write_errors = 0;
};

namespace detail {

// Creates the tables and indexes if missing. Errors: internal.
result<void> create_schema(sqlite_db& db);
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
// Columns id, types, created_at, modified_at, deleted_at from `col` on.
history_entity_info entity_from_row(sqlite_stmt const& s, int col);
// The entity columns for entity_from_row().
inline constexpr char const* kEntityColumns = "id, types, created_at, modified_at, deleted_at";

}  // namespace cityos::store::detail
