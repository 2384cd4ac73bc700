// SPDX-License-Identifier: Apache-2.0
#include "mobility/gtfs/time_parse.h"

#include <chrono>
#include <cstdio>

namespace cityos::mobility::gtfs {

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

std::optional<std::int32_t> parse_time(std::string_view s) {
  auto const c1 = s.find(':');
  if (c1 == std::string_view::npos) return std::nullopt;
  auto const c2 = s.find(':', c1 + 1);
  if (c2 == std::string_view::npos) return std::nullopt;
  auto const h = s.substr(0, c1), m = s.substr(c1 + 1, c2 - c1 - 1), sec = s.substr(c2 + 1);
  if (!all_digits(h) || h.size() > 3 || m.size() != 2 || sec.size() != 2 || !all_digits(m) ||
      !all_digits(sec))
    return std::nullopt;
  int const mm = to_int(m), ss = to_int(sec);
  if (mm > 59 || ss > 59) return std::nullopt;
  return to_int(h) * 3600 + mm * 60 + ss;
}

std::optional<std::int32_t> parse_date(std::string_view s) {
  if (s.size() != 8 || !all_digits(s)) return std::nullopt;
  std::chrono::year_month_day const ymd{std::chrono::year{to_int(s.substr(0, 4))},
                                        std::chrono::month{static_cast<unsigned>(to_int(s.substr(4, 2)))},
                                        std::chrono::day{static_cast<unsigned>(to_int(s.substr(6, 2)))}};
  if (!ymd.ok()) return std::nullopt;
  return static_cast<std::int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

std::string format_time(std::int32_t seconds) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  return buf;
}

}  // namespace cityos::mobility::gtfs
