// SPDX-License-Identifier: Apache-2.0
#include "store/history/detail/history_schema.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace cityos::store::detail {

namespace {

constexpr std::string_view kInstancePrefix = "urn:ngsi-ld:Instance:";

// Format 3 (PRAGMA user_version = 3):
// entity:   one row per temporal entity (types as a JSON array of IRIs) with
//           `key`, a number unique in the file (meta.next_entity_key).
// attr:     a number for each attribute IRI ever recorded.
// instance: one row per attribute instance, in the series of its entity and
//           attribute: series_id(entity key, attribute number), so recording a
//           new attribute writes no row besides its instances. obs/cre/mod are
//           epoch ms, del the deletedAt of a deletion marker, num a numeric
//           value. One index per instance row only (on observedAt): writes pay
//           for it on every accepted write, while createdAt/modifiedAt queries
//           are rare and scan the series' rows in the obs index. Ids come from
//           meta.next_instance_id (never reused); format 2 had AUTOINCREMENT,
//           which updated sqlite_sequence on every insert.
constexpr char const* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS entity(
  tenant TEXT NOT NULL, id TEXT NOT NULL, types TEXT NOT NULL,
  created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL, deleted_at INTEGER,
  key INTEGER NOT NULL, PRIMARY KEY(tenant, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS attr(id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO meta(name, value) VALUES('next_entity_key', 1);
INSERT OR IGNORE INTO meta(name, value) VALUES('next_instance_id', 1);
CREATE TABLE IF NOT EXISTS instance(
  id INTEGER PRIMARY KEY, series INTEGER NOT NULL, dataset TEXT NOT NULL,
  obs INTEGER NOT NULL, cre INTEGER NOT NULL, mod INTEGER NOT NULL, del INTEGER,
  num REAL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS instance_obs ON instance(series, obs, num, del, dataset);
PRAGMA user_version = 3;
)sql";

static_assert(kAttrsPerEntity == 16777216, "kMigrateFrom1 spells it out");

// Format 1 -> 2: entity keys in id order, attribute numbers in IRI order,
// instances moved to their new series ids (instance ids, and so instance
// URIs, stay), the series table dropped. Instances of a series whose entity
// is gone (none are written so) go with it. One transaction.
constexpr char const* kMigrateFrom1 = R"sql(
BEGIN;
CREATE TABLE attr(id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE);
INSERT INTO attr(iri) SELECT DISTINCT attr FROM series ORDER BY attr;
CREATE TABLE entity2(
  tenant TEXT NOT NULL, id TEXT NOT NULL, types TEXT NOT NULL,
  created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL, deleted_at INTEGER,
  key INTEGER NOT NULL, PRIMARY KEY(tenant, id)) WITHOUT ROWID;
INSERT INTO entity2 SELECT tenant, id, types, created_at, modified_at, deleted_at,
  row_number() OVER (ORDER BY tenant, id) FROM entity;
CREATE TEMP TABLE series_move(old INTEGER PRIMARY KEY, new INTEGER NOT NULL);
INSERT INTO series_move SELECT s.id, e.key * 16777216 + a.id FROM series s
  JOIN entity2 e ON e.tenant = s.tenant AND e.id = s.entity JOIN attr a ON a.iri = s.attr;
DELETE FROM instance WHERE series NOT IN (SELECT old FROM series_move);
UPDATE instance SET series = (SELECT new FROM series_move WHERE old = instance.series);
DROP TABLE series_move;
DROP TABLE series;
DROP TABLE entity;
ALTER TABLE entity2 RENAME TO entity;
CREATE TABLE meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta(name, value) SELECT 'next_entity_key', COALESCE(MAX(key), 0) + 1 FROM entity;
PRAGMA user_version = 2;
COMMIT;
)sql";

// Format 2 -> 3: the instance table without AUTOINCREMENT, rows and ids
// kept; the next id above every id given so far (sqlite_sequence holds the
// largest, even of a deleted row). One transaction.
constexpr char const* kMigrateFrom2 = R"sql(
BEGIN;
CREATE TABLE instance3(
  id INTEGER PRIMARY KEY, series INTEGER NOT NULL, dataset TEXT NOT NULL,
  obs INTEGER NOT NULL, cre INTEGER NOT NULL, mod INTEGER NOT NULL, del INTEGER,
  num REAL, body TEXT NOT NULL);
INSERT INTO instance3(id, series, dataset, obs, cre, mod, del, num, body)
  SELECT id, series, dataset, obs, cre, mod, del, num, body FROM instance ORDER BY id;
INSERT OR REPLACE INTO meta(name, value) SELECT 'next_instance_id',
  max(COALESCE((SELECT MAX(id) FROM instance), 0),
      COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'instance'), 0)) + 1;
DROP TABLE instance;
ALTER TABLE instance3 RENAME TO instance;
CREATE INDEX instance_obs ON instance(series, obs, num, del, dataset);
PRAGMA user_version = 3;
COMMIT;
)sql";

// PRAGMA user_version of `db` (0 for a new file).
result<std::int64_t> user_version(sqlite_db& db) {
  auto s = db.cached("PRAGMA user_version");
  if (!s) return std::move(s).err();
  auto row = (*s)->step();
  if (!row) return std::move(row).err();
  std::int64_t const v = *row ? (*s)->int64(0) : 0;
  (*s)->reset();
  return v;
}

// Whether `db` has a table `name`.
result<bool> has_table(sqlite_db& db, std::string const& name) {
  auto s = db.cached("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
  if (!s) return std::move(s).err();
  (*s)->bind(1, name);
  auto row = (*s)->step();
  if (!row) return std::move(row).err();
  bool const found = *row;
  (*s)->reset();
  return found;
}

// Runs the migration `sql` to format `to`, telling `notice` what to expect
// (`secs_per_million` recorded instances, as measured) and how long it took.
result<void> migrate(sqlite_db& db, char const* sql, int to, int secs_per_million,
                     std::function<void(std::string const&)> const& notice) {
  auto const start = std::chrono::steady_clock::now();
  std::string const format = "format " + std::to_string(to);
  if (notice) {
    notice("history: migrating the file to " + format + " (once; about " +
           std::to_string(secs_per_million) + " s per million recorded instances on 2 cores)");
  }
  if (auto r = db.exec(sql); !r) {
    (void)db.exec("ROLLBACK");
    return make_error(error_code::internal, "history: migrating to " + format + " failed: " + r.err().detail);
  }
  if (notice) {
    auto const secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char took[32];
    std::snprintf(took, sizeof took, "%.1f s", secs);
    notice("history: migrated to " + format + " in " + took);
  }
  return {};
}

}  // namespace

result<void> create_schema(sqlite_db& db, std::function<void(std::string const&)> const& notice) {
  auto version = user_version(db);
  if (!version) return std::move(version).err();
  if (*version > kFormat) {
    return make_error(error_code::internal,
                      "history: the file has format " + std::to_string(*version) +
                          ", newer than this cityos reads (" + std::to_string(kFormat) + ")");
  }
  if (*version < 2) {
    auto old = has_table(db, "series");
    if (!old) return std::move(old).err();
    if (*old) {
      if (auto r = migrate(db, kMigrateFrom1, 2, 10, notice); !r) return r;
      *version = 2;
    }
  }
  if (*version == 2) {
    if (auto r = migrate(db, kMigrateFrom2, 3, 4, notice); !r) return r;
  }
  return db.exec(kSchema);
}

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

std::int64_t series_id(std::int64_t entity_key, std::int64_t attr) {
  return entity_key * kAttrsPerEntity + attr;
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

result<std::optional<std::int64_t>> read_entity_number(sqlite_db& db, std::string const& tenant,
                                                       std::string const& id) {
  auto s = db.cached("SELECT key FROM entity WHERE tenant = ?1 AND id = ?2");
  if (!s) return std::move(s).err();
  (*s)->bind(1, tenant).bind(2, id);
  auto row = (*s)->step();
  if (!row) return std::move(row).err();
  if (!*row) return std::optional<std::int64_t>();
  std::int64_t const n = (*s)->int64(0);
  (*s)->reset();
  return std::optional<std::int64_t>(n);
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
