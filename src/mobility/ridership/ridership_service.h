// SPDX-License-Identifier: Apache-2.0
// The ridership service: follows the store's change feed (buses' boardings,
// on-demand requests) of one tenant, counts it into the local day
// (ridership_tally.h) and publishes the day's KeyPerformanceIndicator entities
// (ridership_kpis.h) at start, then after changes at most once per
// publish_interval, and at the start of each local day. The change feed is
// handed over by a store::change_worker; counting and publishing run on its
// thread. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/time.h"
#include "mobility/ridership/ridership_tally.h"
#include "store/change_worker.h"
#include "store/store.h"

namespace cityos::mobility::ridership {

struct ridership_settings {
  std::string tenant;                              // "" : the default tenant
  std::int32_t utc_offset_s = 9 * 3600;            // local days (JST)
  std::chrono::milliseconds publish_interval{10'000};  // at most one publication per interval
};

class ridership_service {
 public:
  // `st` must outlive the service; `clock` gives now (epoch ms; the demo's sim
  // clock), called on the worker thread.
  ridership_service(store::store& st, std::function<epoch_ms()> clock, ridership_settings settings);
  ~ridership_service() { stop(); }
  ridership_service(ridership_service const&) = delete;
  ridership_service& operator=(ridership_service const&) = delete;

  // Listens to the change feed, publishes today's KPIs and starts the worker.
  // Call once, before the store is shared between threads (add_change_listener's
  // rule). Errors: internal when the first publication fails (nothing started).
  result<void> start();
  // Stops the worker (later changes are dropped). Idempotent.
  void stop();
  // Blocks until every change so far is counted and, when publish_interval is
  // 0, published (tests).
  void drain() { worker_.drain(); }
  // Today's figures so far.
  ridership_day today() const;

 private:
  // On the worker: counts `changes` (none: the timer) and publishes when due.
  void count(std::vector<store::entity_change> const& changes);
  result<void> publish(ridership_day const& day);

  store::store& store_;
  std::function<epoch_ms()> clock_;
  ridership_settings settings_;
  mutable std::mutex mutex_;  // guards tally_
  ridership_tally tally_;
  bool started_ = false;
  bool dirty_ = false;                                      // worker only
  std::chrono::steady_clock::time_point last_publish_;      // worker only
  store::change_worker worker_;  // last: stopped first, before the state it uses goes
};

}  // namespace cityos::mobility::ridership
