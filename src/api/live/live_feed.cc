// SPDX-License-Identifier: Apache-2.0
#include "api/live/live_feed.h"

#include <algorithm>

#include "auth/access_policy.h"
#include "common/thread_name.h"
#include "ngsild/entity/entity_render.h"
#include "ngsild/jsonld/context.h"

namespace cityos::api {

// One open stream: a queue of rendered events and, when the server waits for
// the next chunk, its callback.
class live_stream final : public response_stream {
 public:
  live_stream(std::string tenant, std::vector<std::string> types, std::shared_ptr<auth::access const> who,
              std::size_t max_queue)
      : tenant_(std::move(tenant)), types_(std::move(types)), who_(std::move(who)), max_queue_(max_queue) {}

  void next(ready_fn ready) override {
    std::string chunk;
    {
      std::lock_guard lock(mutex_);
      if (ended_) {
        chunk.clear();
      } else if (queue_.empty()) {
        ready_ = std::move(ready);
        return;
      } else {
        chunk = take();
      }
    }
    if (chunk.empty()) return ready(std::nullopt);
    ready(std::move(chunk));
  }

  void cancel() override {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    ready_ = nullptr;
    queue_.clear();
  }

  // Whether the stream wants changes of an entity of these types in `tenant`.
  bool wants(std::string_view tenant, json::object const& entity) const {
    if (tenant != tenant_) return false;
    if (!types_.empty()) {
      auto const* t = entity.if_contains("type");
      if (!t || !t->is_array()) return false;
      bool hit = false;
      for (auto const& iri : t->get_array()) {
        if (!iri.is_string()) continue;
        for (auto const& name : types_) hit = hit || auth::names_type(name, iri.get_string());
      }
      if (!hit) return false;
    }
    return !who_ || who_->may_read(tenant, entity);
  }

  // Queues `event`, or hands it to a waiting server, counting it in
  // `*delivered` (if given) first. Returns false when the stream is gone
  // (cancelled) or ended for falling behind.
  bool push(std::string const& event, std::atomic<std::uint64_t>* delivered = nullptr) {
    ready_fn ready;
    std::string chunk;
    {
      std::lock_guard lock(mutex_);
      if (cancelled_ || ended_) return false;
      if (queue_.size() >= max_queue_) {
        ended_ = true;
        queue_.clear();
        std::swap(ready, ready_);
      } else {
        queue_.push_back(event);
        if (delivered) delivered->fetch_add(1, std::memory_order_relaxed);
        if (!ready_) return true;
        std::swap(ready, ready_);
        chunk = take();
      }
    }
    if (chunk.empty()) {
      if (ready) ready(std::nullopt);
      return false;
    }
    ready(std::move(chunk));
    return true;
  }

  bool alive() const {
    std::lock_guard lock(mutex_);
    return !cancelled_ && !ended_;
  }

  // Ends the stream (the hub stops).
  void end() {
    ready_fn ready;
    {
      std::lock_guard lock(mutex_);
      ended_ = true;
      std::swap(ready, ready_);
    }
    if (ready) ready(std::nullopt);
  }

 private:
  // All queued events as one chunk. Caller holds mutex_.
  std::string take() {
    std::string out;
    for (auto& e : queue_) out += e;
    queue_.clear();
    return out;
  }

  std::string const tenant_;
  std::vector<std::string> const types_;
  std::shared_ptr<auth::access const> const who_;
  std::size_t const max_queue_;
  mutable std::mutex mutex_;
  std::deque<std::string> queue_;
  ready_fn ready_;
  bool cancelled_ = false;
  bool ended_ = false;
};

namespace {

std::string event_text(store::entity_change const& c) {
  json::object const& e = c.after ? *c.after : *c.before;
  auto const& ctx = *ngsild::context::core();
  ngsild::render_options o;
  o.format = ngsild::render_format::simplified;
  json::object data;
  data["op"] = c.after ? "upsert" : "delete";
  data["id"] = c.id;
  auto rendered = ngsild::render_entity(e, ctx, o);
  if (auto const* t = rendered.if_contains("type")) data["type"] = *t;
  if (c.after) data["entity"] = std::move(rendered);
  std::string out = "event: entity\ndata: ";
  dump_to(data, out);
  out += "\n\n";
  return out;
}

}  // namespace

live_hub::live_hub(store::store& st, live_options opt) : opt_(opt) {
  st.add_change_listener([s = state_](std::vector<store::entity_change>&& changes) {
    std::lock_guard lock(s->mutex);
    if (s->streams.empty() || s->stop) return;  // nobody listens: nothing to keep
    bool const wake = s->pending.empty();
    for (auto& c : changes) s->pending.push_back(std::move(c));
    if (wake) s->wake.notify_one();
  });
  thread_ = std::thread([this] {
    name_this_thread("live-feed");
    run();
  });
}

live_hub::~live_hub() {
  std::vector<std::shared_ptr<live_stream>> open;
  {
    std::lock_guard lock(state_->mutex);
    state_->stop = true;
    state_->pending.clear();
    for (auto& w : state_->streams) {
      if (auto s = w.lock()) open.push_back(std::move(s));
    }
    state_->streams.clear();
  }
  state_->wake.notify_all();
  if (thread_.joinable()) thread_.join();
  for (auto& s : open) s->end();
}

std::shared_ptr<response_stream> live_hub::open(std::string tenant, std::vector<std::string> types,
                                                std::shared_ptr<auth::access const> who) {
  auto s = std::make_shared<live_stream>(std::move(tenant), std::move(types), std::move(who), opt_.max_queue);
  // A first comment opens the stream at once (the client sees the headers and knows it is live).
  s->push(": connected\n\n");
  std::lock_guard lock(state_->mutex);
  if (state_->stop) {
    s->end();
  } else {
    state_->streams.push_back(s);
  }
  return s;
}

std::size_t live_hub::streams() const {
  std::lock_guard lock(state_->mutex);
  return static_cast<std::size_t>(std::count_if(state_->streams.begin(), state_->streams.end(),
                                                [](auto const& w) { return !w.expired(); }));
}

std::uint64_t live_hub::delivered() const { return state_->delivered.load(std::memory_order_relaxed); }

void live_hub::run() {
  auto& st = *state_;
  std::unique_lock lock(st.mutex);
  while (!st.stop) {
    if (!st.wake.wait_for(lock, opt_.keep_alive, [&st] { return st.stop || !st.pending.empty(); })) {
      // Idle: a keep-alive comment to every stream (finds clients that left).
      auto streams = st.streams;
      lock.unlock();
      for (auto& w : streams) {
        if (auto s = w.lock()) s->push(": keep-alive\n\n");
      }
      lock.lock();
      continue;
    }
    if (st.stop) break;
    std::vector<store::entity_change> changes;
    changes.swap(st.pending);
    lock.unlock();
    dispatch(changes);
    lock.lock();
  }
}

void live_hub::dispatch(std::vector<store::entity_change>& changes) {
  std::vector<std::shared_ptr<live_stream>> open;
  {
    std::lock_guard lock(state_->mutex);
    std::erase_if(state_->streams, [](auto const& w) {
      auto s = w.lock();
      return !s || !s->alive();
    });
    for (auto& w : state_->streams) {
      if (auto s = w.lock()) open.push_back(std::move(s));
    }
  }
  for (auto const& c : changes) {
    json::object const* e = c.after ? c.after.get() : c.before.get();
    if (!e) continue;
    std::string text;  // rendered once, for the first stream that wants it
    for (auto const& s : open) {
      if (!s->wants(c.tenant, *e)) continue;
      if (text.empty()) text = event_text(c);
      s->push(text, &state_->delivered);
    }
  }
}

}  // namespace cityos::api
