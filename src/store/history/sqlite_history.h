// SPDX-License-Identifier: Apache-2.0
// The history engine on SQLite (history.h): one file `history.sqlite` in WAL
// mode (synchronous=OFF, like the entity log without --fsync: survives a
// process kill, not a power loss), or a private in-memory database. One writer thread applies every write in call
// order, batching what is queued into one transaction; readers use their own
// connections (in memory: the writer's, under its mutex). Retention: instances
// modified more than `retention` ago are purged at open and once a day.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/history/history.h"

namespace cityos::store {

namespace detail {
class sqlite_db;
class wal_checkpointer;
}

struct sqlite_history_options {
  std::filesystem::path data_dir;  // empty: in memory
  epoch_ms retention = 0;          // 0: keep everything
  std::function<epoch_ms()> clock = now_ms;
  // Backpressure: wait_for_room() waits while this many changes are queued and
  // not yet recorded. Each holds its instances' text (about 1 KiB for a new
  // five-attribute entity), so a writer slower than the store (a bulk import)
  // would otherwise hold them all in memory.
  std::size_t max_queued_changes = 10000;
  // Told about long work during open() (migrating an older file), if set.
  std::function<void(std::string const&)> notice = {};
  // The WAL is checkpointed, on a thread of its own, whenever it holds this
  // many pages of 4 KiB (file histories only).
  int checkpoint_pages = 8192;
};

class sqlite_history final : public history_store {
 public:
  // Opens or creates the history. Errors: internal (cannot open/create).
  static result<std::unique_ptr<sqlite_history>> open(sqlite_history_options opt);
  ~sqlite_history() override;

  void enqueue(std::vector<entity_change> const& changes) override;
  // Waits while max_queued_changes or more are queued (see the options).
  void wait_for_room() override;
  // Changes enqueued and not yet recorded.
  std::size_t queued_changes() const;
  result<bool> add_instances(std::string const& tenant, std::string const& id,
                             std::vector<std::string> const& types,
                             std::vector<instance_input> instances, bool create,
                             epoch_ms now) override;
  result<void> delete_entity(std::string const& tenant, std::string const& id) override;
  result<void> delete_attribute(std::string const& tenant, std::string const& id,
                                std::string const& attr, std::string const& dataset_id,
                                bool all) override;
  result<void> delete_instance(std::string const& tenant, std::string const& id,
                               std::string const& attr, std::string const& instance_id) override;
  result<void> patch_instance(std::string const& tenant, std::string const& id,
                              std::string const& attr, std::string const& instance_id,
                              json::object const& body, epoch_ms now) override;
  std::size_t purge_before(epoch_ms cutoff) override;

  result<history_page> query(history_query const& q) const override;
  std::optional<history_entity_info> entity(std::string const& tenant,
                                            std::string const& id) const override;
  void flush() override;
  // Queued changes the writer could not record (database errors), so far.
  std::uint64_t write_errors() const;
  // Tasks (batches of changes, writes) queued and not yet committed. It grows
  // when writes outrun the history writer: watch it (metric history_pending).
  std::uint64_t pending() const;
  // WAL checkpoints the checkpoint thread has run (0 in memory).
  std::uint64_t checkpoints() const;

  // Internal state, public only so the engine's .cc files can share it.
  struct connection;
  struct writer;
  class build_tag {
    friend class sqlite_history;
    build_tag() = default;
  };
  explicit sqlite_history(build_tag);

 private:
  using task = std::function<void(writer&)>;
  // Queues `t` for the writer thread; returns its sequence number.
  std::uint64_t push(task t);
  // Runs `t` on the writer thread and waits for it.
  template <typename T>
  T run_sync(std::function<T(writer&)> fn);
  void wait_applied(std::uint64_t seq) const;
  // Waits until every task queued before the call is committed.
  void sync() const;
  void writer_loop();
  // A reader connection, locked for the lifetime of the returned lock.
  std::pair<connection*, std::unique_lock<std::mutex>> reader() const;

  sqlite_history_options opt_;
  std::unique_ptr<writer> writer_;
  std::vector<std::unique_ptr<connection>> readers_;  // empty: in memory
  std::unique_ptr<detail::wal_checkpointer> checkpointer_;  // null: in memory
  mutable std::atomic<unsigned> next_reader_{0};

  mutable std::mutex mu_;                  // guards the members below
  std::condition_variable work_cv_;        // wakes the writer
  std::condition_variable room_cv_;        // wakes wait_for_room() waiting for queued_changes_ to fall
  std::size_t queued_changes_ = 0;         // changes enqueued and not yet recorded
  mutable std::condition_variable done_cv_;  // wakes waiters for applied_
  std::deque<task> queue_;
  std::uint64_t pushed_ = 0;               // tasks queued so far
  std::uint64_t applied_ = 0;              // tasks committed so far
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cityos::store
