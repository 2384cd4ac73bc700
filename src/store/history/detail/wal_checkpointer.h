// SPDX-License-Identifier: Apache-2.0
// Checkpoints the history file's WAL on a thread and connection of its own,
// so that the writer thread does not stop for it. With SQLite's automatic
// checkpoints the writer copied 8,192 pages into the database after every
// ~32 MB of WAL, taking it 0.1-0.3 s under load, while 2,000-5,000 changes
// queued up and writers met the queue's limit (PATCH p99 of 25-30 ms).
// Private to the history engine. Thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/result.h"
#include "store/history/detail/sqlite_db.h"

namespace cityos::store::detail {

class wal_checkpointer {
 public:
  // Opens its own connection to the database file `path` and starts its
  // thread. Errors: internal (cannot open).
  static result<std::unique_ptr<wal_checkpointer>> start(std::string const& path, int pages);
  // Stops the thread (a checkpoint in progress finishes first).
  ~wal_checkpointer();
  wal_checkpointer(wal_checkpointer const&) = delete;
  wal_checkpointer& operator=(wal_checkpointer const&) = delete;

  // Makes `writer`'s commits wake this checkpointer once the WAL holds
  // `pages` pages. Should this one fall behind (4 x `pages`), the writer
  // checkpoints itself, so the WAL stays bounded. The checkpointer must
  // outlive `writer`'s commits (remove the hook first: set_wal_hook({})).
  void attach(sqlite_db& writer);
  // Checkpoints run by this thread so far.
  std::uint64_t checkpoints() const { return done_.load(); }

  class build_tag {
    friend class wal_checkpointer;
    build_tag() = default;
  };
  wal_checkpointer(build_tag, std::unique_ptr<sqlite_db> db, int pages)
      : db_(std::move(db)), pages_(pages) {}

 private:
  void run();
  void wake();

  std::unique_ptr<sqlite_db> db_;
  int const pages_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool wanted_ = false;  // guarded by mu_
  bool stop_ = false;    // guarded by mu_
  std::atomic<std::uint64_t> done_{0};
  std::thread thread_;
};

}  // namespace cityos::store::detail
