// SPDX-License-Identifier: Apache-2.0
#include "store/history/detail/history_schema.h"

#include <charconv>

namespace cityos::store::detail {

namespace {

constexpr std::string_view kInstancePrefix = "urn:ngsi-ld:Instance:";

// entity:   one row per temporal entity (types as a JSON array of IRIs).
// series:   one row per (entity, attribute); instances point to it.
//           One index per instance row only (on observedAt): writes pay for
//           it on every accepted write, while createdAt/modifiedAt queries
//           are rare and scan the series' rows in the obs index.
// instance: one row per attribute instance; obs/cre/mod are epoch ms,
//           del the deletedAt of a deletion marker, num a numeric value.
constexpr char const* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS entity(
  tenant TEXT NOT NULL, id TEXT NOT NULL, types TEXT NOT NULL,
  created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL, deleted_at INTEGER,
  PRIMARY KEY(tenant, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS series(
  id INTEGER PRIMARY KEY, tenant TEXT NOT NULL, entity TEXT NOT NULL, attr TEXT NOT NULL,
  UNIQUE(tenant, entity, attr));
CREATE TABLE IF NOT EXISTS instance(
  id INTEGER PRIMARY KEY AUTOINCREMENT, series INTEGER NOT NULL, dataset TEXT NOT NULL,
  obs INTEGER NOT NULL, cre INTEGER NOT NULL, mod INTEGER NOT NULL, del INTEGER,
  num REAL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS instance_obs ON instance(series, obs, num, del, dataset);
DROP INDEX IF EXISTS instance_cre;
DROP INDEX IF EXISTS instance_mod;
)sql";

}  // namespace

result<void> create_schema(sqlite_db& db) { return db.exec(kSchema); }

result<void> tune_connection(sqlite_db& db, bool file) {
  // Debian's SQLite defaults to a 2 MB cache and no mmap (stack-notes.md).
  std::string sql = "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;";
  if (file) {
    // Like the entity store without --fsync: the history survives a process
    // crash (the OS has every write), not a power loss. synchronous=OFF also
    // keeps checkpoints from fsync'ing, which stalled the entity store's log
    // writes on the same file system (create p99 of 0.5 s); a larger WAL
    // checkpoints less often.
    sql += "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA wal_autocheckpoint=8192; "
           "PRAGMA mmap_size=268435456;";
  }
  return db.exec(sql);
}

std::string instance_uri(std::int64_t rowid) {
  return std::string(kInstancePrefix) + std::to_string(rowid);
}

std::optional<std::int64_t> instance_rowid(std::string_view uri) {
  if (!uri.starts_with(kInstancePrefix)) return std::nullopt;
  auto const digits = uri.substr(kInstancePrefix.size());
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc{} || end != digits.data() + digits.size() || digits.empty()) {
    return std::nullopt;
  }
  return n;
}

std::optional<double> numeric_value(json::object const& body) {
  auto const* v = body.if_contains("value");
  if (!v) return std::nullopt;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  return std::nullopt;
}

char const* time_column(time_property tp) {
  switch (tp) {
    case time_property::created_at: return "cre";
    case time_property::modified_at: return "mod";
    default: return "obs";
  }
}

}  // namespace cityos::store::detail

namespace cityos::store::detail {

history_entity_info entity_from_row(sqlite_stmt const& s, int col) {
  history_entity_info e;
  e.id = std::string(s.text(col));
  if (auto types = parse_json(s.text(col + 1)); types && types->is_array()) {
    for (auto const& t : types->get_array()) {
      if (t.is_string()) e.types.emplace_back(t.get_string());
    }
  }
  e.created_at = s.int64(col + 2);
  e.modified_at = s.int64(col + 3);
  if (!s.is_null(col + 4)) e.deleted_at = s.int64(col + 4);
  return e;
}

result<std::optional<history_entity_info>> read_entity(sqlite_db& db, std::string const& tenant,
                                                       std::string const& id) {
  static_assert(std::string_view(kEntityColumns) == "id, types, created_at, modified_at, deleted_at");
  auto s = db.cached("SELECT id, types, created_at, modified_at, deleted_at FROM entity WHERE tenant = ?1 AND id = ?2");
  if (!s) return std::move(s).err();
  (*s)->bind(1, tenant).bind(2, id);
  auto row = (*s)->step();
  if (!row) return std::move(row).err();
  if (!*row) return std::optional<history_entity_info>();
  auto e = entity_from_row(**s, 0);
  (*s)->reset();
  return std::optional<history_entity_info>(std::move(e));
}

}  // namespace cityos::store::detail
