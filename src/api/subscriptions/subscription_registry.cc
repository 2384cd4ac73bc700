// SPDX-License-Identifier: Apache-2.0
#include "api/subscriptions/subscription_registry.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "api/subscriptions/change_match.h"
#include "api/subscriptions/notification_body.h"
#include "api/subscriptions/stored_subscription.h"
#include "auth/access_policy.h"
#include "common/thread_name.h"
#include "common/time.h"
#include "common/uuid.h"
#include "ngsild/entity/stored_entity.h"

namespace cityos::api {
namespace {

constexpr std::string_view kCollection = "subscriptions";

error not_found(std::string_view id) {
  return make_error(error_code::not_found, "subscription '" + std::string(id) + "' not found");
}

std::string key_of(std::string_view tenant, std::string_view id) {
  std::string k(tenant);
  k += '\n';
  k += id;
  return k;
}

// One subscription: its definition (immutable; an update makes a new state
// that takes over the counters) and its notification status.
struct sub_state {
  std::shared_ptr<subscription const> def;
  std::shared_ptr<ngsild::context const> notify_ctx;  // compaction of notifications
  json::value notify_context_value;                   // "@context" of ld+json notifications
  std::string link_url;                               // Link header of json notifications
  std::atomic<std::uint64_t> times_sent{0}, times_failed{0}, times_dropped{0};
  mutable std::mutex status_mutex;
  std::string last_notification, last_success, last_failure;  // guarded by status_mutex
  std::optional<bool> last_ok;                                // guarded by status_mutex
  epoch_ms last_sent = 0;      // matcher thread only (throttling)
  epoch_ms next_periodic = 0;  // matcher thread only
};
using sub_ptr = std::shared_ptr<sub_state>;

struct tenant_subs {
  std::map<std::string, sub_ptr, std::less<>> by_id;
  std::unordered_map<std::string, std::vector<sub_ptr>> by_entity;  // every selector names an id
  std::unordered_map<std::string, std::vector<sub_ptr>> by_type;  // change-triggered, by type
  std::vector<sub_ptr> any_type;                                  // change-triggered, no type index
  std::vector<sub_ptr> periodic;

  void reindex() {
    by_entity.clear();
    by_type.clear();
    any_type.clear();
    periodic.clear();
    for (auto const& [id, s] : by_id) {
      auto const& d = *s->def;
      if (d.periodic()) {
        periodic.push_back(s);
        continue;
      }
      if (d.entities.empty()) {
        any_type.push_back(s);
        continue;
      }
      bool const by_id = std::all_of(d.entities.begin(), d.entities.end(),
                                     [](auto const& sel) { return sel.id.has_value(); });
      if (by_id) {
        std::unordered_set<std::string> ids;
        for (auto const& sel : d.entities) ids.insert(*sel.id);
        for (auto const& id : ids) by_entity[id].push_back(s);
        continue;
      }
      std::unordered_set<std::string> types;
      for (auto const& sel : d.entities) {
        for (auto& t : ngsild::candidate_types(sel.types)) types.insert(std::move(t));
      }
      for (auto const& t : types) by_type[t].push_back(s);
    }
  }
};

}  // namespace

struct subscription_registry::impl {
  store::store& store;
  ngsild::context_resolver& contexts;
  subscription_registry_options opt;
  std::unique_ptr<delivery> sender;

  mutable std::shared_mutex subs_mutex;
  std::map<std::string, tenant_subs, std::less<>> tenants;  // guarded by subs_mutex

  std::mutex queue_mutex;
  std::condition_variable queue_cv;
  std::deque<std::vector<store::entity_change>> changes;  // guarded by queue_mutex
  bool stopping = false;                                  // guarded by queue_mutex
  bool started = false;
  std::thread matcher;

  std::atomic<std::uint64_t> notifications{0}, dropped{0}, throttled{0};
  // Subscriptions in all tenants; while 0 the change feed is not queued at all.
  std::atomic<std::size_t> count{0};

  impl(store::store& s, ngsild::context_resolver& c, subscription_registry_options o)
      : store(s), contexts(c), opt(o) {}

  // A state for definition `s`, with its notification context resolved.
  // Errors: ld_context_not_available (jsonldContext).
  result<sub_ptr> make_state(subscription s) {
    auto made = std::make_shared<sub_state>();
    made->def = std::make_shared<subscription const>(std::move(s));
    sub_state& st = *made;
    auto const& d = *st.def;
    st.notify_ctx = d.ctx;
    st.notify_context_value = d.context_value.is_null() ? json::value(ngsild::kCoreContextUrl)
                                                        : d.context_value;
    st.link_url = d.context_value.is_string() ? std::string(d.context_value.get_string())
                                              : std::string(ngsild::kCoreContextUrl);
    if (d.jsonld_context) {
      auto ctx = contexts.resolve_url(*d.jsonld_context);
      if (!ctx) return std::move(ctx).err();
      st.notify_ctx = std::move(*ctx);
      st.notify_context_value = *d.jsonld_context;
      st.link_url = *d.jsonld_context;
    }
    return made;
  }

  sub_ptr find(std::string_view tenant, std::string_view id) const {
    std::shared_lock lock(subs_mutex);
    auto t = tenants.find(tenant);
    if (t == tenants.end()) return nullptr;
    auto it = t->second.by_id.find(id);
    return it == t->second.by_id.end() ? nullptr : it->second;
  }

  json::object render(sub_state const& st, epoch_ms now) const {
    json::object o = st.def->doc;
    o["status"] = st.def->status(now);
    auto* n = o.if_contains("notification");
    if (n && n->is_object()) {
      auto& nn = n->get_object();
      nn["timesSent"] = st.times_sent.load();
      nn["timesFailed"] = st.times_failed.load();
      if (auto d = st.times_dropped.load(); d > 0) nn["timesDropped"] = d;
      std::lock_guard lock(st.status_mutex);
      if (st.last_ok) nn["status"] = *st.last_ok ? "ok" : "failed";
      if (!st.last_notification.empty()) nn["lastNotification"] = st.last_notification;
      if (!st.last_success.empty()) nn["lastSuccess"] = st.last_success;
      if (!st.last_failure.empty()) nn["lastFailure"] = st.last_failure;
    }
    return o;
  }

  void on_report(std::string const& key, bool ok, std::string const& error) {
    auto nl = key.find('\n');
    auto st = find(std::string_view(key).substr(0, nl), std::string_view(key).substr(nl + 1));
    if (!st) return;
    std::string const now = format_iso8601(now_ms());
    (ok ? st->times_sent : st->times_failed).fetch_add(1);
    std::lock_guard lock(st->status_mutex);
    st->last_ok = ok;
    (ok ? st->last_success : st->last_failure) = now;
    if (!ok) {
      spdlog::warn("notification of subscription {} failed: {}", st->def->id, error);
    }
  }

  // Sends one notification with `data` for `st`.
  void send(sub_state& st, json::array data, epoch_ms now) {
    auto const& d = *st.def;
    std::string const now_iso = format_iso8601(now);
    json::object n = make_notification(d.id, now_iso, std::move(data));
    bool const ld = d.endpoint.accept == "application/ld+json";
    if (ld) n["@context"] = st.notify_context_value;
    outgoing_notification out;
    out.subscription_key = key_of(d.tenant, d.id);
    out.content_type = ld ? "application/ld+json" : "application/json";
    if (!ld) {
      out.headers.emplace_back("Link", "<" + st.link_url +
                                           ">; rel=\"http://www.w3.org/ns/json-ld#context\"; "
                                           "type=\"application/ld+json\"");
    }
    if (!d.tenant.empty()) out.headers.emplace_back("NGSILD-Tenant", d.tenant);
    for (auto const& kv : d.endpoint.receiver_info) out.headers.push_back(kv);
    bool const mqtt = d.endpoint.uri.starts_with("mqtt");
    if (mqtt) {
      json::object meta;
      meta["Content-Type"] = out.content_type;
      for (auto const& [k, v] : out.headers) meta[k] = v;
      for (auto const& [k, v] : d.endpoint.notifier_info) {
        if (k == "MQTT-QoS") out.mqtt_qos = v == "1" ? 1 : 0;
      }
      json::object msg;
      msg["metadata"] = std::move(meta);
      msg["body"] = std::move(n);
      out.mqtt_payload = dump(msg);
    } else {
      out.body = dump(n);
    }
    {
      std::lock_guard lock(st.status_mutex);
      st.last_notification = now_iso;
    }
    notifications.fetch_add(1);
    st.last_sent = now;
    if (!sender->enqueue(d.endpoint.uri, std::move(out))) {
      st.times_dropped.fetch_add(1);
      dropped.fetch_add(1);
      spdlog::warn("notification queue of {} is full: a notification of subscription {} was dropped",
                   d.endpoint.uri, d.id);
    }
  }

  // True if throttling lets `st` notify at `now`; counts the skip otherwise.
  bool throttle_allows(sub_state const& st, epoch_ms now) {
    auto const& t = st.def->throttling_s;
    if (!t || st.last_sent == 0 || now - st.last_sent >= static_cast<epoch_ms>(*t * 1000)) {
      return true;
    }
    throttled.fetch_add(1);
    return false;
  }

  // Candidate subscriptions of `tenant` for an entity of `types`.
  std::vector<sub_ptr> candidates(std::string_view tenant, json::object const& e) const {
    std::vector<sub_ptr> out;
    std::shared_lock lock(subs_mutex);
    auto t = tenants.find(tenant);
    if (t == tenants.end()) return out;
    out = t->second.any_type;
    if (auto const* id = e.if_contains(ngsild::kId); id && id->is_string()) {
      auto it = t->second.by_entity.find(std::string(id->get_string()));
      if (it != t->second.by_entity.end()) out.insert(out.end(), it->second.begin(), it->second.end());
    }
    if (auto const* types = e.if_contains(ngsild::kType); types && types->is_array()) {
      for (auto const& type : types->get_array()) {
        if (!type.is_string()) continue;
        auto it = t->second.by_type.find(std::string(type.get_string()));
        if (it != t->second.by_type.end()) out.insert(out.end(), it->second.begin(), it->second.end());
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  // True if the owner of `d` (if it has one) may read `e` now.
  bool owner_may_read(subscription const& d, std::string const& tenant, json::object const& e) const {
    if (d.owner.empty() || !opt.owner_access) return true;
    auto const owner = opt.owner_access(d.owner, d.id);
    if (!owner || !owner->may_read(tenant, e)) return false;
    if (owner->policy().is_personal(e)) {  // a read of personal data, by the owner
      auto const* id = e.if_contains("id");
      owner->record("read", tenant, id != nullptr && id->is_string() ? std::string_view(id->get_string()) : "",
                    "notification");
    }
    return true;
  }

  void match(std::vector<store::entity_change> const& batch) {
    epoch_ms const now = now_ms();
    std::string const now_iso = format_iso8601(now);
    // Entities of one write call go out in one notification per subscription.
    std::vector<std::pair<sub_ptr, json::array>> pending;
    for (auto const& c : batch) {
      json::object const* e = c.after ? c.after.get() : c.before.get();
      if (!e) continue;
      auto subs = candidates(c.tenant, *e);
      if (subs.empty()) continue;
      change_summary const sum = summarize(c);
      for (auto const& st : subs) {
        auto const& d = *st->def;
        if (d.status(now) != "active" || !concerns(d, c, sum)) continue;
        if (!owner_may_read(d, c.tenant, *e)) continue;
        auto it = std::find_if(pending.begin(), pending.end(),
                               [&](auto const& p) { return p.first == st; });
        if (it == pending.end()) {
          if (!throttle_allows(*st, now)) continue;
          pending.emplace_back(st, json::array{});
          it = pending.end() - 1;
        }
        it->second.push_back(render_change(d, *st->notify_ctx, c, sum, now_iso));
      }
    }
    for (auto& [st, data] : pending) send(*st, std::move(data), now);
  }

  // Sends the periodic notifications that are due; returns when the next is.
  std::optional<epoch_ms> run_periodic() {
    epoch_ms const now = now_ms();
    std::vector<sub_ptr> due;
    std::optional<epoch_ms> next;
    {
      std::shared_lock lock(subs_mutex);
      for (auto const& [name, t] : tenants) {
        for (auto const& st : t.periodic) {
          if (st->next_periodic == 0) st->next_periodic = now;
          if (st->next_periodic <= now) due.push_back(st);
          else next = next ? std::min(*next, st->next_periodic) : st->next_periodic;
        }
      }
    }
    for (auto const& st : due) {
      auto def = st->def;
      auto interval = static_cast<epoch_ms>(*def->time_interval_s * 1000);
      st->next_periodic = now + std::max<epoch_ms>(interval, 1);
      next = next ? std::min(*next, st->next_periodic) : st->next_periodic;
      if (def->status(now) != "active") continue;
      store::entity_query q;
      q.limit = opt.max_periodic_entities;
      // Every selected entity has one of its selectors' candidate types (or
      // its id): let the store's indexes narrow instead of scanning the tenant.
      bool const by_id = !def->entities.empty() &&
                         std::all_of(def->entities.begin(), def->entities.end(),
                                     [](auto const& sel) { return sel.id.has_value(); });
      for (auto const& sel : def->entities) {
        if (by_id) {
          q.ids.push_back(*sel.id);
        } else {
          for (auto& t : ngsild::candidate_types(sel.types)) q.types.push_back(std::move(t));
        }
      }
      std::shared_ptr<auth::access const> owner;
      if (!def->owner.empty() && opt.owner_access) {
        owner = opt.owner_access(def->owner, def->id);
        if (!owner) continue;
      }
      q.predicate = [def, owner](json::object const& e) {
        return selects_entity(*def, e) && (!def->filter || def->filter->matches(e)) &&
               (!owner || owner->may_read(def->tenant, e));
      };
      auto r = store.query(def->tenant, q);
      if (!r || r->entities.empty()) continue;
      json::array data;
      for (auto const& e : r->entities) data.push_back(render_current(*def, *st->notify_ctx, *e));
      send(*st, std::move(data), now);
    }
    return next;
  }

  void run() {
    std::unique_lock lock(queue_mutex);
    for (;;) {
      if (stopping) return;
      if (!changes.empty()) {
        auto batch = std::move(changes.front());
        changes.pop_front();
        lock.unlock();
        match(batch);
        lock.lock();
        continue;
      }
      lock.unlock();
      auto next = run_periodic();
      lock.lock();
      if (stopping) return;
      if (!changes.empty()) continue;
      auto wait = std::chrono::milliseconds(1000);
      if (next) {
        wait = std::min(wait, std::chrono::milliseconds(std::max<epoch_ms>(*next - now_ms(), 1)));
      }
      queue_cv.wait_for(lock, wait);
    }
  }

  // Adds `st`. REQUIRES: subs_mutex held exclusively; the caller reindexes.
  void add_locked(sub_ptr st) {
    auto& t = tenants[st->def->tenant];
    t.by_id[st->def->id] = std::move(st);
  }
};

subscription_registry::subscription_registry(store::store& store,
                                             ngsild::context_resolver& contexts,
                                             subscription_registry_options options,
                                             mqtt_publisher mqtt)
    : impl_(std::make_unique<impl>(store, contexts, options)) {
  impl_->sender = std::make_unique<delivery>(
      options.delivery,
      [i = impl_.get()](std::string const& key, bool ok, std::string const& error) {
        i->on_report(key, ok, error);
      },
      std::move(mqtt));
}

subscription_registry::~subscription_registry() { stop(); }

result<void> subscription_registry::start() {
  auto& i = *impl_;
  std::size_t loaded = 0;
  for (auto& [key, value] : i.store.documents(kCollection)) {
    auto s = load_stored(value, i.contexts);
    if (!s) {
      spdlog::warn("subscription {} skipped: {}", key, s.err().detail);
      continue;
    }
    auto st = i.make_state(std::move(*s));
    if (!st) {
      spdlog::warn("subscription {} skipped: {}", key, st.err().detail);
      continue;
    }
    std::unique_lock lock(i.subs_mutex);
    i.add_locked(std::move(*st));
    ++loaded;
  }
  {
    std::unique_lock lock(i.subs_mutex);
    for (auto& [name, t] : i.tenants) t.reindex();
  }
  if (loaded > 0) spdlog::info("loaded {} subscriptions", loaded);
  i.count = 0;
  for (auto const& [name, t] : i.tenants) i.count += t.by_id.size();
  i.store.add_change_listener([p = impl_.get()](std::vector<store::entity_change>&& c) {
    if (p->count.load(std::memory_order_relaxed) == 0) return;  // nobody to notify
    {
      std::lock_guard lock(p->queue_mutex);
      p->changes.push_back(std::move(c));
    }
    p->queue_cv.notify_one();
  });
  i.started = true;
  i.matcher = std::thread([p = impl_.get()] {
    name_this_thread("subscriptions");
    p->run();
  });
  return {};
}

void subscription_registry::stop() {
  {
    std::lock_guard lock(impl_->queue_mutex);
    impl_->stopping = true;
  }
  impl_->queue_cv.notify_all();
  if (impl_->matcher.joinable()) impl_->matcher.join();
  impl_->sender.reset();
}

result<std::pair<std::string, store::commit_seq>> subscription_registry::create(subscription s) {
  auto& i = *impl_;
  if (s.id.empty()) {
    s.id = "urn:ngsi-ld:Subscription:" + random_uuid();
    json::object doc;  // "id" first, as clients write it
    doc["id"] = s.id;
    for (auto& [k, v] : s.doc) doc[k] = std::move(v);
    s.doc = std::move(doc);
  }
  std::string const tenant = s.tenant;
  std::string const id = s.id;
  json::object persisted = stored_doc(s);
  auto st = i.make_state(std::move(s));
  if (!st) return std::move(st).err();
  store::commit_seq seq = 0;
  {
    std::unique_lock lock(i.subs_mutex);
    auto& t = i.tenants[tenant];
    if (t.by_id.contains(id)) {
      return make_error(error_code::already_exists, "subscription '" + id + "' already exists");
    }
    seq = i.store.put_document(kCollection, key_of(tenant, id), std::move(persisted));
    t.by_id[id] = std::move(*st);
    t.reindex();
    i.count.fetch_add(1);
  }
  return std::make_pair(id, seq);
}

result<json::object> subscription_registry::get(std::string_view tenant, std::string_view id) const {
  auto st = impl_->find(tenant, id);
  if (!st) {
    return not_found(id);
  }
  return impl_->render(*st, now_ms());
}

std::pair<std::vector<json::object>, std::size_t> subscription_registry::list(
    std::string_view tenant, std::size_t offset, std::size_t limit) const {
  std::vector<sub_ptr> page;
  std::size_t total = 0;
  {
    std::shared_lock lock(impl_->subs_mutex);
    auto t = impl_->tenants.find(tenant);
    if (t != impl_->tenants.end()) {
      total = t->second.by_id.size();
      std::size_t n = 0;
      for (auto const& [id, st] : t->second.by_id) {
        if (n++ < offset) continue;
        if (page.size() >= limit) break;
        page.push_back(st);
      }
    }
  }
  std::vector<json::object> out;
  epoch_ms const now = now_ms();
  for (auto const& st : page) out.push_back(impl_->render(*st, now));
  return {std::move(out), total};
}

result<subscription> subscription_registry::definition(std::string_view tenant,
                                                       std::string_view id) const {
  auto st = impl_->find(tenant, id);
  if (!st) {
    return not_found(id);
  }
  return *st->def;
}

result<store::commit_seq> subscription_registry::replace(subscription s) {
  auto& i = *impl_;
  std::string const tenant = s.tenant;
  std::string const id = s.id;
  json::object persisted = stored_doc(s);
  auto made = i.make_state(std::move(s));
  if (!made) return std::move(made).err();
  sub_ptr fresh = std::move(*made);
  std::unique_lock lock(i.subs_mutex);
  auto t = i.tenants.find(tenant);
  if (t == i.tenants.end() || !t->second.by_id.contains(id)) {
    return not_found(id);
  }
  // A new state (the matcher may still use the old one) that keeps the counters.
  auto& slot = t->second.by_id[id];
  fresh->times_sent = slot->times_sent.load();
  fresh->times_failed = slot->times_failed.load();
  fresh->times_dropped = slot->times_dropped.load();
  {
    std::lock_guard status_lock(slot->status_mutex);
    fresh->last_notification = slot->last_notification;
    fresh->last_success = slot->last_success;
    fresh->last_failure = slot->last_failure;
    fresh->last_ok = slot->last_ok;
  }
  slot = std::move(fresh);
  t->second.reindex();
  return i.store.put_document(kCollection, key_of(tenant, id), std::move(persisted));
}

result<store::commit_seq> subscription_registry::remove(std::string_view tenant,
                                                        std::string_view id) {
  auto& i = *impl_;
  std::unique_lock lock(i.subs_mutex);
  auto t = i.tenants.find(tenant);
  auto it = t == i.tenants.end() ? decltype(t->second.by_id.end()){} : t->second.by_id.find(id);
  if (t == i.tenants.end() || it == t->second.by_id.end()) {
    return not_found(id);
  }
  t->second.by_id.erase(it);
  t->second.reindex();
  i.count.fetch_sub(1);
  return i.store.erase_document(kCollection, key_of(tenant, id));
}

bool subscription_registry::has_tenant(std::string_view tenant) const {
  std::shared_lock lock(impl_->subs_mutex);
  auto t = impl_->tenants.find(tenant);
  return t != impl_->tenants.end() && !t->second.by_id.empty();
}

subscription_totals subscription_registry::totals() const {
  subscription_totals out;
  {
    std::shared_lock lock(impl_->subs_mutex);
    for (auto const& [name, t] : impl_->tenants) out.subscriptions += t.by_id.size();
  }
  out.notifications = impl_->notifications.load();
  out.dropped = impl_->dropped.load();
  out.throttled = impl_->throttled.load();
  {
    std::lock_guard lock(impl_->queue_mutex);
    out.pending_changes = impl_->changes.size();
  }
  if (impl_->sender) out.delivery = impl_->sender->totals();
  return out;
}

}  // namespace cityos::api
