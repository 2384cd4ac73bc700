// SPDX-License-Identifier: Apache-2.0
// A journey query as the HTTP API and the CLI take it (text parameters), and
// its validated form. Both interfaces go through make_plan_request, so their
// errors are the same. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "common/result.h"
#include "mobility/journeys/local_time.h"
#include "mobility/journeys/place.h"

namespace cityos::mobility::journeys {

inline constexpr int kDefaultMaxTransfers = 3;
inline constexpr int kMaxMaxTransfers = 8;
inline constexpr double kMaxAccessWalk = 5000;  // metres: the most `maxWalk` may ask

// Parameters as given; absent ones are nullopt (and take their defaults).
struct plan_params {
  std::optional<std::string> from, to, time, arrive_by, max_transfers, max_walk, lang;
  std::optional<std::string> max_transfer_walk, wheelchair, fares;
};

struct plan_request {
  place from, to;
  local_date_time when;      // departure, or latest arrival with arrive_by
  bool arrive_by = false;
  int max_transfers = kDefaultMaxTransfers;  // 0..kMaxMaxTransfers
  std::optional<double> max_walk_m;          // access/egress radius; nullopt: the planner's default
  std::string lang;                          // empty: the feed's own names
  std::optional<double> max_transfer_walk_m; // one walk between stops; nullopt: the timetable's radius
  bool wheelchair = false;                   // step-free trips and stops only
  bool fares = true;                         // Pareto set over the fare too (when the feed has fares)
};

// Validates `p`. Errors: bad_request naming the parameter (from, to, time,
// arriveBy, maxTransfers, maxWalk, maxTransferWalk, wheelchair, fares, lang)
// and what is wrong with it.
result<plan_request> make_plan_request(plan_params const& p);

// Parses "true"/"false" (also "1"/"0"). Errors: bad_request naming `what`.
result<bool> parse_flag(std::string const& text, std::string_view what);
// Parses a whole number in [lo, hi]. Errors: bad_request naming `what`.
result<long> parse_whole(std::string const& text, std::string_view what, long lo, long hi);
// Parses a decimal number in [lo, hi]. Errors: bad_request naming `what`.
result<double> parse_decimal(std::string const& text, std::string_view what, double lo, double hi);
// Checks a language tag (letters, digits, '-', '_'; 1..35 characters). Errors: bad_request.
result<std::string> parse_lang(std::string const& text, std::string_view what);

}  // namespace cityos::mobility::journeys
