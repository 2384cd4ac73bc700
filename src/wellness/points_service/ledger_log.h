// SPDX-License-Identifier: Apache-2.0
// The points ledger's own append-only file: one record per transaction (its
// JSON text), kept out of the store's document map and compaction.
//
// Writers append() from any thread and get a seq; one writer thread (the
// store's commit_log) writes all pending records with one write(2) and, when
// `sync` is set, one fdatasync (group commit) -- the store's own guarantee:
// a record is durable against kill -9 once durable_seq() reaches its seq, and
// against power loss too with `sync` (cityos serve --fsync).
//
// File format (the commit_log's): frames [u32 length][u32 crc32][payload],
// little endian. open() reads it strictly (commit_log::read_options::strict):
// a torn last record (cut short, or a bad checksum / zero fill at the very end:
// a crash mid-write) is cut off; any other corrupt frame is an error, never skipped.
// Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "store/memory/commit_log.h"

namespace cityos::wellness::points_service {

class ledger_log {
 public:
  struct options {
    bool sync = false;  // fdatasync each group commit
  };

  // Opens (creating it and its directory) `path`, checks every frame, cuts a
  // torn tail and starts the writer. Errors: internal (I/O error, or a corrupt
  // record before the last one, with its offset).
  static result<std::unique_ptr<ledger_log>> open(std::filesystem::path const& path, options opt);
  ~ledger_log();  // flushes
  ledger_log(ledger_log const&) = delete;
  ledger_log& operator=(ledger_log const&) = delete;

  // Calls `fn(record)` for every record durable so far, in append order;
  // stops at the first error `fn` returns. Returns the number of records.
  // Errors: internal (I/O, corruption), or fn's.
  result<std::size_t> read_all(std::function<result<void>(std::string_view)> const& fn) const;

  // Queues `record` (not empty); returns its seq (> 0). Never blocks on I/O.
  std::uint64_t append(std::string record);
  std::uint64_t durable_seq() const { return log_.durable_seq(); }
  // Runs `done` (on the writer thread, or at once) once `seq` is durable; it must be quick.
  void on_durable(std::uint64_t seq, std::function<void()> done) { log_.on_durable(seq, std::move(done)); }
  // Blocks until every record appended so far is durable.
  void flush() { log_.flush(); }
  // Bytes of durable records in the file.
  std::uint64_t size_bytes() const { return log_.size_bytes(); }
  std::filesystem::path const& path() const { return path_; }

 private:
  explicit ledger_log(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
  store::commit_log log_;
};

}  // namespace cityos::wellness::points_service
