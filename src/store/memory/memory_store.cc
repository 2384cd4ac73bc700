// SPDX-License-Identifier: Apache-2.0
#include "store/memory/memory_store.h"

#include <algorithm>
#include <optional>

#include "common/huge_pages.h"
#include "common/thread_name.h"
#include "common/written_json.h"
#include "store/memory/log_record.h"

namespace cityos::store {

namespace {

// From this much data on disk, loading allocates from huge pages.
constexpr std::uintmax_t kHugePageLoadBytes = 64u << 20;

// The JSON text of the entity inside a put record `payload`: the tail written
// by write_entity_record(), found without serializing the entity again.
std::string entity_text(std::string_view payload, std::string_view tenant, std::string_view id,
                        json::object const& entity) {
  std::string prefix;
  write_entity_record(prefix, tenant, id, std::string());  // ends with "e":}
  prefix.pop_back();
  if (payload.size() > prefix.size() && payload.substr(0, prefix.size()) == prefix &&
      payload.back() == '}') {
    return std::string(payload.substr(prefix.size(), payload.size() - prefix.size() - 1));
  }
  std::string text;
  dump_to(entity, text);
  return text;
}

// `entity`'s text with the spans of its instances, for the change feed.
std::shared_ptr<written_entity> written_for_feed(json::object const& entity) {
  auto w = std::make_shared<written_entity>();
  w->elements.reserve(16);
  dump_to(entity, w->text, w->elements);
  return w;
}

}  // namespace

result<std::unique_ptr<memory_store>> memory_store::open(memory_store_options opt) {
  std::unique_ptr<memory_store> s(new memory_store(std::move(opt)));  // private ctor
  if (s->opt_.data_dir.empty()) return s;
  if (auto r = s->load(); !r) return std::move(r).err();
  commit_log::options lo{s->opt_.sync_each_commit, s->opt_.on_commit};
  if (auto r = s->log_.open(s->opt_.data_dir / kLogFile, lo); !r) return std::move(r).err();
  if (std::filesystem::exists(s->opt_.data_dir / kOldLogFile)) {
    // An interrupted compaction: finish it before accepting writes.
    if (auto r = s->compact(); !r) return std::move(r).err();
  }
  s->maintainer_ = std::thread([p = s.get()] {
    name_this_thread("store-compact");
    p->maintain();
  });
  return s;
}

memory_store::~memory_store() {
  {
    std::lock_guard lock(maintain_mutex_);
    stopping_ = true;
  }
  maintain_cv_.notify_all();
  if (maintainer_.joinable()) maintainer_.join();
  log_.close();
}

result<void> memory_store::load() {
  std::error_code ec;
  std::filesystem::create_directories(opt_.data_dir, ec);
  if (ec) return make_error(error_code::internal, "cannot create " + opt_.data_dir.string());
  // A large store is loaded into huge pages (common/huge_pages.h): far fewer page faults.
  std::uintmax_t bytes = 0;
  for (char const* f : {kSnapshotFile, kOldLogFile, kLogFile}) {
    auto const n = std::filesystem::file_size(opt_.data_dir / f, ec);
    if (!ec) bytes += n;
  }
  std::optional<huge_page_scope> huge_pages;
  if (bytes >= kHugePageLoadBytes) huge_pages.emplace();
  // The geo index is packed once at the end from everything loaded (the
  // snapshot's boxes and the log's writes) instead of one R-tree insert per
  // logged write.
  loading_ = true;
  // Every file stays mapped until the end: unindexed_ points into its records.
  // Snapshot entities also keep their blobs in the mapping (no copy); a log's
  // are copied, as most are replaced soon and a mapping would hold the whole
  // file (on disk, too) while one of them is current.
  std::vector<std::shared_ptr<void const>> mappings;
  for (char const* f : {kSnapshotFile, kOldLogFile, kLogFile}) {
    bool const blobs_stay_mapped = f == kSnapshotFile;
    auto replayed = commit_log::replay_mapped(
        opt_.data_dir / f, [&](std::string_view payload, std::shared_ptr<void const> const& mapping) {
          if (mappings.empty() || mappings.back() != mapping) mappings.push_back(mapping);
          apply_record(payload, blobs_stay_mapped ? mapping : nullptr);
        });
    if (!replayed) return std::move(replayed).err();
  }
  loading_ = false;
  index_loaded_entities();
  auto const snapshot_size = std::filesystem::file_size(opt_.data_dir / kSnapshotFile, ec);
  snapshot_bytes_ = ec ? 0 : snapshot_size;  // file_size() gives -1 on error
  return {};
}

memory_store::tenant_map::iterator memory_store::add_tenant_locked(std::string_view tenant) {
  auto t = tenants_.emplace(std::string(tenant), tenant_state{}).first;
  if (loading_) t->second.geo.begin_bulk();
  return t;
}

void memory_store::apply_snapshot_record(std::string_view payload, std::shared_ptr<void const> const& mapping) {
  auto rec = read_snapshot_record(payload);
  if (!rec) return;
  std::unique_lock lock(state_mutex_);
  auto t = tenants_.find(rec->tenant);
  if (t == tenants_.end()) t = add_tenant_locked(rec->tenant);
  auto& ts = t->second;
  entity_blob blob = mapping ? entity_blob(mapping, rec->blob) : entity_blob(std::string(rec->blob));
  // Snapshots are written in id order, so appending at the end is the common
  // case; a log holds the same records for puts, also of existing entities.
  auto const before = ts.by_id.size();
  auto it = ts.by_id.emplace_hint(ts.by_id.end(), std::string(rec->id), blob);
  auto [pending, first_record] = unindexed_.try_emplace(&*it, payload);
  if (ts.by_id.size() != before) return;  // a new entity
  if (first_record) {
    // An update of an entity that a legacy JSON record indexed: take its keys out.
    auto const old = decode_entity(*it->second);
    for (auto const& type : types_of(old)) ts.by_type[type].erase(it->first);
    ts.geo.remove(&*it, geo_index::boxes_of(old));
  } else {
    pending->second = payload;
  }
  it->second = std::move(blob);
}

void memory_store::index_loaded_entities() {
  for (auto& [name, ts] : tenants_) {
    type_ids_cursor types;
    for (auto const& node : ts.by_id) {  // in id order: each id joins its type's set at the end
      if (auto u = unindexed_.find(&node); u != unindexed_.end()) index_loaded_locked(ts, node, u->second, types);
    }
    ts.geo.finish_bulk();
  }
  unindexed_ = {};
}

void memory_store::index_loaded_locked(tenant_state& ts, indexed_entity const& node, std::string_view record,
                                       type_ids_cursor& cursor) {
  auto rec = read_snapshot_record(record);  // read before: not malformed
  if (!rec) return;
  for (auto type : rec->types) {
    if (!cursor.ids || cursor.type != type) cursor = {type, &ts.by_type[std::string(type)]};
    cursor.ids->insert(cursor.ids->end(), node.first);  // at the end when visited in id order
  }
  for (auto const& b : rec->boxes) ts.geo.add_bulk(b.attribute, &node, b.box);
}

void memory_store::apply_record(std::string_view payload, std::shared_ptr<void const> const& mapping) {
  if (is_snapshot_record(payload)) return apply_snapshot_record(payload, mapping);
  auto parsed = parse_written_json(payload);
  if (!parsed.is_object()) return;
  auto& o = parsed.get_object();
  auto str = [&](char const* k) -> std::string_view {
    auto const* v = o.if_contains(k);
    return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view{};
  };
  std::string_view const op = str("o");
  std::unique_lock lock(state_mutex_);
  std::string_view const tenant = str("t"), id = str("i");
  if (op == "p" || op == "d") {
    std::optional<json::object> old;
    if (auto t = tenants_.find(tenant); t != tenants_.end()) {
      if (auto it = t->second.by_id.find(id); it != t->second.by_id.end()) {
        // Deleting an entity not indexed yet needs no index work; a legacy
        // put replaces index keys, so those of the entity's record go in first.
        if (auto u = unindexed_.find(&*it); u != unindexed_.end()) {
          if (op == "d") {
            unindexed_.erase(u);
            t->second.by_id.erase(it);
            return;
          }
          type_ids_cursor cursor;
          index_loaded_locked(t->second, *it, u->second, cursor);
          unindexed_.erase(u);
        }
        old = decode_entity(*it->second);
      }
    }
    if (op == "d") {
      if (old) erase_locked(tenant, id, *old);
    } else if (auto* e = o.if_contains("e"); e && e->is_object()) {
      put_locked(tenant, id, e->get_object(), entity_text(payload, tenant, id, e->get_object()),
                 old ? &*old : nullptr);
    }
  } else if (op == "P") {
    documents_[std::string(str("c"))][std::string(str("k"))] = o["d"];
  } else if (op == "D") {
    if (auto it = documents_.find(str("c")); it != documents_.end()) {
      if (auto d = it->second.find(str("k")); d != it->second.end()) it->second.erase(d);
    }
  }
}

std::optional<memory_store::id_slot> memory_store::find_slot(std::string_view tenant,
                                                             std::string_view id) {
  auto t = tenants_.find(tenant);
  if (t == tenants_.end()) return std::nullopt;
  return id_slot{t, t->second.by_id.lower_bound(id)};
}

memory_store::stored_entity memory_store::put_locked(std::string_view tenant, std::string_view id,
                                                    json::object const& entity, std::string_view text,
                                                    json::object const* old,
                                                    std::optional<id_slot> slot) {
  if (!slot) slot = find_slot(tenant, id);
  if (!slot) {
    auto t = add_tenant_locked(tenant);
    slot = id_slot{t, t->second.by_id.end()};
  }
  auto& ts = slot->tenant->second;
  entity_blob blob(encoder_.encode(text));
  auto new_types = types_of(entity);
  auto new_boxes = geo_index::boxes_of(entity);
  bool types_changed = true, boxes_changed = true;
  auto it = slot->at;
  if (slot->holds(id)) {
    if (old) {
      // Most updates (an attribute PATCH) keep types and location: leave the
      // indexes alone then, an R-tree remove + insert is the costly part.
      auto const old_types = types_of(*old);
      types_changed = old_types != new_types;
      if (types_changed) {
        for (auto const& type : old_types) ts.by_type[type].erase(it->first);
      }
      auto const old_boxes = geo_index::boxes_of(*old);
      boxes_changed = old_boxes != new_boxes;
      if (boxes_changed) ts.geo.remove(&*it, old_boxes);
    }
    it->second = std::move(blob);
  } else {
    it = ts.by_id.emplace_hint(it, std::string(id), std::move(blob));
  }
  std::string_view const key = it->first;
  if (types_changed) {
    for (auto const& type : new_types) ts.by_type[type].insert(key);
  }
  if (boxes_changed) ts.geo.add(&*it, new_boxes);
  return {it->second, std::move(new_types), std::move(new_boxes)};
}

void memory_store::erase_locked(std::string_view tenant, std::string_view id,
                                json::object const& old) {
  auto t = tenants_.find(tenant);
  if (t == tenants_.end()) return;
  auto& ts = t->second;
  auto it = ts.by_id.find(id);
  if (it == ts.by_id.end()) return;
  for (auto const& type : types_of(old)) {
    auto bt = ts.by_type.find(type);
    if (bt == ts.by_type.end()) continue;
    bt->second.erase(it->first);
    if (bt->second.empty()) ts.by_type.erase(bt);
  }
  ts.geo.remove(&*it, geo_index::boxes_of(old));
  ts.by_id.erase(it);
}

entity_ptr memory_store::get(std::string_view tenant, std::string_view id) const {
  entity_blob blob;
  {
    std::shared_lock lock(state_mutex_);
    auto t = tenants_.find(tenant);
    if (t == tenants_.end()) return nullptr;
    auto it = t->second.by_id.find(id);
    if (it == t->second.by_id.end()) return nullptr;
    blob = it->second;
  }
  return decoded(blob);  // outside the lock
}

entity_ptr memory_store::decoded(entity_blob const& blob, bool keep, bool local) const {
  auto const key = (*blob).data();
  if (auto hit = decoded_.find(key)) return std::move(hit->entity);
  if (local && !keep) return decode_entity_in_arena(*blob);
  auto e = std::make_shared<json::object const>(decode_entity(*blob));
  if (keep) decoded_.put(key, {blob, e});
  return e;
}

void memory_store::remember_decoded(entity_blob const& blob, entity_ptr entity) const {
  decoded_.put((*blob).data(), {blob, std::move(entity)});
}

void memory_store::scan(std::string_view tenant,
                        std::function<bool(json::object const&)> const& fn) const {
  std::shared_lock lock(state_mutex_);
  auto t = tenants_.find(tenant);
  if (t == tenants_.end()) return;
  for (auto const& [id, blob] : t->second.by_id) {
    if (!fn(decode_entity(*blob))) return;
  }
}

commit_seq memory_store::log_put(std::string_view tenant, std::string_view id, stored_entity e) {
  if (opt_.data_dir.empty()) return 0;
  return log_.append([t = std::string(tenant), i = std::string(id), e = std::move(e)](std::string& out) {
    write_snapshot_record(out, t, i, e.types, e.boxes, *e.blob);
  });
}

commit_seq memory_store::log_erase(std::string_view tenant, std::string_view id) {
  if (opt_.data_dir.empty()) return 0;
  return log_.append([t = std::string(tenant), i = std::string(id)](std::string& out) {
    write_entity_record(out, t, i, std::nullopt);
  });
}

result<void> memory_store::modify_locked(std::vector<entity_change>& changes,
                                         std::string_view tenant, std::string_view id,
                                         mutate_fn const& fn, commit_seq& seq) {
  entity_ptr current;
  char const* current_key = nullptr;  // its bytes' address in the decoded cache
  // One search of by_id serves the read and the write (fn must not call the
  // store, so the slot stays valid).
  auto slot = find_slot(tenant, id);
  if (slot && slot->holds(id)) {
    current = decoded(slot->at->second);
    current_key = (*slot->at->second).data();
  }
  auto m = fn(current.get());
  if (!m) return std::move(m).err();
  commit_seq written = 0;
  bool const erased = m->what == mutation::kind::erase && current;
  entity_ptr after;
  std::shared_ptr<written_entity> after_text;
  if (m->what == mutation::kind::put) {
    // The text is compressed for the store and goes with the change (the
    // history copies its instances from it).
    after_text = written_for_feed(m->entity);
    auto stored = put_locked(tenant, id, m->entity, after_text->text, current.get(), slot);
    if (current_key) decoded_.erase(current_key);  // no read will ask for it again
    after = std::make_shared<json::object const>(std::move(m->entity));
    // An updated entity is likely read or updated again: its next read needs
    // no decoding. New entities (bulk loads) are not cached until read.
    if (current) remember_decoded(stored.blob, after);
    written = log_put(tenant, id, std::move(stored));
  } else if (erased) {
    erase_locked(tenant, id, *current);
    decoded_.erase(current_key);
    written = log_erase(tenant, id);
  }
  if (m->what != mutation::kind::put && !erased) return {};
  seq = std::max(seq, written);
  if (!listeners_.empty()) {
    changes.push_back({std::string(tenant), std::string(id), std::move(current), std::move(after),
                       written, std::move(after_text)});
  }
  return {};
}

void memory_store::publish_locked(std::vector<entity_change>& changes) {
  if (changes.empty()) return;
  for (std::size_t i = 0; i + 1 < listeners_.size(); ++i) {
    listeners_[i](std::vector<entity_change>(changes));
  }
  listeners_.back()(std::move(changes));
}

void memory_store::add_change_listener(change_listener listener) {
  std::unique_lock lock(state_mutex_);
  listeners_.push_back(std::move(listener));
}

void memory_store::add_change_pacer(std::function<void()> pace) {
  std::unique_lock lock(state_mutex_);
  pacers_.push_back(std::move(pace));
}

void memory_store::pace() const {
  for (auto const& p : pacers_) p();
}

result<commit_seq> memory_store::modify(std::string_view tenant, std::string_view id,
                                        mutate_fn const& fn) {
  commit_seq seq = 0;
  std::vector<entity_change> changes;
  std::unique_lock lock(state_mutex_);
  if (auto r = modify_locked(changes, tenant, id, fn, seq); !r) return std::move(r).err();
  bool const published = !changes.empty();
  publish_locked(changes);
  lock.unlock();
  if (published) pace();
  return seq;
}

commit_seq memory_store::modify_batch(std::string_view tenant, std::vector<batch_item> const& items,
                                      std::vector<result<void>>& results) {
  commit_seq seq = 0;
  results.clear();
  results.reserve(items.size());
  std::vector<entity_change> changes;
  std::unique_lock lock(state_mutex_);
  for (auto const& item : items) {
    results.push_back(modify_locked(changes, tenant, item.id, item.fn, seq));
  }
  bool const published = !changes.empty();
  publish_locked(changes);
  lock.unlock();
  if (published) pace();
  return seq;
}

std::vector<std::string> memory_store::tenants() const {
  std::shared_lock lock(state_mutex_);
  std::vector<std::string> out;
  for (auto const& [name, ts] : tenants_) out.push_back(name);
  return out;
}

bool memory_store::has_tenant(std::string_view tenant) const {
  std::shared_lock lock(state_mutex_);
  return tenants_.find(tenant) != tenants_.end();
}

std::size_t memory_store::entity_count(std::string_view tenant) const {
  std::shared_lock lock(state_mutex_);
  auto t = tenants_.find(tenant);
  return t == tenants_.end() ? 0 : t->second.by_id.size();
}

commit_seq memory_store::put_document(std::string_view collection, std::string_view key,
                                      json::value doc) {
  std::unique_lock lock(state_mutex_);
  auto& slot = documents_[std::string(collection)][std::string(key)];
  slot = std::move(doc);
  if (opt_.data_dir.empty()) return 0;
  return log_.append([c = std::string(collection), k = std::string(key),
                      d = json::value(slot)](std::string& out) { write_document_record(out, c, k, &d); });
}

commit_seq memory_store::erase_document(std::string_view collection, std::string_view key) {
  std::unique_lock lock(state_mutex_);
  auto it = documents_.find(collection);
  if (it == documents_.end()) return 0;
  auto d = it->second.find(key);
  if (d == it->second.end()) return 0;
  it->second.erase(d);
  if (opt_.data_dir.empty()) return 0;
  return log_.append([c = std::string(collection), k = std::string(key)](std::string& out) {
    write_document_record(out, c, k, nullptr);
  });
}

std::optional<json::value> memory_store::get_document(std::string_view collection,
                                                      std::string_view key) const {
  std::shared_lock lock(state_mutex_);
  auto it = documents_.find(collection);
  if (it == documents_.end()) return std::nullopt;
  auto d = it->second.find(key);
  if (d == it->second.end()) return std::nullopt;
  return d->second;
}

std::vector<std::pair<std::string, json::value>> memory_store::documents(
    std::string_view collection) const {
  std::shared_lock lock(state_mutex_);
  std::vector<std::pair<std::string, json::value>> out;
  if (auto it = documents_.find(collection); it != documents_.end()) {
    for (auto const& [k, d] : it->second) out.emplace_back(k, d);
  }
  return out;
}

commit_seq memory_store::durable_seq() const {
  return opt_.data_dir.empty() ? ~commit_seq{0} : log_.durable_seq();
}

void memory_store::on_durable(commit_seq seq, std::function<void()> done) {
  if (opt_.data_dir.empty() || seq == 0) {
    done();
    return;
  }
  log_.on_durable(seq, std::move(done));
}

void memory_store::flush() {
  if (!opt_.data_dir.empty()) log_.flush();
}

}  // namespace cityos::store
