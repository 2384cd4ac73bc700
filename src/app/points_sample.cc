// SPDX-License-Identifier: Apache-2.0
// `cityos points sample`: a deterministic file of realistic step uploads for
// `cityos points replay` (and for trying a programme on plausible data).
#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/points_command.h"
#include "common/time.h"
#include "wellness/points_service/requests.h"

namespace cityos::app {
namespace {

constexpr epoch_ms kDay = 86'400'000;
constexpr epoch_ms kHour = 3'600'000;
constexpr epoch_ms kJapan = 9 * kHour;

constexpr std::array<char const*, 10> kWards = {"Chuo",     "Kita",  "Higashi",  "Shiroishi", "Toyohira",
                                                "Minami",   "Nishi", "Atsubetsu", "Teine",     "Kiyota"};
// Relative walking by hour of day: commute, lunch, evening.
constexpr std::array<double, 24> kProfile = {0,   0,   0,   0,   0,   0.2, 1.0, 3.0, 5.0, 3.0, 2.0, 2.0,
                                             4.0, 3.0, 2.0, 2.0, 3.0, 5.0, 5.0, 3.0, 2.0, 1.0, 0.5, 0.2};

struct person {
  double level = 6500;     // median daily steps
  double attendance = 0.9;  // probability of uploading a day
};

// Splits `steps` over the hours of the day along kProfile with some noise; the samples sum to `steps`.
std::vector<std::int64_t> hourly_split(std::int64_t steps, std::mt19937_64& rng) {
  std::normal_distribution<double> noise(1.0, 0.3);
  std::array<double, 24> w{};
  double sum = 0;
  for (std::size_t h = 0; h < 24; ++h) {
    w[h] = kProfile[h] * std::max(0.05, noise(rng));
    sum += w[h];
  }
  std::vector<std::int64_t> out(24, 0);
  std::int64_t given = 0;
  for (std::size_t h = 0; h < 24; ++h) {
    out[h] = static_cast<std::int64_t>(std::floor(static_cast<double>(steps) * w[h] / sum));
    given += out[h];
  }
  auto busiest = std::max_element(out.begin(), out.end());
  *busiest += steps - given;
  return out;
}

std::string int_array(std::vector<std::int64_t> const& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) fmt::format_to(std::back_inserter(s), "{}{}", i ? "," : "", v[i]);
  return s + "]";
}

// Writes the lines in the order received: a line waits in `pending` until
// every line received before it has been made.
class line_queue {
 public:
  explicit line_queue(std::ostream& out) : out_(out) {}
  void add(epoch_ms at, std::string line) { pending_.emplace(at, std::move(line)); }
  void flush_before(epoch_ms t) {
    auto end = pending_.lower_bound(t);
    for (auto it = pending_.begin(); it != end; ++it) out_ << it->second << '\n';
    pending_.erase(pending_.begin(), end);
  }
  void flush() { flush_before(std::numeric_limits<epoch_ms>::max()); }

 private:
  std::ostream& out_;
  std::multimap<epoch_ms, std::string> pending_;  // equal times keep their order
};

std::string iso_japan(epoch_ms t) {
  // "YYYY-MM-DDTHH:MM:SS+09:00" for the instant `t`.
  return format_iso8601(t + kJapan).substr(0, 19) + "+09:00";
}

}  // namespace

int run_points_sample(points_settings const& s, std::ostream& out, std::ostream& err) {
  auto start = wellness::points_service::is_date(s.start) ? parse_date(s.start) : std::nullopt;
  if (!start) {
    err << "--start must be a date YYYY-MM-DD, not '" << s.start << "'\n";
    return 2;
  }
  std::mt19937_64 rng(s.seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::normal_distribution<double> level_noise(0.0, 0.3);
  std::normal_distribution<double> day_noise(0.0, 0.4);
  std::vector<person> people(s.persons);
  line_queue q(out);
  epoch_ms const first = *start - kJapan;  // 00:00 in Japan on the first day
  for (std::size_t i = 0; i < people.size(); ++i) {
    people[i].level = 6500.0 * std::exp(level_noise(rng));
    people[i].attendance = 0.75 + 0.23 * u(rng);
    int const age = 20 + static_cast<int>(std::floor(std::sqrt(u(rng)) * 70));  // more older people
    q.add(first, fmt::format(R"({{"op":"enrol","person":"p{:06}","age":{},"ward":"{}","joined":"{}"}})", i + 1, age,
                             kWards[static_cast<std::size_t>(u(rng) * kWards.size()) % kWards.size()], s.start));
  }
  for (int d = 0; d < s.days; ++d) {
    epoch_ms const day_start = first + d * kDay;
    std::string const date = format_iso8601(*start + d * kDay).substr(0, 10);
    for (std::size_t i = 0; i < people.size(); ++i) {
      auto const& p = people[i];
      if (u(rng) > p.attendance) continue;
      auto steps = static_cast<std::int64_t>(std::min(60000.0, p.level * std::exp(day_noise(rng))));
      double const kind = u(rng);
      std::string const who = fmt::format("p{:06}", i + 1);
      if (kind < 0.02) {  // typed in by hand: a round number, no samples
        q.add(day_start + kDay - 1, fmt::format(R"({{"op":"steps","person":"{}","date":"{}","steps":{},"method":"manual"}})",
                                                who, date, (steps + 500) / 1000 * 1000));
        continue;
      }
      auto hourly = hourly_split(steps, rng);
      if (kind < 0.025) {  // a phone shaker over night: a flat ~4,000 an hour
        for (std::size_t h = 0; h < 9; ++h) hourly[h] = 4000 + static_cast<std::int64_t>(u(rng) * 40) - 20;
        steps = 0;
        for (auto v : hourly) steps += v;
      }
      double const when = u(rng);
      epoch_ms at = day_start + kDay - 1;
      std::string at_member;
      if (when < 0.04) {  // uploaded 1-3 days late, in the morning
        at = day_start + (1 + static_cast<int>(u(rng) * 3)) * kDay + 7 * kHour +
             static_cast<epoch_ms>(u(rng) * 2 * kHour);
        at_member = fmt::format(R"(,"at":"{}")", iso_japan(at));
      } else if (when < 0.29) {  // synced at midday, replaced at night
        epoch_ms const noon = day_start + 12 * kHour + static_cast<epoch_ms>(u(rng) * kHour);
        std::vector<std::int64_t> morning(hourly.begin(), hourly.begin() + 12);
        std::int64_t so_far = 0;
        for (auto v : morning) so_far += v;
        q.add(noon, fmt::format(R"({{"op":"steps","at":"{}","person":"{}","date":"{}","steps":{},"hourly":{}}})",
                                iso_japan(noon), who, date, so_far, int_array(morning)));
      }
      q.add(at, fmt::format(R"({{"op":"steps"{},"person":"{}","date":"{}","steps":{},"hourly":{}}})", at_member, who,
                            date, steps, int_array(hourly)));
    }
    q.flush_before(day_start + kDay);
  }
  q.flush();
  return 0;
}

}  // namespace cityos::app
