// SPDX-License-Identifier: Apache-2.0
// compute_kpis and kpi_json; the entities are in kpi_entities.cc.
#include "wellness/points/kpis.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace cityos::wellness {

namespace {

constexpr double kDayMinutes = 24 * 60;

// Sums of one group; the report's averages are these divided by the counts.
struct group_sums {
  std::size_t participants = 0;
  std::size_t person_days = 0;
  double steps = 0;    // sum over participants of their mean daily steps
  double minutes = 0;  // sum over participants of their mean walking minutes
  std::size_t with_baseline = 0;
  double baseline = 0;  // sum of their baselines
  double change = 0;    // sum of their changes
};

// One participant's figures for the period.
struct person_figures {
  std::size_t days = 0;
  double mean_steps = 0;
  double mean_minutes = 0;
  std::optional<double> baseline;  // set only with a change
  double change = 0;
};

std::string age_label(age_group g) {
  return g.max >= 150 ? std::to_string(g.min) + "+" : std::to_string(g.min) + "-" + std::to_string(g.max);
}

std::vector<age_group> age_groups_of(programme const& p) {
  if (!p.eligible.age_groups.empty()) return p.eligible.age_groups;
  return {{0, 39}, {40, 64}, {65, 74}, {75, 150}};
}

int baseline_days_of(programme const& p) {
  return p.baseline_increase ? p.baseline_increase->baseline_days : p.kpi.baseline_days;
}

// Days are in date order: the period is one run of them, found by binary search.
person_figures figures_of(kpi_participant const& person, std::string_view from, std::string_view to,
                          std::size_t baseline_days, double steps_per_minute) {
  auto const& days = person.days;
  auto const first = std::lower_bound(days.begin(), days.end(), from,
                                      [](kpi_day const& d, std::string_view date) { return d.date < date; });
  auto const last = std::upper_bound(first, days.end(), to,
                                     [](std::string_view date, kpi_day const& d) { return date < d.date; });
  person_figures f;
  double steps = 0, minutes = 0, after = 0;
  std::size_t after_days = 0;
  auto const begin = static_cast<std::size_t>(first - days.begin());
  auto const end = static_cast<std::size_t>(last - days.begin());
  for (std::size_t i = begin; i < end; ++i) {
    double const m = walking_minutes(days[i].steps, days[i].hourly, steps_per_minute);
    ++f.days;
    steps += static_cast<double>(std::max<std::int64_t>(days[i].steps, 0));
    minutes += m;
    if (i >= baseline_days) {
      after += m;
      ++after_days;
    }
  }
  if (f.days == 0) return f;
  f.mean_steps = steps / static_cast<double>(f.days);
  f.mean_minutes = minutes / static_cast<double>(f.days);
  if (after_days > 0) {  // so the person has all baseline_days days before them
    double baseline = 0;
    for (std::size_t i = 0; i < baseline_days; ++i)
      baseline += walking_minutes(days[i].steps, days[i].hourly, steps_per_minute);
    f.baseline = baseline / static_cast<double>(baseline_days);
    f.change = after / static_cast<double>(after_days) - *f.baseline;
  }
  return f;
}

void add(group_sums& g, person_figures const& f) {
  ++g.participants;
  g.person_days += f.days;
  g.steps += f.mean_steps;
  g.minutes += f.mean_minutes;
  if (f.baseline) {
    ++g.with_baseline;
    g.baseline += *f.baseline;
    g.change += f.change;
  }
}

kpi_group group_of(group_sums const& s, std::string ward, std::string age, double target) {
  kpi_group g;
  g.ward = std::move(ward);
  g.age_group = std::move(age);
  g.participants = s.participants;
  g.person_days = s.person_days;
  g.target_minutes = target;
  if (s.participants > 0) {
    g.avg_daily_steps = s.steps / static_cast<double>(s.participants);
    g.avg_walking_minutes = s.minutes / static_cast<double>(s.participants);
  }
  if (s.with_baseline > 0) {
    g.baseline_minutes = s.baseline / static_cast<double>(s.with_baseline);
    g.change_minutes = s.change / static_cast<double>(s.with_baseline);
  }
  return g;
}

// Sorted distinct non-empty wards of `people`, and each person's index into them
// (-1: no ward).
std::vector<std::string_view> wards_of(std::span<kpi_participant const> people, std::vector<int>& index) {
  std::unordered_map<std::string_view, int> ids;
  for (auto const& person : people)
    if (!person.ward.empty()) ids.emplace(person.ward, 0);
  std::vector<std::string_view> wards;
  wards.reserve(ids.size());
  for (auto const& kv : ids) wards.push_back(kv.first);
  std::sort(wards.begin(), wards.end());
  for (std::size_t i = 0; i < wards.size(); ++i) ids[wards[i]] = static_cast<int>(i);
  index.resize(people.size());
  for (std::size_t i = 0; i < people.size(); ++i) index[i] = people[i].ward.empty() ? -1 : ids[people[i].ward];
  return wards;
}

int age_index(std::vector<age_group> const& groups, int age) {
  for (std::size_t i = 0; i < groups.size(); ++i)
    if (age >= groups[i].min && age <= groups[i].max) return static_cast<int>(i);
  return -1;
}

json::value rounded(double x) { return json::value(std::round(x * 100) / 100); }

json::value rounded(std::optional<double> x) { return x ? rounded(*x) : json::value(nullptr); }

json::value text_or_null(std::string const& s) { return s.empty() ? json::value(nullptr) : json::value(s); }

}  // namespace

double walking_minutes(std::int64_t steps, std::span<std::int64_t const> hourly, double steps_per_minute) {
  if (!(steps_per_minute > 0)) return 0;
  auto const positive = [](std::int64_t x) { return static_cast<double>(std::max<std::int64_t>(x, 0)); };
  if (hourly.empty()) return std::min(positive(steps) / steps_per_minute, kDayMinutes);
  // Sums steps clipped to an hour's worth, then divides once (the hot loop of compute_kpis).
  double const hour = 60 * steps_per_minute;
  double clipped = 0;
  for (auto h : hourly) clipped += std::min(hour, positive(h));
  return std::min(clipped / steps_per_minute, kDayMinutes);
}

kpi_report compute_kpis(programme const& p, std::span<kpi_participant const> people, std::string_view from,
                        std::string_view to) {
  auto const ages = age_groups_of(p);
  std::vector<int> ward_of;
  auto const wards = wards_of(people, ward_of);
  std::size_t const w = wards.size(), a = ages.size();
  // everyone, then wards, then ages, then ward-major ward x age
  std::vector<group_sums> sums(1 + w + a + w * a);
  auto const baseline_days = static_cast<std::size_t>(baseline_days_of(p));
  for (std::size_t i = 0; i < people.size(); ++i) {
    auto const f = figures_of(people[i], from, to, baseline_days, p.kpi.steps_per_minute);
    if (f.days == 0) continue;
    int const wi = ward_of[i], ai = age_index(ages, people[i].age);
    add(sums[0], f);
    if (wi >= 0) add(sums[1 + static_cast<std::size_t>(wi)], f);
    if (ai >= 0) add(sums[1 + w + static_cast<std::size_t>(ai)], f);
    if (wi >= 0 && ai >= 0) add(sums[1 + w + a + static_cast<std::size_t>(wi) * a + static_cast<std::size_t>(ai)], f);
  }
  kpi_report r{std::string(from), std::string(to), {}};
  double const target = p.kpi.target_minutes;
  r.groups.push_back(group_of(sums[0], "", "", target));
  auto keep = [&](std::size_t k, std::string_view ward, std::string age) {
    if (sums[k].participants > 0) r.groups.push_back(group_of(sums[k], std::string(ward), std::move(age), target));
  };
  for (std::size_t i = 0; i < w; ++i) keep(1 + i, wards[i], "");
  for (std::size_t j = 0; j < a; ++j) keep(1 + w + j, "", age_label(ages[j]));
  for (std::size_t i = 0; i < w; ++i)
    for (std::size_t j = 0; j < a; ++j) keep(1 + w + a + i * a + j, wards[i], age_label(ages[j]));
  return r;
}

json::object kpi_json(kpi_report const& r) {
  json::array groups;
  groups.reserve(r.groups.size());
  for (auto const& g : r.groups) {
    groups.push_back(json::object{{"ward", text_or_null(g.ward)},
                                  {"ageGroup", text_or_null(g.age_group)},
                                  {"participants", static_cast<std::int64_t>(g.participants)},
                                  {"personDays", static_cast<std::int64_t>(g.person_days)},
                                  {"avgDailySteps", rounded(g.avg_daily_steps)},
                                  {"avgWalkingMinutes", rounded(g.avg_walking_minutes)},
                                  {"baselineMinutes", rounded(g.baseline_minutes)},
                                  {"changeMinutes", rounded(g.change_minutes)},
                                  {"targetMinutes", rounded(g.target_minutes)}});
  }
  return {{"from", r.from}, {"to", r.to}, {"groups", std::move(groups)}};
}

}  // namespace cityos::wellness
