// SPDX-License-Identifier: Apache-2.0
// Time points as milliseconds since the Unix epoch (UTC), and their ISO 8601
// text form as NGSI-LD uses it ("2020-09-09T16:40:00.000Z"). Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cityos {

using epoch_ms = std::int64_t;

// Returns the current time in ms since the epoch (system clock).
epoch_ms now_ms();
// Formats `t` as "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string format_iso8601(epoch_ms t);
// Parses an ISO 8601 date-time: "YYYY-MM-DDTHH:MM:SS[.fff...](Z|+hh:mm|-hh:mm)".
// A missing zone means UTC. Returns nullopt for anything else.
std::optional<epoch_ms> parse_iso8601(std::string_view s);
// Parses a date "YYYY-MM-DD" (midnight UTC). Returns nullopt if not a date.
std::optional<epoch_ms> parse_date(std::string_view s);
// Parses a time "HH:MM:SS[.fff]" (ms since midnight, optional trailing Z).
std::optional<epoch_ms> parse_time_of_day(std::string_view s);

}  // namespace cityos
