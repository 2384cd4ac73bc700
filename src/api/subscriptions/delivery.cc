// SPDX-License-Identifier: Apache-2.0
#include "api/subscriptions/delivery.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "api/http/http_client.h"

namespace cityos::api {
namespace {

using clock = std::chrono::steady_clock;

struct queued {
  outgoing_notification n;
  int attempts = 0;  // failed attempts so far
};

struct endpoint_state {
  std::deque<queued> queue;
  unsigned tokens = 0;      // sender turns granted: in ready, delayed or being sent
  unsigned in_flight = 0;
  std::vector<std::string> busy;       // subscription keys being sent
  clock::time_point paused_until{};    // backoff after a failure
  std::vector<http_client> idle;       // kept-alive connections
};

}  // namespace

struct delivery::impl {
  delivery_options opt;
  delivery_report report;
  mqtt_publisher mqtt;
  mutable std::mutex mutex;
  std::condition_variable cv;
  std::unordered_map<std::string, endpoint_state> endpoints;  // guarded by mutex
  std::deque<std::string> ready;                              // guarded by mutex
  std::multimap<clock::time_point, std::string> delayed;      // guarded by mutex
  delivery_totals totals;                                     // guarded by mutex
  bool stopping = false;                                      // guarded by mutex
  std::vector<std::thread> senders;

  // Grants `ep` another sender turn if it has work and turns to spare.
  // REQUIRES: mutex held.
  void grant(std::string const& uri, endpoint_state& ep) {
    if (ep.queue.empty() || ep.tokens >= opt.per_endpoint) return;
    ++ep.tokens;
    if (ep.paused_until > clock::now()) {
      delayed.emplace(ep.paused_until, uri);
    } else {
      ready.push_back(uri);
    }
    cv.notify_one();
  }

  void run() {
    std::unique_lock lock(mutex);
    for (;;) {
      auto const now = clock::now();
      while (!delayed.empty() && delayed.begin()->first <= now) {
        ready.push_back(std::move(delayed.begin()->second));
        delayed.erase(delayed.begin());
      }
      if (stopping) return;
      if (ready.empty()) {
        if (delayed.empty()) cv.wait(lock);
        else cv.wait_until(lock, delayed.begin()->first);
        continue;
      }
      std::string uri = std::move(ready.front());
      ready.pop_front();
      auto& ep = endpoints[uri];
      if (ep.paused_until > now) {  // paused after this turn was granted
        delayed.emplace(ep.paused_until, std::move(uri));
        continue;
      }
      // The first notification whose subscription has nothing in flight.
      auto it = std::find_if(ep.queue.begin(), ep.queue.end(), [&](queued const& q) {
        return std::find(ep.busy.begin(), ep.busy.end(), q.n.subscription_key) == ep.busy.end();
      });
      if (it == ep.queue.end()) {
        --ep.tokens;
        continue;
      }
      queued item = std::move(*it);
      ep.queue.erase(it);
      ep.busy.push_back(item.n.subscription_key);
      ++ep.in_flight;
      std::optional<http_client> conn;
      if (!ep.idle.empty()) {
        conn.emplace(std::move(ep.idle.back()));
        ep.idle.pop_back();
      }
      --ep.tokens;
      grant(uri, ep);  // let another sender work on this endpoint meanwhile
      lock.unlock();
      std::string error;
      bool const ok = send(uri, item.n, conn, error);
      lock.lock();
      auto& e = endpoints[uri];
      --e.in_flight;
      e.busy.erase(std::find(e.busy.begin(), e.busy.end(), item.n.subscription_key));
      if (conn && conn->connected()) e.idle.push_back(std::move(*conn));
      bool const final_outcome = ok || ++item.attempts >= opt.max_attempts;
      if (final_outcome) {
        ++(ok ? totals.sent : totals.failed);
        --totals.queued;
      } else {
        ++totals.retried;
        auto backoff = opt.first_backoff * (1 << std::min(item.attempts - 1, 10));
        e.paused_until = clock::now() + backoff;
        e.queue.push_front(std::move(item));  // first again: its subscription keeps its order
      }
      grant(uri, e);
      if (final_outcome) {
        lock.unlock();
        report(item.n.subscription_key, ok, error);
        lock.lock();
      }
    }
  }

  bool send(std::string const& uri, outgoing_notification const& n,
            std::optional<http_client>& conn, std::string& error) {
    if (uri.starts_with("mqtt://") || uri.starts_with("mqtts://")) {
      if (!mqtt) {
        error = "MQTT notifications need a broker connection (not configured)";
        return false;
      }
      auto r = mqtt(uri, n.mqtt_payload, n.mqtt_qos);
      if (!r) error = r.err().detail;
      return r.ok();
    }
    auto t = parse_http_url(uri);
    if (!t) {
      error = t.err().detail;
      return false;
    }
    client_headers headers = n.headers;
    headers.emplace_back("Content-Type", n.content_type);
    for (int round = 0; round < 2; ++round) {  // a kept-alive connection may have been closed
      bool fresh = false;
      if (!conn || !conn->connected()) {
        conn.emplace(opt.timeout);
        if (auto c = conn->connect(*t); !c) {
          error = c.err().detail;
          conn.reset();
          return false;
        }
        fresh = true;
      }
      auto r = conn->request("POST", t->target, headers, n.body);
      if (!r) {
        error = r.err().detail;
        conn.reset();
        if (fresh) return false;
        continue;
      }
      if (r->status >= 200 && r->status < 300) return true;
      error = "endpoint answered HTTP " + std::to_string(r->status);
      return false;
    }
    return false;
  }
};

delivery::delivery(delivery_options options, delivery_report report, mqtt_publisher mqtt)
    : impl_(std::make_unique<impl>()) {
  impl_->opt = options;
  impl_->report = std::move(report);
  impl_->mqtt = std::move(mqtt);
  for (unsigned i = 0; i < std::max(1u, options.senders); ++i) {
    impl_->senders.emplace_back([this] { impl_->run(); });
  }
}

delivery::~delivery() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->cv.notify_all();
  for (auto& t : impl_->senders) t.join();
}

bool delivery::enqueue(std::string const& endpoint_uri, outgoing_notification n) {
  std::lock_guard lock(impl_->mutex);
  auto& ep = impl_->endpoints[endpoint_uri];
  if (ep.queue.size() >= impl_->opt.queue_capacity) {
    ++impl_->totals.refused;
    return false;
  }
  ep.queue.push_back({std::move(n), 0});
  ++impl_->totals.queued;
  impl_->grant(endpoint_uri, ep);
  return true;
}

delivery_totals delivery::totals() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->totals;
}

}  // namespace cityos::api
