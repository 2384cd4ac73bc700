// SPDX-License-Identifier: Apache-2.0
// The audit trail: one record per write and per read of personal data (who,
// what, when, from where), appended to a JSON-lines file that nothing in
// CityOS rewrites or truncates. Each record carries the SHA-256 of the
// previous one ("prev"), so an edit or deletion of the file breaks the chain
// and verify() finds it. Records are written by a background thread in
// batches (group commit, at most ~50 ms after record()), so auditing costs a
// write path no system call; queries and verify() see every record made
// before them. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "common/time.h"

namespace cityos::auth {

struct audit_record {
  epoch_ms at = 0;
  std::string who;     // key id, token subject, or "anonymous"
  std::string via;     // "apiKey" | "token" | "none"
  std::string remote;  // client address
  std::string action;  // "read" | "create" | "update" | "delete" | "request" | "deny"
  std::string tenant;
  std::string target;  // entity id, or method and path for API calls
  int status = 0;      // HTTP status, when known
};

struct audit_filter {
  std::optional<epoch_ms> since, until;
  std::string who, target, action;  // "" : any
  std::size_t limit = 1000;
};

class audit_log {
 public:
  // Opens (creating) the file at `file`; empty path: kept in memory only.
  // Errors: unavailable if the file cannot be opened or its tail is corrupt.
  static result<std::unique_ptr<audit_log>> open(std::filesystem::path file);
  ~audit_log();

  void record(audit_record r);
  // Matching records, oldest first, at most filter.limit (the newest ones).
  std::vector<json::object> query(audit_filter const& filter) const;
  // Re-reads everything and checks the hash chain; returns the record count
  // or bad_request naming the first broken line.
  result<std::uint64_t> verify() const;
  std::uint64_t size() const;

 private:
  audit_log() = default;
  std::vector<std::string> lines() const;  // caller holds mutex_ and has flushed
  void flush_locked() const;               // writes pending_ (caller holds mutex_)
  void run_writer();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread writer_;
  std::filesystem::path file_;
  std::FILE* out_ = nullptr;
  mutable std::string pending_;  // lines not yet written
  std::vector<std::string> memory_;  // when there is no file
  std::string prev_;                 // hex SHA-256 of the last line
  std::uint64_t count_ = 0;
};

}  // namespace cityos::auth
