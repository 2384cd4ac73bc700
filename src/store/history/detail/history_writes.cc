// SPDX-License-Identifier: Apache-2.0
#include "store/history/detail/history_writes.h"

#include <algorithm>
#include <array>
#include <span>

#include "common/written_json.h"

namespace cityos::store::detail {

namespace {

error not_found(std::string what) { return make_error(error_code::not_found, std::move(what)); }

std::string cache_key(std::string const& tenant, std::string const& id) {
  std::string k = tenant;
  k += '\0';
  k += id;
  return k;
}

void remember(writer& w, std::string key, writer::known_entity e) {
  if (w.entities.size() >= writer::kMaxEntities) w.entities.clear();
  w.entities.insert_or_assign(std::move(key), e);
}

// The (created_at, number) of an entity in the entity table, from the cache
// (where a stored one is put), or nullopt.
result<std::optional<writer::known_entity>> find_entity(writer& w, std::string const& tenant,
                                                        std::string const& id) {
  std::string key = cache_key(tenant, id);
  if (auto it = w.entities.find(key); it != w.entities.end()) return std::optional(it->second);
  auto s = w.conn.db->cached("SELECT created_at, key FROM entity WHERE tenant = ?1 AND id = ?2");
  if (!s) return std::move(s).err();
  (*s)->bind(1, tenant).bind(2, id);
  auto row = (*s)->step();
  if (!row) return std::move(row).err();
  if (!*row) return std::optional<writer::known_entity>();
  writer::known_entity const e{(*s)->int64(0), (*s)->int64(1)};
  (*s)->reset();
  remember(w, std::move(key), e);
  return std::optional(e);
}

// The next value of the meta counter that `select` reads, kept in `next`
// (0: not read yet): a number never given before in this file.
template <std::size_t N>
result<std::int64_t> take_next(writer& w, char const (&select)[N], std::int64_t& next) {
  if (next == 0) {
    auto s = w.conn.db->cached(select);
    if (!s) return std::move(s).err();
    auto row = (*s)->step();
    if (!row) return std::move(row).err();
    if (!*row) return make_error(error_code::internal, "history: a counter is missing from meta");
    next = (*s)->int64(0);
    (*s)->reset();
  }
  w.counters_changed = true;
  return next++;
}

// A number for a new entity.
result<std::int64_t> new_entity_number(writer& w) {
  return take_next(w, "SELECT value FROM meta WHERE name = 'next_entity_key'",
                   w.next_entity_number);
}

// An id for a new instance. Ids are not reused even after the instance with
// the largest one is deleted (instance URIs are made of them); counting in
// memory instead of AUTOINCREMENT saves a sqlite_sequence update per row.
result<std::int64_t> new_instance_id(writer& w) {
  return take_next(w, "SELECT value FROM meta WHERE name = 'next_instance_id'",
                   w.next_instance_id);
}

// The number of attribute `attr`: numbered if new and `create`, else nullopt
// if it has none.
result<std::optional<std::int64_t>> attr_number(writer& w, std::string_view attr, bool create) {
  if (auto it = w.attr_numbers.find(attr); it != w.attr_numbers.end()) return std::optional(it->second);
  auto s = w.conn.db->cached("SELECT id FROM attr WHERE iri = ?1");
  if (!s) return std::move(s).err();
  (*s)->bind(1, attr);
  auto row = (*s)->step();
  if (!row) return std::move(row).err();
  std::int64_t n = 0;
  if (*row) {
    n = (*s)->int64(0);
    (*s)->reset();
  } else {
    if (!create) return std::optional<std::int64_t>();
    auto ins = w.conn.db->cached("INSERT INTO attr(iri) VALUES(?1)");
    if (!ins) return std::move(ins).err();
    (*ins)->bind(1, attr);
    if (auto r = (*ins)->run(); !r) return std::move(r).err();
    n = w.conn.db->last_rowid();
    if (n >= kAttrsPerEntity) {
      return make_error(error_code::internal, "history: more than 16,777,215 attribute names");
    }
  }
  if (w.attr_numbers.size() >= writer::kMaxAttrs) w.attr_numbers.clear();
  w.attr_numbers.emplace(std::string(attr), n);
  return std::optional(n);
}

// The series of (tenant, id, attr) if the entity and the attribute name are
// known, else nullopt.
result<std::optional<std::int64_t>> existing_series(writer& w, std::string const& tenant,
                                                    std::string const& id, std::string_view attr) {
  auto e = find_entity(w, tenant, id);
  if (!e) return std::move(e).err();
  if (!*e) return std::optional<std::int64_t>();
  auto n = attr_number(w, attr, false);
  if (!n) return std::move(n).err();
  if (!*n) return std::optional<std::int64_t>();
  return std::optional(series_id((*e)->number, **n));
}

// The JSON array of `types`, written directly (no intermediate tree: an entity
// row is written on every recorded change).
std::string types_json(std::vector<std::string> const& types) {
  std::string out = "[";
  for (auto const& t : types) {
    if (out.size() > 1) out += ',';
    dump_string_to(t, out);
  }
  out += ']';
  return out;
}

// Inserts the entity row of a new entity `e`, numbered `number`, unless
// (tenant, id) has a row. Returns whether it inserted.
result<bool> insert_entity(writer& w, std::string const& tenant, history_entity_info const& e,
                           std::int64_t number) {
  auto s = w.conn.db->cached(
      "INSERT INTO entity(tenant, id, types, created_at, modified_at, deleted_at, key) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING");
  if (!s) return std::move(s).err();
  std::string const types = types_json(e.types);
  (*s)->bind_unowned(1, tenant).bind_unowned(2, e.id).bind_unowned(3, types);
  (*s)->bind(4, e.created_at).bind(5, e.modified_at);
  if (e.deleted_at) (*s)->bind(6, *e.deleted_at); else (*s)->bind_null(6);
  (*s)->bind(7, number);
  if (auto r = (*s)->run(); !r) return std::move(r).err();
  return w.conn.db->changes() == 1;
}

// Updates the row of an entity already in the entity table (its createdAt
// and number stay).
result<void> update_entity(writer& w, std::string const& tenant, history_entity_info const& e) {
  auto s = w.conn.db->cached(
      "UPDATE entity SET types = ?3, modified_at = ?4, deleted_at = ?5 "
      "WHERE tenant = ?1 AND id = ?2");
  if (!s) return std::move(s).err();
  std::string const types = types_json(e.types);
  (*s)->bind_unowned(1, tenant).bind_unowned(2, e.id).bind_unowned(3, types);
  (*s)->bind(4, e.modified_at);
  if (e.deleted_at) (*s)->bind(5, *e.deleted_at); else (*s)->bind_null(5);
  if (auto r = (*s)->run(); !r) return r;
  if (w.conn.db->changes() != 1) {
    return make_error(error_code::internal, "history: entity row of '" + e.id + "' missing");
  }
  return {};
}

// Writes the entity row of `e` (its createdAt kept if `known`, the row's
// cached state from find_entity()) and returns its number.
result<std::int64_t> write_entity(writer& w, std::string const& tenant, history_entity_info& e,
                                  std::optional<writer::known_entity> const& known) {
  if (known) {
    e.created_at = known->created_at;
    if (auto r = update_entity(w, tenant, e); !r) return std::move(r).err();
    return known->number;
  }
  auto n = new_entity_number(w);
  if (!n) return std::move(n).err();
  auto inserted = insert_entity(w, tenant, e, *n);
  if (!inserted) return std::move(inserted).err();
  if (!*inserted) {
    return make_error(error_code::internal, "history: entity row of '" + e.id + "' exists already");
  }
  remember(w, cache_key(tenant, e.id), {e.created_at, *n});
  return *n;
}

// The number of a new entity `e` if its row could be inserted, else nullopt
// (it has one): one statement for a create, where find_entity() would look
// the row up and miss first. A number taken for a row not inserted is left
// unused (numbers need only be unique).
result<std::optional<std::int64_t>> insert_if_new(writer& w, std::string const& tenant,
                                                  history_entity_info const& e) {
  std::string key = cache_key(tenant, e.id);
  if (w.entities.contains(key)) return std::optional<std::int64_t>();
  auto n = new_entity_number(w);
  if (!n) return std::move(n).err();
  auto inserted = insert_entity(w, tenant, e, *n);
  if (!inserted) return std::move(inserted).err();
  if (!*inserted) return std::optional<std::int64_t>();
  remember(w, std::move(key), {e.created_at, *n});
  return std::optional(*n);
}

// Most instance rows one INSERT statement writes: a statement's own cost
// (step, halt, reset) is about a quarter of a one-row insert's.
constexpr std::size_t kRowsPerInsert = 8;
constexpr int kInstanceColumns = 9;

// "INSERT INTO instance ... VALUES" with `rows` (1..kRowsPerInsert) rows of
// kInstanceColumns parameters each, numbered in order; at a fixed address
// (statements are found by it).
char const* insert_instances_sql(std::size_t rows) {
  static std::array<std::string, kRowsPerInsert> const sql = [] {
    std::array<std::string, kRowsPerInsert> out;
    std::string text = "INSERT INTO instance(series, dataset, obs, cre, mod, del, num, body, id) VALUES";
    for (std::size_t n = 0; n < kRowsPerInsert; ++n) {
      text += n == 0 ? "(?,?,?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?,?)";
      out[n] = text;
    }
    return out;
  }();
  return sql[rows - 1].c_str();
}

// Binds instance row `h` (series `series`, id `id`) as row `row` of an
// insert_instances_sql() statement.
void bind_instance(sqlite_stmt& st, int row, std::int64_t series, std::int64_t id, instance_row const& h) {
  int const at = row * kInstanceColumns;
  st.bind(at + 1, series).bind_unowned(at + 2, h.dataset_id).bind(at + 3, h.observed_at);
  st.bind(at + 4, h.created_at).bind(at + 5, h.modified_at);
  if (h.deleted_at) st.bind(at + 6, *h.deleted_at); else st.bind_null(at + 6);
  if (h.number) st.bind(at + 7, *h.number); else st.bind_null(at + 7);
  st.bind_unowned(at + 8, h.body).bind(at + 9, id);
}

// Inserts the instance rows `rows` ((attribute IRI, row) pairs) of entity
// `entity_number`, up to kRowsPerInsert per statement.
result<void> insert_instances(writer& w, std::int64_t entity_number,
                              std::span<std::pair<std::string, instance_row> const> rows) {
  std::array<std::int64_t, kRowsPerInsert> series{}, ids{};
  while (!rows.empty()) {
    std::size_t const n = std::min(rows.size(), kRowsPerInsert);
    // Attribute numbers and ids first: numbering a new attribute runs a statement.
    for (std::size_t i = 0; i < n; ++i) {
      auto attr = attr_number(w, rows[i].first, true);
      if (!attr) return std::move(attr).err();
      auto id = new_instance_id(w);
      if (!id) return std::move(id).err();
      series[i] = series_id(entity_number, **attr);
      ids[i] = *id;
    }
    auto s = w.conn.db->cached_at(insert_instances_sql(n));
    if (!s) return std::move(s).err();
    for (std::size_t i = 0; i < n; ++i) bind_instance(**s, static_cast<int>(i), series[i], ids[i], rows[i].second);
    if (auto r = (*s)->run(); !r) return r;
    rows = rows.subspan(n);
  }
  return {};
}

// Runs `sql` with (?1 = a, ?2 = b); returns the rows changed.
result<std::int64_t> run_changes(writer& w, std::string const& sql, std::int64_t a,
                                 std::string_view b = {}) {
  auto s = w.conn.db->cached(sql);
  if (!s) return std::move(s).err();
  (*s)->bind(1, a);
  if (sql.find("?2") != std::string::npos) (*s)->bind(2, b);
  if (auto r = (*s)->run(); !r) return std::move(r).err();
  return w.conn.db->changes();
}

}  // namespace

result<void> apply_record(writer& w, change_record const& rec) {
  if (rec.entity.id.empty()) return {};
  auto e = rec.entity;
  std::optional<std::int64_t> number;
  if (rec.created) {
    auto n = insert_if_new(w, rec.tenant, e);
    if (!n) return std::move(n).err();
    number = *n;
  }
  if (!number) {
    auto known = find_entity(w, rec.tenant, e.id);
    if (!known) return std::move(known).err();
    auto n = write_entity(w, rec.tenant, e, *known);
    if (!n) return std::move(n).err();
    number = *n;
  }
  return insert_instances(w, *number, rec.instances);
}

result<bool> add_instances(writer& w, std::string const& tenant, std::string const& id,
                           std::vector<std::string> const& types,
                           std::vector<instance_input> instances, bool create, epoch_ms now) {
  auto old = read_entity(*w.conn.db, tenant, id);
  if (!old) return std::move(old).err();
  if (!*old && !create) return not_found("temporal entity '" + id + "' not found");
  history_entity_info e = old->value_or(history_entity_info{id, {}, now, now, std::nullopt});
  for (auto const& t : types) {
    if (std::find(e.types.begin(), e.types.end(), t) == e.types.end()) e.types.push_back(t);
  }
  e.modified_at = now;
  auto known = find_entity(w, tenant, id);
  if (!known) return std::move(known).err();
  auto number = write_entity(w, tenant, e, *known);
  if (!number) return std::move(number).err();
  std::vector<std::pair<std::string, instance_row>> rows;
  rows.reserve(instances.size());
  for (auto& in : instances) rows.emplace_back(std::move(in.attribute), make_instance_row(in.body, now));
  if (auto r = insert_instances(w, *number, rows); !r) return std::move(r).err();
  return !old->has_value();
}

result<void> delete_entity(writer& w, std::string const& tenant, std::string const& id) {
  auto known = find_entity(w, tenant, id);
  if (!known) return std::move(known).err();
  if (!*known) return not_found("temporal entity '" + id + "' not found");
  std::int64_t const first = series_id((*known)->number, 0);
  auto s = w.conn.db->cached("DELETE FROM instance WHERE series >= ?1 AND series < ?2");
  if (!s) return std::move(s).err();
  (*s)->bind(1, first).bind(2, first + kAttrsPerEntity);
  if (auto r = (*s)->run(); !r) return r;
  auto d = w.conn.db->cached("DELETE FROM entity WHERE tenant = ?1 AND id = ?2");
  if (!d) return std::move(d).err();
  (*d)->bind(1, tenant).bind(2, id);
  if (auto r = (*d)->run(); !r) return r;
  w.forget();
  return {};
}

result<void> delete_attribute(writer& w, std::string const& tenant, std::string const& id,
                              std::string const& attr, std::string const& dataset_id, bool all) {
  auto sid = existing_series(w, tenant, id, attr);
  if (!sid) return std::move(sid).err();
  auto missing = [&] {
    return not_found("attribute '" + attr + "' of temporal entity '" + id + "' not found");
  };
  if (!*sid) return missing();
  if (all) {
    auto n = run_changes(w, "DELETE FROM instance WHERE series = ?1", **sid);
    if (!n) return std::move(n).err();
    if (*n == 0) return missing();
    return {};
  }
  auto n = run_changes(w, "DELETE FROM instance WHERE series = ?1 AND dataset = ?2", **sid,
                       dataset_id);
  if (!n) return std::move(n).err();
  if (*n == 0) {
    return not_found("attribute '" + attr + "' has no instance with datasetId '" + dataset_id + "'");
  }
  return {};
}

result<void> delete_instance(writer& w, std::string const& tenant, std::string const& id,
                             std::string const& attr, std::string const& instance_id) {
  auto sid = existing_series(w, tenant, id, attr);
  if (!sid) return std::move(sid).err();
  auto rowid = instance_rowid(instance_id);
  if (*sid && rowid) {
    auto s = w.conn.db->cached("DELETE FROM instance WHERE id = ?1 AND series = ?2");
    if (!s) return std::move(s).err();
    (*s)->bind(1, *rowid).bind(2, **sid);
    if (auto r = (*s)->run(); !r) return r;
    if (w.conn.db->changes() > 0) return {};
  }
  return not_found("instance '" + instance_id + "' of attribute '" + attr + "' not found");
}

result<void> patch_instance(writer& w, std::string const& tenant, std::string const& id,
                            std::string const& attr, std::string const& instance_id,
                            json::object const& body, epoch_ms now) {
  auto sid = existing_series(w, tenant, id, attr);
  if (!sid) return std::move(sid).err();
  auto rowid = instance_rowid(instance_id);
  error const missing = not_found("instance '" + instance_id + "' of attribute '" + attr + "' not found");
  if (!*sid || !rowid) return missing;
  auto s = w.conn.db->cached("SELECT body FROM instance WHERE id = ?1 AND series = ?2");
  if (!s) return std::move(s).err();
  (*s)->bind(1, *rowid).bind(2, **sid);
  auto row = (*s)->step();
  if (!row) return std::move(row).err();
  if (!*row) return missing;
  auto old = parse_written_json((*s)->text(0));
  (*s)->reset();
  if (!old.is_object()) return make_error(error_code::internal, "history: corrupt instance");
  auto merged = std::move(old.get_object());
  for (auto const& [k, v] : body) merged[k] = v;
  merged["modifiedAt"] = format_iso8601(now);
  auto h = make_instance_row(merged, now);
  auto u = w.conn.db->cached(
      "UPDATE instance SET dataset = ?2, obs = ?3, cre = ?4, mod = ?5, del = ?6, num = ?7, "
      "body = ?8 WHERE id = ?1");
  if (!u) return std::move(u).err();
  auto& st = **u;
  st.bind(1, *rowid).bind(2, h.dataset_id).bind(3, h.observed_at).bind(4, h.created_at);
  st.bind(5, h.modified_at);
  if (h.deleted_at) st.bind(6, *h.deleted_at); else st.bind_null(6);
  if (h.number) st.bind(7, *h.number); else st.bind_null(7);
  st.bind(8, h.body);
  return st.run();
}

result<void> save_counters(writer& w) {
  if (!w.counters_changed) return {};
  auto s = w.conn.db->cached("UPDATE meta SET value = ?2 WHERE name = ?1");
  if (!s) return std::move(s).err();
  for (auto [name, next] : {std::pair{"next_entity_key", w.next_entity_number},
                            std::pair{"next_instance_id", w.next_instance_id}}) {
    if (next == 0) continue;  // not read in this transaction: meta holds it
    (*s)->reset().bind(1, std::string_view(name)).bind(2, next);
    if (auto r = (*s)->run(); !r) return r;
  }
  w.counters_changed = false;
  return {};
}

result<std::size_t> purge(writer& w, epoch_ms cutoff) {
  auto n = run_changes(w, "DELETE FROM instance WHERE mod < ?1", cutoff);
  if (!n) return std::move(n).err();
  return static_cast<std::size_t>(*n);
}

}  // namespace cityos::store::detail
