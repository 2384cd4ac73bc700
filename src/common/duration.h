// SPDX-License-Identifier: Apache-2.0
// ISO 8601 durations ("P1D", "PT1H30M", "P1Y2M", "PT0.5S", "P2W") as NGSI-LD
// uses them for aggrPeriodDuration: a calendar part (months) and an exact part
// (milliseconds). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/time.h"

namespace cityos {

struct iso_duration {
  std::int64_t months = 0;  // years * 12 + months: calendar months
  epoch_ms millis = 0;      // weeks, days (as 24 h), hours, minutes, seconds

  bool is_zero() const { return months == 0 && millis == 0; }
  bool operator==(iso_duration const&) const = default;
};

// Parses "PnYnMnWnDTnHnMnS" (each part optional, at least one present; only
// the seconds may have a fraction, kept to the millisecond). Returns nullopt
// for anything else (negative durations, "P", "PT", a "T" with no time part).
std::optional<iso_duration> parse_duration(std::string_view s);

// Returns `t` + `d`: months are added on the UTC calendar (the day of month is
// clamped: Jan 31 + P1M = Feb 28/29), then the exact part.
epoch_ms add_duration(epoch_ms t, iso_duration const& d);

}  // namespace cityos
