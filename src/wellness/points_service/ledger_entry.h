// SPDX-License-Identifier: Apache-2.0
// The points ledger's records. An entry moves `points` (> 0) from its debit
// account to its credit account (double entry: every entry's debit equals its
// credit, so the balances of all accounts always sum to zero). A transaction
// is one accepted operation (an upload, a review decision, a redemption, ...):
// the operation as accepted, the answer given, and its entries. A transaction
// is written as ONE record (transaction_log.h), so it is applied whole or not at
// all (kill -9 safe); the ledger's state is a fold over the transactions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"

namespace cityos::wellness::points_service {

enum class entry_kind { award, redeem, expire, reverse, adjust };
std::string_view to_string(entry_kind k);
std::optional<entry_kind> parse_entry_kind(std::string_view s);

// Accounts: "person:<id>" (a citizen's points), "programme" (the issuer:
// awards are debited from it), "merchant:<id>" (where points were spent),
// "expired".
std::string person_account(std::string_view person);
inline constexpr std::string_view kProgrammeAccount = "programme";
inline constexpr std::string_view kExpiredAccount = "expired";
std::string merchant_account(std::string_view merchant);

struct ledger_entry {
  std::string id;  // "<transaction seq>.<n>", unique and ordered
  entry_kind kind = entry_kind::award;
  std::string debit;
  std::string credit;
  std::int64_t points = 0;
  std::string reason;
  std::string source;  // what caused it: "steps", "event", "review", "redeem", "expire", "adjust"
  std::string day;     // award / reverse: the day the points are for
  std::string rule;    // award / reverse: the rule id (rules.h award::rule_id)
  std::string ref;     // reverse: the reversed entry's id; redeem: the receipt id
  std::string at;      // ISO 8601 time of the transaction
};

json::object to_json(ledger_entry const& e);
// Errors: bad_request naming the member.
result<ledger_entry> entry_from_json(json::value const& v);

enum class tx_kind { enrol, steps, event, review, redeem, adjust, expire };
std::string_view to_string(tx_kind k);
std::optional<tx_kind> parse_tx_kind(std::string_view s);

struct transaction {
  std::uint64_t seq = 0;        // 1, 2, ... in commit order
  tx_kind kind = tx_kind::steps;
  std::string person;
  std::string at;               // ISO 8601
  std::string idempotency_key;  // "" if none was given
  json::object payload;         // the operation as accepted (normalized)
  json::object outcome;         // the answer given (replayed for a repeated idempotency key)
  std::vector<ledger_entry> entries;
};

json::object to_json(transaction const& t);
// Errors: bad_request naming the member.
result<transaction> transaction_from_json(json::value const& v);
// The store key of transaction `seq`: zero-padded so that key order is seq order.
std::string transaction_key(std::uint64_t seq);

}  // namespace cityos::wellness::points_service
