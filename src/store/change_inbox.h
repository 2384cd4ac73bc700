// SPDX-License-Identifier: Apache-2.0
// The hand-over between the store's change feed and a service's worker thread
// (the safety services, the ridership KPIs): the listener (under the store's write lock) only pushes the changes it
// wants; the worker waits for them and processes them on its own time. Shared by
// the listener and the service (the store keeps listeners as long as it lives, so
// the service may go first: it closes the inbox, later pushes are dropped).
// Counts what was pushed and what the worker reported done, so tests can wait
// until every change so far is processed. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "store/store.h"

namespace cityos::store {

class change_inbox {
 public:
  // Appends `changes` (nothing once closed). Quick: safe under the store's lock.
  void push(std::vector<entity_change>&& changes) {
    if (changes.empty()) return;
    {
      std::lock_guard lock(mutex_);
      if (closed_) return;
      pushed_ += changes.size();
      for (auto& c : changes) queue_.push_back(std::move(c));
    }
    cv_.notify_all();
  }

  // Waits until changes are queued, the inbox is closed or `deadline` passes;
  // returns the queued changes (possibly none).
  std::vector<entity_change> wait(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    cv_.wait_until(lock, deadline, [this] { return closed_ || !queue_.empty(); });
    std::vector<entity_change> out(std::make_move_iterator(queue_.begin()),
                                          std::make_move_iterator(queue_.end()));
    queue_.clear();
    return out;
  }

  // The worker finished `n` changes returned by wait().
  void done(std::size_t n) {
    {
      std::lock_guard lock(mutex_);
      done_ += n;
    }
    cv_.notify_all();
  }

  // Blocks until every change pushed before the call is done, or the inbox is closed.
  void drain() {
    std::unique_lock lock(mutex_);
    std::uint64_t const target = pushed_;
    cv_.wait(lock, [&] { return closed_ || done_ >= target; });
  }

  // Drops queued changes and refuses later ones; wakes every waiter.
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      queue_.clear();
    }
    cv_.notify_all();
  }

  bool closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
  }

 private:
  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable cv_;
  std::deque<entity_change> queue_;
  std::uint64_t pushed_ = 0;
  std::uint64_t done_ = 0;
  bool closed_ = false;
};

}  // namespace cityos::store
