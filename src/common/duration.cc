// SPDX-License-Identifier: Apache-2.0
#include "common/duration.h"

#include <chrono>
#include <cmath>

namespace cityos {

namespace {

// Reads a number at `pos` (digits, and a fraction if `fraction_ok`).
bool read_number(std::string_view s, std::size_t& pos, bool fraction_ok, double& out) {
  std::size_t const start = pos;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
  if (pos == start) return false;
  std::size_t end = pos;
  if (fraction_ok && pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
    ++pos;
    std::size_t const frac = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == frac) return false;
    end = pos;
  }
  std::string text(s.substr(start, end - start));
  for (auto& c : text) c = c == ',' ? '.' : c;
  out = std::stod(text);
  return out < 1e12;
}

}  // namespace

std::optional<iso_duration> parse_duration(std::string_view s) {
  if (s.size() < 2 || s[0] != 'P') return std::nullopt;
  iso_duration d;
  std::size_t pos = 1;
  bool in_time = false, any = false, time_any = false;
  // Designators in the order they must appear; `next` is the first allowed one.
  std::string_view const date_units = "YMWD";
  std::string_view const time_units = "HMS";
  std::size_t next = 0;
  while (pos < s.size()) {
    if (s[pos] == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      next = 0;
      ++pos;
      continue;
    }
    double n = 0;
    if (!read_number(s, pos, true, n) || pos >= s.size()) return std::nullopt;
    std::string_view const units = in_time ? time_units : date_units;
    auto const u = units.find(s[pos], next);
    if (u == std::string_view::npos) return std::nullopt;
    bool const fractional = n != std::floor(n);
    if (fractional && !(in_time && units[u] == 'S')) return std::nullopt;
    next = u + 1;
    ++pos;
    any = true;
    time_any = time_any || in_time;
    auto const whole = static_cast<std::int64_t>(n);
    if (!in_time) {
      switch (units[u]) {
        case 'Y': d.months += whole * 12; break;
        case 'M': d.months += whole; break;
        case 'W': d.millis += whole * 7 * 86'400'000; break;
        default: d.millis += whole * 86'400'000; break;
      }
    } else {
      switch (units[u]) {
        case 'H': d.millis += whole * 3'600'000; break;
        case 'M': d.millis += whole * 60'000; break;
        default: d.millis += static_cast<std::int64_t>(std::llround(n * 1000)); break;
      }
    }
  }
  if (!any || (in_time && !time_any)) return std::nullopt;
  return d;
}

epoch_ms add_duration(epoch_ms t, iso_duration const& d) {
  using namespace std::chrono;
  if (d.months != 0) {
    auto const tp = sys_time<milliseconds>(milliseconds(t));
    auto const day = floor<days>(tp);
    auto const time_of_day = tp - day;
    year_month_day ymd{day};
    ymd += months(d.months);
    if (!ymd.ok()) ymd = ymd.year() / ymd.month() / last;
    t = (sys_days(ymd) + time_of_day).time_since_epoch().count();
  }
  return t + d.millis;
}

}  // namespace cityos
