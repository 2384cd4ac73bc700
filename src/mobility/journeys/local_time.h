// SPDX-License-Identifier: Apache-2.0
// Local date-times of a feed (its agency timezone), as a service date plus
// seconds after midnight, and their ISO 8601 text form. Offsets are not
// converted: GCC 12's standard library has no time zone database, so a time
// with "Z" or "+hh:mm" is rejected rather than silently misread. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace cityos::mobility::journeys {

struct local_date_time {
  std::int32_t date = 0;  // days since 1970-01-01
  std::int32_t time = 0;  // seconds after midnight
};

// Parses "YYYY-MM-DDTHH:MM[:SS]" (a space may replace the T). Errors:
// bad_request naming `what`, for anything else, including offsets.
result<local_date_time> parse_local_date_time(std::string_view text, std::string_view what);

// "YYYY-MM-DDTHH:MM:SS" of `seconds` after midnight of `date` (seconds may
// exceed a day or be negative: the date moves accordingly).
std::string format_local_date_time(std::int32_t date, std::int32_t seconds);

}  // namespace cityos::mobility::journeys
