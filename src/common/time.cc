// SPDX-License-Identifier: Apache-2.0
#include "common/time.h"

#include <chrono>
#include <cstdio>

#include "common/text.h"

namespace cityos {

namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  std::int64_t const era = (y >= 0 ? y : y - 399) / 400;
  auto const yoe = static_cast<unsigned>(y - era * 400);
  unsigned const doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  std::int64_t const era = (z >= 0 ? z : z - 146096) / 146097;
  auto const doe = static_cast<unsigned>(z - era * 146097);
  unsigned const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  unsigned const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned const mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

epoch_ms now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string format_iso8601(epoch_ms t) {
  std::int64_t days = floor_div(t, 86'400'000);
  std::int64_t rem = t - days * 86'400'000;
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  auto const hour = static_cast<int>(rem / 3'600'000), minute = static_cast<int>(rem / 60'000 % 60);
  auto const second = static_cast<int>(rem / 1000 % 60), ms = static_cast<int>(rem % 1000);
  if (y < 0 || y > 9999) {
    char buf[48];
    std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(y), m, d,
                  hour, minute, second, ms);
    return buf;
  }
  // Written digit by digit: every write stamps its times, and snprintf costs
  // ~20 times more.
  std::string out = "0000-00-00T00:00:00.000Z";
  auto put = [&out](std::size_t at, int value, int digits) {
    for (int i = digits - 1; i >= 0; --i, value /= 10) out[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
  };
  put(0, static_cast<int>(y), 4);
  put(5, static_cast<int>(m), 2);
  put(8, static_cast<int>(d), 2);
  put(11, hour, 2);
  put(14, minute, 2);
  put(17, second, 2);
  put(20, ms, 3);
  return out;
}

std::optional<epoch_ms> parse_date(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || !parse_digits(s, 0, 4, y) || s[4] != '-' || !parse_digits(s, 5, 2, m) ||
      s[7] != '-' || !parse_digits(s, 8, 2, d) || m < 1 || m > 12 || d < 1 || d > 31) {
    return std::nullopt;
  }
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * 86'400'000;
}

std::optional<epoch_ms> parse_time_of_day(std::string_view s) {
  int h, mi, se;
  if (s.size() < 8 || !parse_digits(s, 0, 2, h) || s[2] != ':' || !parse_digits(s, 3, 2, mi) ||
      s[5] != ':' || !parse_digits(s, 6, 2, se) || h > 23 || mi > 59 || se > 60) {
    return std::nullopt;
  }
  epoch_ms ms = (h * 3600 + mi * 60 + se) * 1000LL;
  std::size_t pos = 8;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int scale = 100;
    std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  if (pos < s.size() && s[pos] == 'Z') ++pos;
  if (pos != s.size()) return std::nullopt;
  return ms;
}

std::optional<epoch_ms> parse_iso8601(std::string_view s) {
  if (s.size() < 19 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return std::nullopt;
  auto date = parse_date(s.substr(0, 10));
  if (!date) return std::nullopt;
  std::string_view rest = s.substr(11);
  std::size_t zone = rest.find_first_of("Zz+-", 8);
  auto tod = parse_time_of_day(rest.substr(0, zone));
  if (!tod) return std::nullopt;
  epoch_ms t = *date + *tod;
  if (zone == std::string_view::npos) return t;
  std::string_view z = rest.substr(zone);
  if (z == "Z" || z == "z") return t;
  int zh, zm;
  if (z.size() == 6 && parse_digits(z, 1, 2, zh) && z[3] == ':' && parse_digits(z, 4, 2, zm)) {
  } else if (z.size() == 5 && parse_digits(z, 1, 2, zh) && parse_digits(z, 3, 2, zm)) {
  } else if (z.size() == 3 && parse_digits(z, 1, 2, zh)) {
    zm = 0;
  } else {
    return std::nullopt;
  }
  epoch_ms offset = (zh * 60 + zm) * 60'000LL;
  return z[0] == '+' ? t - offset : t + offset;
}

}  // namespace cityos
