// SPDX-License-Identifier: Apache-2.0
// One participant's state in the points service, derived only by applying the
// transactions of ledger_entry.h in order (apply()); so it can be re-derived
// from the store at any time, and applying the same transactions again gives
// the same state. Not thread-safe: the service guards each person with a lock.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/json.h"
#include "wellness/points/rules.h"
#include "wellness/points_service/ledger_entry.h"

namespace cityos::wellness::points_service {

// An award in force (not reversed).
struct active_award {
  std::string entry_id;
  std::string rule;
  std::int64_t points = 0;
};

enum class review_state { none, pending, approved, rejected };
std::string_view to_string(review_state s);

// The day's upload in force (the latest accepted for the day).
struct day_record {
  std::int64_t steps = 0;
  std::int64_t counted = 0;  // after the daily step cap
  recording_method method = recording_method::sensor;
  std::vector<std::int64_t> hourly;
  std::vector<std::string> flags;  // review flag details; empty: plausible
  review_state review = review_state::none;
  int revision = 0;  // 1 for the first upload of the day, +1 per replacement
  std::vector<active_award> awards;  // step rules' awards in force for the day
};

struct event_record {
  std::string date;
  event_kind kind = event_kind::qr_check_in;
  std::string event_id;  // "" if none was given
  std::int64_t points = 0;
};

struct person_state {
  bool enrolled = false;
  int age = 0;
  std::string ward;
  std::string joined;  // date

  std::map<std::string, day_record> days;  // by date
  std::vector<event_record> events;
  std::vector<ledger_entry> entries;  // the person's entries, in order
  std::unordered_map<std::string, json::object> outcomes;  // idempotency key -> answer
  std::unordered_map<std::string, json::object> receipts;  // merchant + '\n' + reference -> receipt
  std::vector<std::string> receipt_order;                  // keys of receipts, in order

  std::int64_t balance = 0;
  std::int64_t awarded = 0;   // awards - reversals
  std::int64_t redeemed = 0;
  std::int64_t expired = 0;
  std::int64_t adjusted = 0;  // net adjustments
  std::map<std::string, std::int64_t> net_by_month;  // "YYYY-MM" -> awards - reversals of days in it
  std::map<std::string, std::int64_t> credit_by_day;  // day -> points credited for it (awards - reversals + positive adjustments)
  std::int64_t consumed = 0;  // redeemed + expired + negative adjustments (FIFO against credit_by_day)

  // Applies `t` (already validated by the service, or read back from the store).
  void apply(transaction const& t);

  // Net awards of the days of month "YYYY-MM" / year "YYYY".
  std::int64_t month_points(std::string_view month) const;
  std::int64_t year_points(std::string_view year) const;
  // Events of `kind` that earned points in the period of `date` given by its
  // first `prefix` characters: 10 the day, 7 its month, 4 its year.
  int events_earned(event_kind kind, std::string_view date, std::size_t prefix) const;
  bool has_event(std::string_view event_id) const;
  // Points that have expired by `cutoff` (credits for days before it, less what was consumed).
  std::int64_t expirable(std::string_view cutoff) const;
};

}  // namespace cityos::wellness::points_service
