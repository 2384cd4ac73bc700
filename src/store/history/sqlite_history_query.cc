// SPDX-License-Identifier: Apache-2.0
// The read side of the SQLite history: entity selection, instances per
// attribute (time range, lastN, truncation) and aggregation.
#include <algorithm>
#include <limits>
#include <map>

#include "common/written_json.h"
#include "store/history/detail/history_schema.h"

namespace cityos::store {

namespace {

using detail::sqlite_db;
using detail::sqlite_stmt;

struct series_ref {
  std::int64_t id;
  std::string attr;
};

std::int64_t lower(history_query const& q) {
  return q.from.value_or(std::numeric_limits<std::int64_t>::min());
}
std::int64_t upper(history_query const& q) {
  return q.to.value_or(std::numeric_limits<std::int64_t>::max());
}

result<std::vector<history_entity_info>> select_entities(sqlite_db& db, history_query const& q,
                                                         std::optional<std::size_t>& total) {
  std::vector<history_entity_info> matched;
  auto keep = [&](history_entity_info&& e) {
    if (!q.predicate || q.predicate(e)) matched.push_back(std::move(e));
  };
  if (!q.ids.empty()) {
    auto ids = q.ids;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (auto const& id : ids) {
      auto e = detail::read_entity(db, q.tenant, id);
      if (!e) return std::move(e).err();
      if (*e) keep(std::move(**e));
    }
  } else {
    auto s = db.cached(std::string("SELECT ") + detail::kEntityColumns +
                       " FROM entity WHERE tenant = ?1 ORDER BY id");
    if (!s) return std::move(s).err();
    (*s)->bind(1, q.tenant);
    for (;;) {
      auto row = (*s)->step();
      if (!row) return std::move(row).err();
      if (!*row) break;
      keep(detail::entity_from_row(**s, 0));
    }
  }
  if (q.count) total = matched.size();
  std::size_t const first = std::min(q.offset, matched.size());
  std::size_t const last = std::min(matched.size(), first + q.limit);
  return std::vector<history_entity_info>(std::make_move_iterator(matched.begin() + first),
                                          std::make_move_iterator(matched.begin() + last));
}

// The series of entity `id` that have instances (those of q.attrs only, if
// given), by attribute IRI.
result<std::vector<series_ref>> select_series(sqlite_db& db, history_query const& q,
                                              std::string const& id) {
  std::vector<series_ref> out;
  auto number = detail::read_entity_number(db, q.tenant, id);
  if (!number) return std::move(number).err();
  if (!*number) return out;
  std::int64_t const first = detail::series_id(**number, 0);
  auto next = db.cached("SELECT min(series) FROM instance WHERE series > ?1 AND series < ?2");
  if (!next) return std::move(next).err();
  auto name = db.cached("SELECT iri FROM attr WHERE id = ?1");
  if (!name) return std::move(name).err();
  // One index probe per series: an entity's instances are not scanned.
  for (std::int64_t after = first;;) {
    (*next)->bind(1, after).bind(2, first + detail::kAttrsPerEntity);
    auto row = (*next)->step();
    if (!row) return std::move(row).err();
    if (!*row || (*next)->is_null(0)) break;
    std::int64_t const series = (*next)->int64(0);
    (*next)->reset();
    after = series;
    (*name)->bind(1, series - first);
    auto found = (*name)->step();
    if (!found) return std::move(found).err();
    std::string attr(*found ? (*name)->text(0) : std::string_view());
    (*name)->reset();
    if (!*found) continue;
    if (q.attrs.empty() || std::find(q.attrs.begin(), q.attrs.end(), attr) != q.attrs.end()) {
      out.push_back({series, std::move(attr)});
    }
  }
  (*next)->reset();
  std::sort(out.begin(), out.end(), [](auto const& a, auto const& b) { return a.attr < b.attr; });
  return out;
}

result<void> load_instances(sqlite_db& db, history_query const& q, std::int64_t series,
                            history_attribute& a) {
  char const* col = detail::time_column(q.timeprop);
  bool const newest_first = q.last_n > 0;
  std::size_t want = q.max_instances;
  bool can_truncate = true;
  if (q.last_n > 0 && q.last_n <= q.max_instances) {
    want = q.last_n;
    can_truncate = false;
  }
  std::string sql = "SELECT id, dataset, obs, cre, mod, del, body FROM instance WHERE series = ?1 AND ";
  sql += std::string(col) + " >= ?2 AND " + col + " < ?3 ORDER BY " + col;
  sql += newest_first ? " DESC LIMIT ?4" : " LIMIT ?4";
  auto s = db.cached(sql);
  if (!s) return std::move(s).err();
  auto& st = **s;
  st.bind(1, series).bind(2, lower(q)).bind(3, upper(q));
  st.bind(4, static_cast<std::int64_t>(can_truncate ? want + 1 : want));
  for (;;) {
    auto row = st.step();
    if (!row) return std::move(row).err();
    if (!*row) break;
    if (a.instances.size() == want) {
      a.truncated = true;
      break;
    }
    history_instance h;
    h.instance_id = detail::instance_uri(st.int64(0));
    h.dataset_id = std::string(st.text(1));
    h.observed_at = st.int64(2);
    h.created_at = st.int64(3);
    h.modified_at = st.int64(4);
    if (!st.is_null(5)) h.deleted_at = st.int64(5);
    if (auto body = parse_written_json(st.text(6)); body.is_object()) {
      h.body = std::move(body.get_object());
    }
    a.instances.push_back(std::move(h));
  }
  st.reset();
  if (newest_first) std::reverse(a.instances.begin(), a.instances.end());
  return {};
}

result<std::string> latest_type(sqlite_db& db, std::int64_t series) {
  auto s = db.cached(
      "SELECT json_extract(body, '$.type') FROM instance WHERE series = ?1 AND del IS NULL "
      "ORDER BY id DESC LIMIT 1");
  if (!s) return std::move(s).err();
  (*s)->bind(1, series);
  auto row = (*s)->step();
  if (!row) return std::move(row).err();
  std::string type = *row ? std::string((*s)->text(0)) : std::string("Property");
  (*s)->reset();
  return type.empty() ? std::string("Property") : type;
}

result<void> load_aggregates(sqlite_db& db, history_query const& q, std::int64_t series,
                             history_attribute& a) {
  auto const& spec = *q.aggregation;
  char const* col = detail::time_column(q.timeprop);
  bool const text = aggregator(spec).needs_text();
  std::string sql = std::string("SELECT ") + col + ", dataset, num";
  if (text) {
    sql += ", COALESCE(json_extract(body, '$.value'), json_extract(body, '$.object'), "
           "json_extract(body, '$.languageMap'), json_extract(body, '$.vocab'), "
           "json_extract(body, '$.json'), json_extract(body, '$.valueList'), "
           "json_extract(body, '$.objectList'))";
  }
  sql += std::string(" FROM instance WHERE series = ?1 AND ") + col + " >= ?2 AND " + col +
         " < ?3 AND del IS NULL ORDER BY " + col;
  auto s = db.cached(sql);
  if (!s) return std::move(s).err();
  auto& st = **s;
  st.bind(1, series).bind(2, lower(q)).bind(3, upper(q));
  std::map<std::string, aggregator, std::less<>> by_dataset;  // datasetId -> its buckets
  for (;;) {
    auto row = st.step();
    if (!row) return std::move(row).err();
    if (!*row) break;
    auto dataset = st.text(1);
    auto it = by_dataset.find(dataset);
    if (it == by_dataset.end()) it = by_dataset.emplace(std::string(dataset), aggregator(spec)).first;
    std::optional<double> num;
    if (!st.is_null(2)) num = st.real(2);
    it->second.add(st.int64(0), num, text ? st.text(3) : std::string_view());
  }
  st.reset();
  if (by_dataset.empty()) return {};
  auto type = latest_type(db, series);
  if (!type) return std::move(type).err();
  for (auto& [dataset, agg] : by_dataset) {
    auto buckets = agg.finish();
    if (q.last_n > 0 && buckets.size() > q.last_n) {
      buckets.erase(buckets.begin(), buckets.end() - static_cast<std::ptrdiff_t>(q.last_n));
    }
    a.aggregates.push_back({dataset, *type, std::move(buckets)});
  }
  return {};
}

}  // namespace

std::pair<sqlite_history::connection*, std::unique_lock<std::mutex>> sqlite_history::reader() const {
  if (readers_.empty()) return {&writer_->conn, std::unique_lock(writer_->conn.mu)};
  // Try each reader once without waiting, then wait for one.
  unsigned const start = next_reader_.fetch_add(1, std::memory_order_relaxed);
  for (std::size_t i = 0; i < readers_.size(); ++i) {
    auto* c = readers_[(start + i) % readers_.size()].get();
    std::unique_lock lk(c->mu, std::try_to_lock);
    if (lk.owns_lock()) return {c, std::move(lk)};
  }
  auto* c = readers_[start % readers_.size()].get();
  return {c, std::unique_lock(c->mu)};
}

result<history_page> sqlite_history::query(history_query const& q) const {
  sync();
  auto [conn, lock] = reader();
  auto& db = *conn->db;
  history_page page;
  auto entities = select_entities(db, q, page.total);
  if (!entities) return std::move(entities).err();
  for (auto& info : *entities) {
    history_entity e{std::move(info), {}};
    auto series = select_series(db, q, e.info.id);
    if (!series) return std::move(series).err();
    for (auto const& s : *series) {
      history_attribute a{s.attr, {}, {}, false};
      auto r = q.aggregation ? load_aggregates(db, q, s.id, a) : load_instances(db, q, s.id, a);
      if (!r) return std::move(r).err();
      if (!a.instances.empty() || !a.aggregates.empty()) e.attributes.push_back(std::move(a));
    }
    page.entities.push_back(std::move(e));
  }
  return page;
}

std::optional<history_entity_info> sqlite_history::entity(std::string const& tenant,
                                                          std::string const& id) const {
  sync();
  auto [conn, lock] = reader();
  auto e = detail::read_entity(*conn->db, tenant, id);
  if (!e) return std::nullopt;
  return std::move(*e);
}

}  // namespace cityos::store
