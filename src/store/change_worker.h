// SPDX-License-Identifier: Apache-2.0
// A service's worker thread fed by the store's change feed: the writes (not
// deletions) of one tenant that `wanted` accepts are handed over through a
// change_inbox and processed on the worker, which also runs a periodic check
// (missing reports, timers, publishing). The listener registered on the store
// outlives the worker; it only holds the inbox and the filter. Used by the safety
// services and the ridership KPIs. Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "store/change_inbox.h"
#include "store/store.h"

namespace cityos::store {

class change_worker {
 public:
  using filter_fn = std::function<bool(entity_change const&)>;
  using process_fn = std::function<void(std::vector<entity_change> const&)>;
  using check_fn = std::function<void()>;

  change_worker() = default;
  ~change_worker() { stop(); }
  change_worker(change_worker const&) = delete;
  change_worker& operator=(change_worker const&) = delete;

  // Listens to `st` for the writes of `tenant` that `wanted` accepts (it runs under
  // the store's write lock: quick, thread-safe) and starts the worker: `process`
  // gets each batch of them, `check` runs every `interval`. Call once, before the
  // store is shared between threads; both functions run on the worker thread only.
  void start(store& st, std::string tenant, filter_fn wanted, std::chrono::milliseconds interval,
             process_fn process, check_fn check);
  // A filter accepting the entities `ids`.
  static filter_fn only_ids(std::unordered_set<std::string> ids) {
    return [ids = std::move(ids)](entity_change const& c) { return ids.contains(c.id); };
  }
  // Closes the inbox (later changes are dropped) and joins the worker.
  void stop();
  // Blocks until every change so far is processed (tests).
  void drain() { inbox_->drain(); }

 private:
  std::shared_ptr<change_inbox> inbox_ = std::make_shared<change_inbox>();
  std::thread thread_;
};

}  // namespace cityos::store
