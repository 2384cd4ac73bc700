// SPDX-License-Identifier: Apache-2.0
#include "store/history/detail/wal_checkpointer.h"

#include "common/thread_name.h"
#include "store/history/detail/history_schema.h"

namespace cityos::store::detail {

result<std::unique_ptr<wal_checkpointer>> wal_checkpointer::start(std::string const& path, int pages) {
  auto db = sqlite_db::open(path);
  if (!db) return std::move(db).err();
  if (auto r = tune_connection(**db, true); !r) return std::move(r).err();
  auto c = std::make_unique<wal_checkpointer>(build_tag{}, std::move(*db), pages);
  c->thread_ = std::thread([p = c.get()] {
    name_this_thread("history-ckpt");
    // Background work: should it fall behind, the writer checkpoints itself.
    (void)lower_this_thread_priority(10);
    p->run();
  });
  return c;
}

wal_checkpointer::~wal_checkpointer() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void wal_checkpointer::attach(sqlite_db& writer) {
  writer.set_wal_hook([this, &writer](int pages) {
    if (pages >= 4 * pages_) {
      (void)writer.checkpoint();  // this thread is behind: do not let the WAL grow on
    } else if (pages >= pages_) {
      wake();
    }
  });
}

void wal_checkpointer::wake() {
  {
    std::lock_guard lk(mu_);
    if (wanted_) return;
    wanted_ = true;
  }
  cv_.notify_one();
}

void wal_checkpointer::run() {
  std::unique_lock lk(mu_);
  for (;;) {
    cv_.wait(lk, [&] { return wanted_ || stop_; });
    if (stop_) return;
    wanted_ = false;
    lk.unlock();
    // A failed round (I/O error) leaves the WAL to the next one, or to the
    // writer once it is 4x over.
    if (db_->checkpoint()) ++done_;
    lk.lock();
  }
}

}  // namespace cityos::store::detail
