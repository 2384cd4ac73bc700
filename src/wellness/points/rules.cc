// SPDX-License-Identifier: Apache-2.0
#include "wellness/points/rules.h"

#include <algorithm>
#include <cmath>

#include "common/time.h"
#include "wellness/points/detail/cadence.h"

namespace cityos::wellness {

namespace {

std::string pts(int n) { return std::to_string(n) + " pt"; }

std::optional<award> tier_award(programme const& p, std::int64_t steps) {
  step_tier const* reached = nullptr;
  for (auto const& t : p.tiers)
    if (steps >= t.min_steps) reached = &t;
  if (!reached || reached->points == 0) return std::nullopt;
  return award{"steps.tiers", reached->points,
               std::to_string(steps) + " steps reach the " + std::to_string(reached->min_steps) + " tier: " +
                   pts(reached->points)};
}

std::optional<award> per_thousand_award(per_thousand_rule const& r, std::int64_t steps) {
  if (steps < r.min_steps) return std::nullopt;
  std::int64_t const extra = (steps - r.min_steps) / 1000;
  std::int64_t points = r.base_points + extra * r.points;
  std::string reason = std::to_string(steps) + " steps: " + pts(r.base_points) + " at " + std::to_string(r.min_steps) +
                       " + " + std::to_string(r.points) + " x " + std::to_string(extra) + " thousand";
  if (r.max_points && points > *r.max_points) {
    points = *r.max_points;
    reason += ", rule maximum " + pts(*r.max_points);
  }
  if (points <= 0) return std::nullopt;
  return award{"steps.perThousand", static_cast<int>(points), std::move(reason)};
}

std::optional<award> baseline_award(baseline_rule const& r, std::int64_t steps, std::optional<double> baseline) {
  if (!baseline) return std::nullopt;
  auto const increase = static_cast<std::int64_t>(std::floor(static_cast<double>(steps) - *baseline));
  if (increase < r.min_increase || increase < 1000) return std::nullopt;
  std::int64_t points = (increase / 1000) * r.points;
  std::string reason = std::to_string(steps) + " steps, " + std::to_string(increase) + " above the baseline " +
                       std::to_string(static_cast<std::int64_t>(std::lround(*baseline))) + ": " +
                       std::to_string(r.points) + " x " + std::to_string(increase / 1000) + " thousand";
  if (r.max_points && points > *r.max_points) {
    points = *r.max_points;
    reason += ", rule maximum " + pts(*r.max_points);
  }
  if (points <= 0) return std::nullopt;
  return award{"steps.baselineIncrease", static_cast<int>(points), std::move(reason)};
}

// Cuts the awards, in order, to what `limit` leaves; notes the cap if it cut.
void clip(evaluation& ev, std::optional<int> limit, int used, std::string_view cap_name) {
  if (!limit) return;
  int left = std::max(0, *limit - used);
  bool cut = false;
  for (auto& a : ev.awards) {
    if (a.points > left) {
      a.reason += "; " + std::string(cap_name) + " " + pts(*limit) + " leaves " + pts(left);
      a.points = left;
      cut = true;
    }
    left -= a.points;
  }
  std::erase_if(ev.awards, [](award const& a) { return a.points == 0; });
  if (cut) ev.note += (ev.note.empty() ? "" : "; ") + std::string(cap_name) + " reached";
}

result<void> check_day(step_day const& day) {
  if (day.steps < 0) return make_error(error_code::bad_request, "steps must not be negative");
  if (day.hourly.size() > 24) return make_error(error_code::bad_request, "hourly holds more than 24 samples");
  for (auto s : day.hourly)
    if (s < 0) return make_error(error_code::bad_request, "hourly samples must not be negative");
  return {};
}

}  // namespace

int evaluation::total() const {
  int sum = 0;
  for (auto const& a : awards) sum += a.points;
  return sum;
}

result<evaluation> evaluate_day(programme const& p, step_day const& day) {
  if (auto r = check_day(day); !r) return std::move(r).err();
  evaluation ev;
  ev.counted_steps = std::min(day.steps, p.cheat.daily_step_cap);
  if (day.steps > p.cheat.daily_step_cap)
    ev.flags.push_back({flag_reason::step_cap, std::to_string(day.steps) + " steps clipped to the daily step cap " +
                                                   std::to_string(p.cheat.daily_step_cap)});
  for (auto& f : detail::cadence_flags(p.cheat, day.hourly)) ev.flags.push_back(std::move(f));
  if (day.method == recording_method::manual && !p.manual_entries_earn) {
    ev.note = "manual entries earn no points";
    return ev;
  }
  if (!ev.flags.empty() && !day.approved) {
    ev.held = true;
    ev.note = "held for review";
    return ev;
  }
  if (auto a = tier_award(p, ev.counted_steps)) ev.awards.push_back(std::move(*a));
  if (p.per_thousand)
    if (auto a = per_thousand_award(*p.per_thousand, ev.counted_steps)) ev.awards.push_back(std::move(*a));
  if (p.baseline_increase)
    if (auto a = baseline_award(*p.baseline_increase, ev.counted_steps, day.baseline))
      ev.awards.push_back(std::move(*a));
  clip(ev, p.caps.daily, 0, "daily cap");
  clip(ev, p.caps.monthly, day.points_this_month, "monthly cap");
  clip(ev, p.caps.annual, day.points_this_year, "annual cap");
  return ev;
}

evaluation evaluate_event(programme const& p, event_upload const& e) {
  evaluation ev;
  auto const& rule = p.events[static_cast<std::size_t>(e.kind)];
  std::string const name(event_name(e.kind));
  if (!rule || rule->points == 0) {
    ev.note = "the programme gives no points for " + name;
    return ev;
  }
  bool const limit_reached = (rule->per_day && e.earned_today >= *rule->per_day) ||
                             (rule->per_month && e.earned_this_month >= *rule->per_month) ||
                             (rule->per_year && e.earned_this_year >= *rule->per_year);
  if (limit_reached) {
    ev.note = name + " already earned its limit";
    return ev;
  }
  ev.awards.push_back({"events." + name, rule->points, name + ": " + pts(rule->points)});
  clip(ev, p.caps.monthly, e.points_this_month, "monthly cap");
  clip(ev, p.caps.annual, e.points_this_year, "annual cap");
  return ev;
}

std::optional<double> baseline_of(programme const& p, std::span<std::int64_t const> days) {
  if (!p.baseline_increase) return std::nullopt;
  auto const n = static_cast<std::size_t>(p.baseline_increase->baseline_days);
  if (days.size() < n) return std::nullopt;
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += static_cast<double>(days[i]);
  return sum / static_cast<double>(n);
}

bool is_eligible(programme const& p, int age, std::string_view ward) {
  auto const& e = p.eligible;
  bool const age_ok = e.age_groups.empty() || std::any_of(e.age_groups.begin(), e.age_groups.end(), [&](age_group g) {
                        return age >= g.min && age <= g.max;
                      });
  bool const ward_ok = e.wards.empty() || std::find(e.wards.begin(), e.wards.end(), ward) != e.wards.end();
  return age_ok && ward_ok;
}

result<bool> within_upload_window(programme const& p, std::string_view day, std::string_view received_on) {
  auto d = parse_date(day);
  if (!d) return make_error(error_code::bad_request, "date '" + std::string(day) + "' is not YYYY-MM-DD");
  auto r = parse_date(received_on);
  if (!r) return make_error(error_code::bad_request, "date '" + std::string(received_on) + "' is not YYYY-MM-DD");
  constexpr epoch_ms kDay = 86400000;
  return *d <= *r && (*r - *d) / kDay <= p.late_upload_days;
}

}  // namespace cityos::wellness
