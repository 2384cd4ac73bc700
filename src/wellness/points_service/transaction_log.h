// SPDX-License-Identifier: Apache-2.0
// Where the points service keeps its transactions, behind one small interface:
//   - store_transactions: one store document per transaction (collection
//     "points.tx"), durable with the store's commits -- for a server without
//     a data dir (memory mode, tests);
//   - ledger_transactions: the ledger's own append-only file (ledger_log.h),
//     each transaction serialized once to JSON text -- for a server with a
//     data dir (<data>/points/ledger.log).
// Seqs are the log's own: wait for them with the log's on_durable (or the
// waiter()), never with the store's.
// Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>

#include "common/result.h"
#include "store/store.h"
#include "wellness/points_service/ledger_entry.h"

namespace cityos::wellness::points_service {

inline constexpr std::string_view kTransactions = "points.tx";

// Calls `done` once `seq` of a transaction_log is durable (api::http_response::wait_via).
using durable_waiter = std::function<void(std::uint64_t seq, std::function<void()> done)>;

class transaction_log {
 public:
  virtual ~transaction_log() = default;
  // Calls `fn` for every transaction kept so far, in commit order; stops at
  // the first error. Errors: internal (a record that cannot be read), fn's.
  virtual result<void> read_all(std::function<result<void>(transaction&&)> const& fn) const = 0;
  // Writes `t` (its seq numbered); returns the seq that makes it durable (> 0).
  virtual std::uint64_t write(transaction const& t) = 0;
  // Waits for this log's seqs (calls `done` at once for a seq already durable).
  durable_waiter const& waiter() const { return waiter_; }
  // Blocks until every transaction written so far is durable.
  virtual void flush() = 0;

 protected:
  durable_waiter waiter_;
};

// Transactions as documents of `st` (which must outlive the log).
std::unique_ptr<transaction_log> store_transactions(store::store& st);

struct ledger_options {
  std::filesystem::path file;  // e.g. <data>/points/ledger.log
  bool sync = false;           // fdatasync each group commit (like the store's --fsync)
};

// Transactions in the ledger file of `opt`. An empty ledger takes over the
// transactions `st` still holds as documents (a data dir of an older
// version): they are written to the file atomically, then removed from the
// store. Errors: internal (I/O, a corrupt ledger or stored transaction).
result<std::unique_ptr<transaction_log>> ledger_transactions(ledger_options const& opt, store::store& st);

}  // namespace cityos::wellness::points_service
