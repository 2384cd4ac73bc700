// SPDX-License-Identifier: Apache-2.0
// Opening, the writer thread and the write operations of the SQLite history.
#include "store/history/sqlite_history.h"

#include <algorithm>
#include <future>
#include <iterator>

#include "common/thread_name.h"
#include "store/history/change_diff.h"
#include "store/history/detail/history_schema.h"
#include "store/history/detail/history_writes.h"
#include "store/history/detail/wal_checkpointer.h"

namespace cityos::store {

namespace {

constexpr epoch_ms kPurgeEvery = 86'400'000;
constexpr std::size_t kGatherTarget = 512;                // tasks per transaction, under load
constexpr std::chrono::milliseconds kGatherWait{3};     // longest wait to gather them

}  // namespace

sqlite_history::sqlite_history(build_tag) : writer_(std::make_unique<writer>()) {}

result<std::unique_ptr<sqlite_history>> sqlite_history::open(sqlite_history_options opt) {
  auto h = std::make_unique<sqlite_history>(build_tag{});
  bool const file = !opt.data_dir.empty();
  std::string const path = file ? (opt.data_dir / "history.sqlite").string() : std::string();
  if (file) {
    std::error_code ec;
    std::filesystem::create_directories(opt.data_dir, ec);
  }
  auto db = detail::sqlite_db::open(path);
  if (!db) return std::move(db).err();
  if (auto r = detail::tune_connection(**db, file); !r) return std::move(r).err();
  if (auto r = detail::create_schema(**db, opt.notice); !r) return std::move(r).err();
  h->writer_->conn.db = std::move(*db);
  for (int i = 0; file && i < 2; ++i) {
    auto rdb = detail::sqlite_db::open(path);
    if (!rdb) return std::move(rdb).err();
    if (auto r = detail::tune_connection(**rdb, file); !r) return std::move(r).err();
    auto c = std::make_unique<connection>();
    c->db = std::move(*rdb);
    h->readers_.push_back(std::move(c));
  }
  if (file) {
    auto c = detail::wal_checkpointer::start(path, std::max(opt.checkpoint_pages, 1));
    if (!c) return std::move(c).err();
    (*c)->attach(*h->writer_->conn.db);
    h->checkpointer_ = std::move(*c);
  }
  h->opt_ = std::move(opt);
  if (!h->opt_.clock) h->opt_.clock = now_ms;
  if (h->opt_.retention > 0) {
    (void)detail::purge(*h->writer_, h->opt_.clock() - h->opt_.retention);
  }
  h->thread_ = std::thread([p = h.get()] {
    name_this_thread("history");
    p->writer_loop();
  });
  return h;
}

sqlite_history::~sqlite_history() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  room_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (checkpointer_) writer_->conn.db->set_wal_hook({});  // it goes first
  checkpointer_.reset();
}

std::uint64_t sqlite_history::checkpoints() const {
  return checkpointer_ ? checkpointer_->checkpoints() : 0;
}

std::uint64_t sqlite_history::push(task t) {
  std::uint64_t seq;
  bool wake = false;
  {
    std::lock_guard lk(mu_);
    queue_.push_back(std::move(t));
    seq = ++pushed_;
    // The writer waits for a first task, or for a full batch while gathering.
    wake = queue_.size() == 1 || queue_.size() == kGatherTarget;
  }
  if (wake) work_cv_.notify_one();
  return seq;
}

void sqlite_history::wait_applied(std::uint64_t seq) const {
  std::unique_lock lk(mu_);
  done_cv_.wait(lk, [&] { return applied_ >= seq; });
}

void sqlite_history::sync() const {
  std::uint64_t seq;
  {
    std::lock_guard lk(mu_);
    seq = pushed_;
  }
  wait_applied(seq);
}

void sqlite_history::flush() { sync(); }

void sqlite_history::writer_loop() {
  using clock = std::chrono::steady_clock;
  auto next_purge = clock::now() + std::chrono::milliseconds(kPurgeEvery);
  for (;;) {
    std::deque<task> batch;
    {
      std::unique_lock lk(mu_);
      auto ready = [&] { return stopping_ || !queue_.empty(); };
      if (opt_.retention > 0) {
        work_cv_.wait_until(lk, next_purge, ready);
      } else {
        work_cv_.wait(lk, ready);
      }
      if (queue_.empty() && stopping_) return;
      // Under load, gather a little more so one transaction carries many
      // writes (each commit costs a WAL write); an idle history waits not at all.
      if (!stopping_ && queue_.size() > 1 && queue_.size() < kGatherTarget) {
        work_cv_.wait_for(lk, kGatherWait, [&] { return stopping_ || queue_.size() >= kGatherTarget; });
      }
      // At most kGatherTarget tasks per transaction: writers waiting for room
      // wait for one commit at a time, not for the whole backlog's.
      auto const n = std::min(queue_.size(), kGatherTarget);
      std::move(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n), std::back_inserter(batch));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    }
    auto& w = *writer_;
    {
      std::lock_guard conn_lock(w.conn.mu);
      if (opt_.retention > 0 && clock::now() >= next_purge) {
        next_purge = clock::now() + std::chrono::milliseconds(kPurgeEvery);
        (void)detail::purge(w, opt_.clock() - opt_.retention);
      }
      if (batch.empty()) continue;
      // BEGIN and COMMIT as prepared statements: sqlite3_exec() would parse
      // them for every transaction.
      auto run = [&](auto const& sql) {
        auto s = w.conn.db->cached(sql);
        return s && (*s)->run();
      };
      bool ok = run("BEGIN");
      for (auto& t : batch) t(w);
      ok = ok && static_cast<bool>(detail::save_counters(w));
      ok = ok && run("COMMIT");
      if (!ok) {
        (void)w.conn.db->exec("ROLLBACK");
        w.rolled_back();
        ++w.write_errors;
      }
      for (auto& done : w.after_commit) done(ok);
      w.after_commit.clear();
    }
    {
      std::lock_guard lk(mu_);
      applied_ += batch.size();
    }
    done_cv_.notify_all();
  }
}

template <typename T>
T sqlite_history::run_sync(std::function<T(writer&)> fn) {
  std::promise<T> p;
  auto f = p.get_future();
  push([&](writer& w) {
    auto r = std::make_shared<T>(fn(w));
    w.after_commit.push_back([&p, r](bool ok) {
      p.set_value(ok ? std::move(*r) : T(make_error(error_code::internal, "history: commit failed")));
    });
  });
  return f.get();
}

std::size_t sqlite_history::queued_changes() const {
  std::lock_guard lk(mu_);
  return queued_changes_;
}

void sqlite_history::wait_for_room() {
  std::unique_lock lk(mu_);
  room_cv_.wait(lk, [&] { return stopping_ || queued_changes_ < opt_.max_queued_changes; });
}

void sqlite_history::enqueue(std::vector<entity_change> const& changes) {
  std::size_t const n = changes.size();
  // Diffed here, where the entities were just written (in the CPU's cache):
  // the writer gets only the rows, and freeing the trees is the caller's.
  std::vector<change_record> records;
  records.reserve(n);
  epoch_ms const now = opt_.clock();
  for (auto const& c : changes) records.push_back(diff_change(c, now));
  {
    std::lock_guard lk(mu_);
    queued_changes_ += n;
  }
  push([this, n, records = std::move(records)](writer& w) {
    for (auto const& r : records) {
      if (!detail::apply_record(w, r)) ++w.write_errors;
    }
    {
      std::lock_guard lk(mu_);
      queued_changes_ -= n;
    }
    room_cv_.notify_all();
  });
}

result<bool> sqlite_history::add_instances(std::string const& tenant, std::string const& id,
                                           std::vector<std::string> const& types,
                                           std::vector<instance_input> instances, bool create,
                                           epoch_ms now) {
  return run_sync<result<bool>>([&](writer& w) {
    return detail::add_instances(w, tenant, id, types, std::move(instances), create, now);
  });
}

result<void> sqlite_history::delete_entity(std::string const& tenant, std::string const& id) {
  return run_sync<result<void>>(
      [&](writer& w) { return detail::delete_entity(w, tenant, id); });
}

result<void> sqlite_history::delete_attribute(std::string const& tenant, std::string const& id,
                                              std::string const& attr,
                                              std::string const& dataset_id, bool all) {
  return run_sync<result<void>>(
      [&](writer& w) { return detail::delete_attribute(w, tenant, id, attr, dataset_id, all); });
}

result<void> sqlite_history::delete_instance(std::string const& tenant, std::string const& id,
                                             std::string const& attr,
                                             std::string const& instance_id) {
  return run_sync<result<void>>(
      [&](writer& w) { return detail::delete_instance(w, tenant, id, attr, instance_id); });
}

result<void> sqlite_history::patch_instance(std::string const& tenant, std::string const& id,
                                            std::string const& attr,
                                            std::string const& instance_id,
                                            json::object const& body, epoch_ms now) {
  return run_sync<result<void>>([&](writer& w) {
    return detail::patch_instance(w, tenant, id, attr, instance_id, body, now);
  });
}

std::size_t sqlite_history::purge_before(epoch_ms cutoff) {
  auto r = run_sync<result<std::size_t>>([&](writer& w) { return detail::purge(w, cutoff); });
  return r ? *r : 0;
}

std::uint64_t sqlite_history::pending() const {
  std::lock_guard lk(mu_);
  return pushed_ - applied_;
}

std::uint64_t sqlite_history::write_errors() const {
  std::lock_guard lk(writer_->conn.mu);
  return writer_->write_errors;
}

}  // namespace cityos::store
