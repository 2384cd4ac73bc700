// SPDX-License-Identifier: Apache-2.0
#include "mobility/journeys/local_time.h"

#include <chrono>
#include <cstdio>

#include "common/text.h"
#include "mobility/journeys/detail/parameter_error.h"

namespace cityos::mobility::journeys {

namespace {

constexpr std::int32_t kDay = 86'400;

}  // namespace

result<local_date_time> parse_local_date_time(std::string_view s, std::string_view what) {
  auto const fail = [&](std::string const& why) { return detail::parameter_error(what, why); };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  bool const shape = parse_digits(s, 0, 4, y) && s.size() > 4 && s[4] == '-' && parse_digits(s, 5, 2, mo) && s.size() > 7 &&
                     s[7] == '-' && parse_digits(s, 8, 2, d) && s.size() > 10 && (s[10] == 'T' || s[10] == ' ') &&
                     parse_digits(s, 11, 2, h) && s.size() > 13 && s[13] == ':' && parse_digits(s, 14, 2, mi);
  if (!shape) return fail("must be a local date-time YYYY-MM-DDTHH:MM[:SS], got '" + std::string(s) + "'");
  std::size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!parse_digits(s, pos + 1, 2, sec)) return fail("has malformed seconds");
    pos += 3;
  }
  if (pos < s.size()) {
    if (s[pos] == 'Z' || s[pos] == '+' || s[pos] == '-')
      return fail("must be a local time of the feed's timezone, without offset or Z");
    return fail("has unexpected text after the time: '" + std::string(s.substr(pos)) + "'");
  }
  std::chrono::year_month_day const ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(mo)),
                                        std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return fail("is not a calendar date");
  if (h > 23 || mi > 59 || sec > 59) return fail("is not a time of day");
  auto const days = std::chrono::sys_days(ymd).time_since_epoch().count();
  return local_date_time{static_cast<std::int32_t>(days), h * 3600 + mi * 60 + sec};
}

std::string format_local_date_time(std::int32_t date, std::int32_t seconds) {
  std::int32_t day = date + seconds / kDay;
  std::int32_t rem = seconds % kDay;
  if (rem < 0) {
    rem += kDay;
    --day;
  }
  std::chrono::year_month_day const ymd{std::chrono::sys_days{std::chrono::days{day}}};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), rem / 3600, rem / 60 % 60,
                rem % 60);
  return buf;
}

}  // namespace cityos::mobility::journeys
