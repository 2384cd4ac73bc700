// SPDX-License-Identifier: Apache-2.0
// The rules engine of a health-points programme: pure functions from a programme
// and one person's day (or one event) to the points it earns per rule after caps,
// or to a review flag. No I/O, no state: the caller (the points service) supplies
// what was already awarded and records the result. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "wellness/points/programme.h"

namespace cityos::wellness {

enum class recording_method { sensor, manual };

// One person's day of steps as uploaded, plus what the ledger already holds.
struct step_day {
  std::string date;                          // "YYYY-MM-DD" (local day); only quoted in reasons
  std::int64_t steps = 0;                    // the day's total
  recording_method method = recording_method::sensor;
  std::vector<std::int64_t> hourly;          // optional: hour of day -> steps (at most 24, from 00:00)
  std::optional<double> baseline;            // the person's baseline daily steps, once known
  int points_this_month = 0;                 // already awarded this month, not counting this day
  int points_this_year = 0;                  // already awarded this year, not counting this day
  bool approved = false;                     // a reviewer approved this (flagged) day
};

// Points one rule gives; rule_id is "steps.tiers", "steps.perThousand",
// "steps.baselineIncrease" or "events.<kind>" (stable: the ledger keys awards on it).
struct award {
  std::string rule_id;
  int points = 0;
  std::string reason;
};

enum class flag_reason { step_cap, cadence, flat_rhythm };

// Why a day needs a reviewer.
struct review_flag {
  flag_reason reason;
  std::string detail;
};

struct evaluation {
  std::int64_t counted_steps = 0;  // steps after the daily step cap
  std::vector<award> awards;       // after caps; only awards of > 0 points
  std::vector<review_flag> flags;  // empty: plausible
  bool held = false;               // flagged and not approved: no awards until a reviewer approves
  std::string note;                // why nothing (more) was earned: manual entry, held, caps; may be empty
  int total() const;               // sum of awards
};

// Evaluates a day. Flags: steps above the daily step cap (clipped), an hour above
// the hourly limit, a flat rhythm. A flagged day earns nothing unless `approved`;
// a manual entry earns nothing unless the programme allows it. The daily cap
// covers the step rules; monthly / annual caps use points_this_month / year.
// Errors: bad_request for negative steps, more than 24 hourly samples or a negative sample.
result<evaluation> evaluate_day(programme const& p, step_day const& day);

// One event upload (check-in, check-up, ...) and how many of its kind already earned.
struct event_upload {
  event_kind kind = event_kind::qr_check_in;
  int earned_today = 0;       // events of this kind that earned points today
  int earned_this_month = 0;
  int earned_this_year = 0;
  int points_this_month = 0;  // all points already awarded this month / year
  int points_this_year = 0;
};

// Evaluates an event against its rule's per-day / per-month / per-year limits and
// the monthly / annual caps. A kind without a rule earns nothing (note says so).
evaluation evaluate_event(programme const& p, event_upload const& e);

// The baseline: the average of the first baseline_days daily totals of `days`
// (in date order). nullopt without a baseline rule or with fewer days.
std::optional<double> baseline_of(programme const& p, std::span<std::int64_t const> days);

// Whether a person of `age` living in `ward` may join (empty lists admit everyone).
bool is_eligible(programme const& p, int age, std::string_view ward);

// Whether an upload received on `received_on` for `day` (both "YYYY-MM-DD") is
// within the late-upload window (and not in the future). Errors: bad_request for a bad date.
result<bool> within_upload_window(programme const& p, std::string_view day, std::string_view received_on);

}  // namespace cityos::wellness
