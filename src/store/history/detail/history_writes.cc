// SPDX-License-Identifier: Apache-2.0
#include "store/history/detail/history_writes.h"

#include <algorithm>

namespace cityos::store::detail {

namespace {

error not_found(std::string what) { return make_error(error_code::not_found, std::move(what)); }

std::string entity_key(std::string const& tenant, std::string const& id) {
  std::string k = tenant;
  k += '\0';
  k += id;
  return k;
}

writer::known_entity* find_known(writer& w, std::string const& tenant, std::string const& id) {
  auto it = w.entities.find(entity_key(tenant, id));
  return it == w.entities.end() ? nullptr : &it->second;
}

// The cache entry of an entity now in the entity table (added if missing).
writer::known_entity& remember(writer& w, std::string key, std::int64_t created_at) {
  if (auto it = w.entities.find(key); it != w.entities.end()) return it->second;
  if (w.entities.size() >= writer::kMaxEntities || w.known_series >= writer::kMaxSeries) w.forget();
  return w.entities.emplace(std::move(key), writer::known_entity{created_at, {}}).first->second;
}

std::string types_json(std::vector<std::string> const& types) {
  json::array a;
  for (auto const& t : types) a.emplace_back(t);
  return dump(a);
}

result<void> upsert_entity(writer& w, std::string const& tenant, history_entity_info const& e) {
  auto s = w.conn.db->cached(
      "INSERT INTO entity(tenant, id, types, created_at, modified_at, deleted_at) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(tenant, id) DO UPDATE SET "
      "types = excluded.types, modified_at = excluded.modified_at, "
      "deleted_at = excluded.deleted_at");
  if (!s) return std::move(s).err();
  (*s)->bind(1, tenant).bind(2, e.id).bind(3, types_json(e.types));
  (*s)->bind(4, e.created_at).bind(5, e.modified_at);
  if (e.deleted_at) {
    (*s)->bind(6, *e.deleted_at);
  } else {
    (*s)->bind_null(6);
  }
  return (*s)->run();
}

// The series id of (tenant, id, attr); created if `create`, else nullopt if none.
// `known`: the entity's cache entry (found here if null); `new_entity`: the
// entity has no series yet, so none is looked up.
result<std::optional<std::int64_t>> series_id(writer& w, std::string const& tenant,
                                              std::string const& id, std::string_view attr,
                                              bool create, writer::known_entity* known = nullptr,
                                              bool new_entity = false) {
  if (!known) known = find_known(w, tenant, id);
  if (known) {
    for (auto const& [a, sid] : known->series) {
      if (a == attr) return std::optional(sid);
    }
  }
  auto s = w.conn.db->cached("SELECT id FROM series WHERE tenant = ?1 AND entity = ?2 AND attr = ?3");
  if (!s) return std::move(s).err();
  result<bool> row = false;
  if (!new_entity) {
    (*s)->bind(1, tenant).bind(2, id).bind(3, attr);
    row = (*s)->step();
  }
  if (!row) return std::move(row).err();
  std::int64_t sid = 0;
  if (*row) {
    sid = (*s)->int64(0);
    (*s)->reset();
  } else {
    if (!create) return std::optional<std::int64_t>();
    auto ins = w.conn.db->cached("INSERT INTO series(tenant, entity, attr) VALUES(?1, ?2, ?3)");
    if (!ins) return std::move(ins).err();
    (*ins)->bind(1, tenant).bind(2, id).bind(3, attr);
    if (auto r = (*ins)->run(); !r) return std::move(r).err();
    sid = w.conn.db->last_rowid();
  }
  if (known) {
    known->series.emplace_back(attr, sid);
    ++w.known_series;
  }
  return std::optional(sid);
}

result<void> insert_instance(writer& w, std::int64_t series, instance_row const& h) {
  auto s = w.conn.db->cached(
      "INSERT INTO instance(series, dataset, obs, cre, mod, del, num, body) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!s) return std::move(s).err();
  auto& st = **s;
  st.bind(1, series).bind(2, h.dataset_id).bind(3, h.observed_at).bind(4, h.created_at);
  st.bind(5, h.modified_at);
  if (h.deleted_at) st.bind(6, *h.deleted_at); else st.bind_null(6);
  if (h.number) st.bind(7, *h.number); else st.bind_null(7);
  st.bind(8, h.body);
  return st.run();
}

result<void> record(writer& w, std::string const& tenant, std::string const& id,
                    std::string_view attr, instance_row const& h,
                    writer::known_entity* known = nullptr, bool new_entity = false) {
  auto sid = series_id(w, tenant, id, attr, true, known, new_entity);
  if (!sid) return std::move(sid).err();
  return insert_instance(w, **sid, h);
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
  std::string key = entity_key(rec.tenant, rec.entity.id);
  bool new_entity = false;
  if (auto it = w.entities.find(key); it != w.entities.end()) {
    e.created_at = it->second.created_at;
  } else {
    auto old = read_entity(*w.conn.db, rec.tenant, rec.entity.id);
    if (!old) return std::move(old).err();
    if (*old) e.created_at = (*old)->created_at;
    new_entity = !*old;
  }
  if (auto r = upsert_entity(w, rec.tenant, e); !r) return r;
  auto& known = remember(w, std::move(key), e.created_at);
  for (auto const& [attr, h] : rec.instances) {
    if (auto r = record(w, rec.tenant, rec.entity.id, attr, h, &known, new_entity); !r) return r;
  }
  return {};
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
  if (auto r = upsert_entity(w, tenant, e); !r) return std::move(r).err();
  auto& known = remember(w, entity_key(tenant, id), e.created_at);
  for (auto& in : instances) {
    if (auto r = record(w, tenant, id, in.attribute, make_instance_row(in.body, now), &known);
        !r) {
      return std::move(r).err();
    }
  }
  return !old->has_value();
}

result<void> delete_entity(writer& w, std::string const& tenant, std::string const& id) {
  auto old = read_entity(*w.conn.db, tenant, id);
  if (!old) return std::move(old).err();
  if (!*old) return not_found("temporal entity '" + id + "' not found");
  for (char const* sql :
       {"DELETE FROM instance WHERE series IN (SELECT id FROM series WHERE tenant = ?1 AND entity = ?2)",
        "DELETE FROM series WHERE tenant = ?1 AND entity = ?2",
        "DELETE FROM entity WHERE tenant = ?1 AND id = ?2"}) {
    auto s = w.conn.db->cached(sql);
    if (!s) return std::move(s).err();
    (*s)->bind(1, tenant).bind(2, id);
    if (auto r = (*s)->run(); !r) return r;
  }
  w.forget();
  return {};
}

result<void> delete_attribute(writer& w, std::string const& tenant, std::string const& id,
                              std::string const& attr, std::string const& dataset_id, bool all) {
  auto sid = series_id(w, tenant, id, attr, false);
  if (!sid) return std::move(sid).err();
  if (!*sid) return not_found("attribute '" + attr + "' of temporal entity '" + id + "' not found");
  if (all) {
    if (auto r = run_changes(w, "DELETE FROM instance WHERE series = ?1", **sid); !r) {
      return std::move(r).err();
    }
    if (auto r = run_changes(w, "DELETE FROM series WHERE id = ?1", **sid); !r) {
      return std::move(r).err();
    }
    w.forget();
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
  auto sid = series_id(w, tenant, id, attr, false);
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
  auto sid = series_id(w, tenant, id, attr, false);
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
  auto old = parse_json((*s)->text(0));
  (*s)->reset();
  if (!old || !old->is_object()) return make_error(error_code::internal, "history: corrupt instance");
  auto merged = std::move(old->get_object());
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

result<std::size_t> purge(writer& w, epoch_ms cutoff) {
  auto n = run_changes(w, "DELETE FROM instance WHERE mod < ?1", cutoff);
  if (!n) return std::move(n).err();
  return static_cast<std::size_t>(*n);
}

}  // namespace cityos::store::detail
