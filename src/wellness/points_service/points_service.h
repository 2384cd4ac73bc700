// SPDX-License-Identifier: Apache-2.0
// The health-points service behind /api/v1/points (issue 7): participants,
// step and event uploads evaluated by a programme's rules (wellness/points),
// the review queue, redemptions, adjustments and expiry, all kept as an
// append-only double-entry ledger (ledger_entry.h) in the store.
//
// Every accepted operation is one transaction written as one record of the
// service's transaction log (transaction_log.h: the ledger's own file with a
// data dir, store documents without); the in-memory state is a fold over
// them, rebuilt at start. Operations on one person are serialized by a lock,
// so awards are exactly-once per person, day and rule, and a balance never
// goes negative, also under concurrent retries. Each answer carries the seq
// of that log the caller must wait for (with waiter()) before answering
// (durable: survives kill -9).
// Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "common/time.h"
#include "store/store.h"
#include "wellness/points/programme.h"
#include "wellness/points_service/person_state.h"
#include "wellness/points_service/transaction_log.h"

namespace cityos::wellness::points_service {

struct service_options {
  int utc_offset_minutes = 9 * 60;  // the programme's local time (Japan: UTC+9) for "today"
  // Set: transactions go to this ledger file (<data>/points/ledger.log), else
  // to the store's documents. `sync`: fdatasync each group commit of it.
  std::filesystem::path ledger_file;
  bool sync = false;
};

// An answer and the seq of the service's log that makes it durable (0:
// nothing was written); wait for it with points_service::waiter().
struct answer {
  json::object body;
  std::uint64_t seq = 0;
  bool created = false;  // a new transaction was written (201), not a replay (200)
};

// A flagged day waiting for a reviewer.
struct review_item {
  std::string person;
  std::string date;
};

class points_service {
 public:
  // Loads the transactions kept in the ledger file of `opt` (moving those an
  // older version kept in `st` there first) or, without one, in `st` (which
  // must outlive the service). Errors: internal when the ledger or a stored
  // transaction cannot be read.
  static result<std::unique_ptr<points_service>> open(programme p, store::store& st,
                                                      std::function<epoch_ms()> clock, service_options opt = {});

  programme const& config() const { return programme_; }
  // Waits for the seq of an answer; lives as long as the service.
  durable_waiter const& waiter() const { return log_->waiter(); }
  // Blocks until every answer given so far is durable.
  void flush() { log_->flush(); }
  // "YYYY-MM-DD" in the programme's local time.
  std::string today() const;

  // {"person", "age", "ward", "joined"?}. Errors: invalid_request / bad_request,
  // unprocessable (not eligible), already_exists (enrolled with other details).
  result<answer> enrol(json::value const& body);
  // {"person", "date", "steps", "method"?: "sensor"|"manual", "hourly"?: [24 ints],
  //  "idempotencyKey"?}. Replaces the day's earlier upload (reversing and
  // re-awarding what changed). Errors: invalid_request / bad_request,
  // not_found (not enrolled), unprocessable (outside the upload window).
  result<answer> upload_steps(json::value const& body);
  // {"person", "kind", "date", "eventId"?, "idempotencyKey"?}. An eventId seen
  // before answers with the first answer. Errors as upload_steps.
  result<answer> upload_event(json::value const& body);
  // Approves or rejects a flagged day: {"decision": "approve"|"reject", "note"?}.
  // Errors: not_found (no such day waiting), invalid_request / bad_request.
  result<answer> review(std::string const& person, std::string const& date, json::value const& body);
  // {"person", "points", "merchant", "reference", "description"?}: debits
  // atomically or fails with unprocessable (insufficient points); the same
  // merchant + reference answers with the first receipt. Errors also
  // invalid_request / bad_request, not_found.
  result<answer> redeem(json::value const& body);
  // {"person", "points" (non-zero, may be negative), "reason"}. A negative
  // adjustment beyond the balance is refused (unprocessable).
  result<answer> adjust(json::value const& body);
  // Expires the points of every person older than the programme's expiry
  // (FIFO: spending uses the oldest points first). Returns {"persons", "points"}.
  result<answer> expire_all();

  // Reads; Errors: not_found for a person not enrolled.
  result<json::object> participant(std::string const& person) const;
  result<json::object> balance(std::string const& person) const;
  result<json::object> history(std::string const& person, std::size_t offset, std::size_t limit) const;
  result<json::object> uploads(std::string const& person) const;
  result<json::object> receipts(std::string const& person) const;
  // The days waiting for review, oldest first, with their steps and flags.
  json::object review_queue() const;
  // Re-derives every account from the stored transactions and compares with
  // the live state: {"ok", "transactions", "accounts", "sum", "problems": [...]}.
  json::object verify() const;

  // Calls `fn(person)` after every transaction (under the person's lock: it
  // must be quick, e.g. mark the person dirty). Set before the service is shared.
  void on_change(std::function<void(std::string const&)> fn) { on_change_ = std::move(fn); }

  // Calls `fn` for every enrolled person, each under its lock (for KPIs).
  void for_each_person(std::function<void(std::string const&, person_state const&)> const& fn) const;
  std::size_t participants() const;

 private:
  struct slot {
    mutable std::mutex mutex;
    person_state state;
  };
  points_service(programme p, std::unique_ptr<transaction_log> log, std::function<epoch_ms()> clock,
                 service_options opt);
  result<void> load();
  // The person's slot, made if `create`; nullptr if unknown.
  slot* find(std::string const& person, bool create) const;
  // The answer of a transaction, computed once it is applied.
  using outcome_fn = std::function<json::object(person_state const&, transaction const&)>;
  // Numbers `t`'s entries, applies it to `s`, computes its outcome and writes
  // it to the store as one document. Caller holds s's lock.
  answer commit(slot& s, transaction t, outcome_fn const& outcome);
  std::uint64_t reserve_seq();
  static error not_enrolled(std::string const& person);
  // Errors: unprocessable if `date` is outside the upload window (or in the future).
  result<void> check_window(std::string const& date) const;
  // The enrolled person's slot, locked. Errors: not_found.
  struct held {
    slot* s;
    std::unique_lock<std::mutex> lock;
  };
  result<held> lock_enrolled(std::string const& person) const;
  // Writes an expiry transaction if some of the person's points are due. Caller holds s's lock.
  // Returns the seq of that transaction, 0 if none was due.
  std::uint64_t expire_due(slot& s, std::string const& person);
  std::string now_iso() const;
  void track_review(std::string const& person, std::string const& date, review_state r);

  programme programme_;
  std::unique_ptr<transaction_log> log_;
  std::function<epoch_ms()> clock_;
  service_options opt_;
  std::atomic<std::uint64_t> next_seq_{1};
  std::function<void(std::string const&)> on_change_;

  mutable std::shared_mutex persons_mutex_;  // guards the map, not the slots
  mutable std::unordered_map<std::string, std::unique_ptr<slot>> persons_;
  mutable std::mutex review_mutex_;
  std::set<std::pair<std::string, std::string>> pending_;  // (date, person) waiting for review
};

}  // namespace cityos::wellness::points_service
