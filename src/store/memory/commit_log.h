// SPDX-License-Identifier: Apache-2.0
// An append-only file of records with group commit. Writers append() from any
// thread and get a sequence number; a commit writes every pending record in one
// write() (and fdatasync() when `sync_each_commit`), then marks them durable and
// runs the waiting callbacks. A record handed to append() is durable against a
// process kill once durable_seq() reaches its seq, and against power loss too
// when `sync_each_commit` is set.
//
// Who commits: without `sync_each_commit`, the thread that calls on_durable()
// (or flush()) for a record not yet durable commits everything pending itself,
// unless a commit is in progress (then that committer takes it along, or hands
// it to the commit thread). A write() to the page cache is quicker than waking
// another thread and being woken back, which was most of a small write's cost.
// The commit thread commits records nobody waits for, within kIdleCommit of
// their append. With `sync_each_commit` only the commit thread commits (an
// fdatasync must not stall the caller's thread).
//
// File format: a sequence of frames [u32 payload length][u32 crc32][payload],
// little endian. replay() stops at the first torn or corrupt frame and cuts
// the file there, so a crash mid-write loses only unacknowledged records.
// Thread safety: all public functions are thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"

namespace cityos::store {

class commit_log {
 public:
  // Produces the payload bytes of a record; runs on the commit thread, so the
  // data it captures must stay valid and unchanged (capture immutable values).
  using payload_fn = std::function<void(std::string& out)>;
  using commit_observer = std::function<void(double seconds, std::size_t records)>;

  struct options {
    bool sync_each_commit = false;
    commit_observer on_commit;  // may be empty
  };

  commit_log() = default;
  ~commit_log();
  commit_log(commit_log const&) = delete;
  commit_log& operator=(commit_log const&) = delete;

  // How read() treats a frame that fails its checksum: not strict, it ends the
  // log there (a torn tail); strict, only when it is the last frame or the rest
  // of the file is zeros (a crash mid-write), else it is an error naming its offset.
  struct read_options {
    bool strict = false;
    std::uint64_t limit = UINT64_MAX;  // read at most this many bytes of the file
    // Files of this size or more have their checksums verified on a second
    // thread, ahead of the records handed over (same results, less wall time).
    std::uint64_t parallel_verify_bytes = 16ull << 20;
  };
  // Calls `fn(payload)` for every intact record of `path` in order (a missing
  // file is empty) and returns the length of the intact prefix; the file is not
  // changed. Errors: internal (I/O, or a corrupt record under `strict`), or fn's.
  static result<std::size_t> read(std::filesystem::path const& path, read_options opt,
                                  std::function<result<void>(std::string_view)> const& fn);

  // Reads every intact record of `path` in order and calls `fn(payload)` for
  // each; cuts a torn tail. A missing file is an empty log. Errors: internal
  // (I/O error) with the path in the detail.
  static result<std::size_t> replay(std::filesystem::path const& path,
                                    std::function<void(std::string_view)> const& fn);
  // Like replay(), and hands `fn` the file's read-only mapping with each payload:
  // views into a payload stay valid while the caller keeps a copy of `mapping`
  // (also after the file is replaced or removed; the kernel keeps its pages).
  // `mapping` is null for an empty or missing file.
  using mapped_record_fn = std::function<void(std::string_view payload, std::shared_ptr<void const> const& mapping)>;
  static result<std::size_t> replay_mapped(std::filesystem::path const& path, mapped_record_fn const& fn);

  // Opens `path` for appending and starts the commit thread. Errors: internal.
  result<void> open(std::filesystem::path const& path, options opt);

  // Queues a record; returns its seq (> 0). Never blocks on I/O.
  std::uint64_t append(payload_fn fn);
  // Runs `done` once `seq` is durable: at once if it already is, else on the
  // thread that commits it, which may be this one (see above) and then also
  // runs other waiters' callbacks: `done` must be quick and must not need a
  // lock the caller of any on_durable() may hold.
  void on_durable(std::uint64_t seq, std::function<void()> done);
  std::uint64_t durable_seq() const;
  // Blocks until every record appended so far is durable and the on_durable
  // callbacks of those records have run.
  void flush();
  // Flushes and stops the commit thread; the file stays. Idempotent.
  void close();
  // Bytes in the file (after the last commit).
  std::uint64_t size_bytes() const;

  // Writes all `payloads` to `path` as a fresh log file (for snapshots),
  // fsyncs it and renames it into place atomically. Errors: internal.
  static result<void> write_file(std::filesystem::path const& path,
                                 std::function<bool(std::string& next_payload)> const& next);

 private:
  // Records appended and not waited for are committed by the commit thread this long after.
  static constexpr std::chrono::microseconds kIdleCommit{2000};
  // Rounds an on_durable() caller commits at most before handing what is left to the commit thread.
  static constexpr int kInlineRounds = 2;

  bool commits_inline() const { return !opt_.sync_each_commit; }
  void run();
  // Commits what is pending, up to `rounds` times while waiters are left.
  // REQUIRES: `lock` holds mutex_ and no commit is in progress; held again on return.
  void commit_pending(std::unique_lock<std::mutex>& lock, int rounds);

  int fd_ = -1;
  options opt_;
  mutable std::mutex mutex_;
  std::condition_variable work_cv_;
  std::condition_variable durable_cv_;
  std::vector<payload_fn> pending_;                                  // guarded by mutex_
  std::uint64_t next_seq_ = 1;                                       // guarded by mutex_
  std::uint64_t durable_ = 0;                                        // guarded by mutex_
  std::uint64_t completed_ = 0;  // callbacks run up to this seq;      guarded by mutex_
  std::deque<std::pair<std::uint64_t, std::function<void()>>> waiters_;  // seq order; mutex_
  std::uint64_t size_ = 0;                                           // guarded by mutex_
  bool committing_ = false;  // a thread is in commit_pending();       guarded by mutex_
  bool idle_ = false;        // the commit thread waits for records;    guarded by mutex_
  bool hurry_ = false;       // waiters are left: commit at once;       guarded by mutex_
  bool stopping_ = false;                                            // guarded by mutex_
  std::string buf_;          // the frames of a commit; used by the committing thread only
  std::thread thread_;
};

}  // namespace cityos::store
