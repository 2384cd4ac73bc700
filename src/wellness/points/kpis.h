// SPDX-License-Identifier: Apache-2.0
// The KPIs of a health-points programme (issue 7, Outputs): participants, average
// daily steps and walking minutes per person, and the change of walking minutes
// against each person's baseline, for everyone and by ward, age group and ward x
// age group, next to the programme's target (+20 minutes a day). Pure functions of
// what the points service hands in; the service publishes the result (API JSON and
// KeyPerformanceIndicator entities). Linear in people x days. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "wellness/points/programme.h"

namespace cityos::wellness {

// Walking minutes of a day: with hourly samples, the sum over hours of
// min(60, steps_h / steps_per_minute); without, steps / steps_per_minute. At most
// 24 * 60; negative steps count as 0; 0 if steps_per_minute <= 0.
double walking_minutes(std::int64_t steps, std::span<std::int64_t const> hourly, double steps_per_minute);

// One day of a participant: the day's counted total and optional hourly samples.
struct kpi_day {
  std::string date;                  // "YYYY-MM-DD"
  std::int64_t steps = 0;
  std::vector<std::int64_t> hourly;  // hour of day -> steps; empty: no samples
};

// A participant with all their days from their first one (the baseline needs
// them, also when they lie before the period), in date order (required: the
// period is found by binary search), one per date.
struct kpi_participant {
  std::string person;
  int age = 0;
  std::string ward;  // "": counted only in the all-wards groups
  std::vector<kpi_day> days;
};

// One group's KPIs. Averages are per person: the mean over participants of each
// one's mean over their days in the period.
struct kpi_group {
  std::string ward;               // "" = all wards
  std::string age_group;          // "" = all ages, else "65-74" / "75+"
  std::size_t participants = 0;   // with >= 1 day in the period
  std::size_t person_days = 0;    // their days in the period
  double avg_daily_steps = 0;
  double avg_walking_minutes = 0;
  // Persons "with a baseline" have a full baseline (their first N days) and at
  // least one day in the period after it. Unset when the group has none.
  std::optional<double> baseline_minutes;  // mean of their baselines
  std::optional<double> change_minutes;    // mean of (their period mean without the baseline days - baseline)
  double target_minutes = 20;              // the programme's target for change_minutes
};

// groups[0] is everyone (always present); then each ward (by name), each age
// group (programme order), each ward x age group; groups without participants are
// left out (but [0]).
struct kpi_report {
  std::string from, to;  // the period, inclusive, "YYYY-MM-DD"
  std::vector<kpi_group> groups;
};

// Computes the KPIs of `people` over the days from `from` to `to` (inclusive;
// dates compared as "YYYY-MM-DD" text). N, the baseline length, is the
// programme's baselineIncrease.baselineDays, else kpi.baselineDays; minutes use
// kpi.stepsPerMinute. Age groups: the programme's eligibility age groups, else
// 0-39, 40-64, 65-74, 75+; a person in none counts only in the all-ages groups.
// O(people x days + wards log wards).
kpi_report compute_kpis(programme const& p, std::span<kpi_participant const> people, std::string_view from,
                        std::string_view to);

// The API's form: {"from", "to", "groups": [{"ward" (null = all), "ageGroup"
// (null = all), "participants", "personDays", "avgDailySteps",
// "avgWalkingMinutes", "baselineMinutes" (null if none), "changeMinutes" (null if
// none), "targetMinutes"}]}; averages rounded to 0.01.
json::object kpi_json(kpi_report const& r);

// KeyPerformanceIndicator entities (NGSI-LD normalized, Smart Data Models
// attributes; no @context member: publish with the core context), one per group
// and measure: walking-minutes, daily-steps, participants, change-minutes (only
// when the group has a change; it carries kpiTarget). Ids are stable:
// urn:ngsi-ld:KeyPerformanceIndicator:healthpoints-<programme>-<measure>-<group>,
// group "all", "ward-<ward>", "age-65-74" / "age-75plus" or "ward-<ward>-age-...";
// programme ids and wards keep [A-Za-z0-9-] and write any other byte as _XX (hex).
// `modified_at` (ISO 8601) becomes dateModified.
json::array kpi_entities(kpi_report const& r, programme const& p, std::string_view modified_at);

}  // namespace cityos::wellness
