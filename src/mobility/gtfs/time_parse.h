// SPDX-License-Identifier: Apache-2.0
// GTFS time and date values. Times are "H:MM:SS" or "HH:MM:SS" counted from noon
// minus 12 h of the service day, so they may pass 24:00:00 for trips after
// midnight. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cityos::mobility::gtfs {

// Seconds after midnight of the service day ("25:10:00" -> 90600); nullopt if
// `s` is not a time (minutes or seconds >= 60, missing parts, other text).
std::optional<std::int32_t> parse_time(std::string_view s);

// Days since 1970-01-01 of a YYYYMMDD date; nullopt if not a valid calendar date.
std::optional<std::int32_t> parse_date(std::string_view s);

// "HH:MM:SS" (hours may pass 24) of seconds after midnight.
std::string format_time(std::int32_t seconds);

}  // namespace cityos::mobility::gtfs
