// SPDX-License-Identifier: Apache-2.0
// A safety service's worker thread fed by the store's change feed: the writes
// (not deletions) of the watched entities of one tenant are handed over through
// a change_inbox and processed on the worker, which also runs a periodic check
// (missing reports, timers). The listener registered on the store outlives the
// worker; it only holds the inbox and a copy of the watched ids. Thread-safe.
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

namespace cityos::safety::feed {

class change_worker {
 public:
  using process_fn = std::function<void(std::vector<store::entity_change> const&)>;
  using check_fn = std::function<void()>;

  change_worker() = default;
  ~change_worker() { stop(); }
  change_worker(change_worker const&) = delete;
  change_worker& operator=(change_worker const&) = delete;

  // Listens to `st` for the entities `ids` of `tenant` and starts the worker:
  // `process` gets each batch of their changes, `check` runs every `interval`.
  // Call once; both functions run on the worker thread only.
  void start(store::store& st, std::string tenant, std::unordered_set<std::string> ids,
             std::chrono::milliseconds interval, process_fn process, check_fn check);
  // Closes the inbox (later changes are dropped) and joins the worker.
  void stop();
  // Blocks until every change so far is processed (tests).
  void drain() { inbox_->drain(); }

 private:
  std::shared_ptr<store::change_inbox> inbox_ = std::make_shared<store::change_inbox>();
  std::thread thread_;
};

}  // namespace cityos::safety::feed
