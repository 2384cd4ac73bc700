// SPDX-License-Identifier: Apache-2.0
// A health-points programme (健幸ポイント, issue 7): which steps and events earn how
// many points, the caps, eligibility and the anti-cheat limits, parsed from a JSON
// or YAML document (format in docs/health-points.md). A programme is a plain value: build
// it once, then read it from any thread. Parsing is pure and thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"

namespace cityos::wellness {

// Highest reached tier wins: 8,000 -> 1, 9,000 -> 2, 10,000 -> 3 gives 9,500 steps 2 pt.
struct step_tier {
  std::int64_t min_steps = 0;
  int points = 0;
};

// Steps >= min_steps earn base_points + points per full 1,000 steps above min_steps,
// at most max_points (if set). Shitara: {1, 0, 0}; Kikuyo: {1, 5000, 10, 15}.
struct per_thousand_rule {
  int points = 1;
  std::int64_t min_steps = 0;
  int base_points = 0;
  std::optional<int> max_points;
};

// Points for walking more than the person's baseline (the average daily steps of
// their first baseline_days days): points per full 1,000 steps of increase once the
// increase reaches min_increase, at most max_points a day (if set).
struct baseline_rule {
  int baseline_days = 7;
  int points = 1;
  std::int64_t min_increase = 1000;
  std::optional<int> max_points;
};

// Events uploaded apart from steps; each kind has its own rule.
enum class event_kind { qr_check_in, checkup, body_composition, transit_ride };
inline constexpr std::size_t kEventKinds = 4;

// Returns the JSON name of `k` ("qrCheckIn", "checkup", "bodyComposition", "transitRide").
std::string_view event_name(event_kind k);
// Returns the kind named `name`, or nullopt.
std::optional<event_kind> event_from_name(std::string_view name);

// Points per event, and how many events of the kind earn per day / month / year (unset: no limit).
struct event_rule {
  int points = 0;
  std::optional<int> per_day;
  std::optional<int> per_month;
  std::optional<int> per_year;
};

// Points caps; unset means no cap. The daily cap covers the step rules of one day;
// monthly and annual caps cover every award (steps and events).
struct point_caps {
  std::optional<int> daily;
  std::optional<int> monthly;
  std::optional<int> annual;
};

// Ages min..max inclusive.
struct age_group {
  int min = 0;
  int max = 150;
};

// Who may join; an empty list admits everyone.
struct eligibility {
  std::vector<age_group> age_groups;
  std::vector<std::string> wards;
};

// Plausibility limits. A day above daily_step_cap is clipped to it and flagged; an
// hourly sample above max_hourly_steps (12,000/h = 200 steps/min sustained) flags the
// day; so do flat_hours consecutive hours, each above flat_min_hourly_steps and all
// within +-flat_tolerance of one value (a phone shaker's steady rhythm).
struct anti_cheat {
  std::int64_t daily_step_cap = 100000;
  std::int64_t max_hourly_steps = 12000;
  int flat_hours = 8;
  double flat_tolerance = 0.05;
  std::int64_t flat_min_hourly_steps = 3000;
};

// How the programme's KPIs are computed (wellness/points/kpis.h): the target
// increase of daily walking minutes over a person's baseline, the cadence that
// turns steps into walking minutes, and the baseline length when the programme
// has no baselineIncrease rule (that rule's baselineDays wins).
struct kpi_settings {
  double target_minutes = 20;
  double steps_per_minute = 100;
  int baseline_days = 14;
};

struct programme {
  std::string id;
  std::string name;
  std::vector<step_tier> tiers;  // ascending min_steps, strictly
  std::optional<per_thousand_rule> per_thousand;
  std::optional<baseline_rule> baseline_increase;
  point_caps caps;
  std::array<std::optional<event_rule>, kEventKinds> events;  // event_kind -> rule (unset: earns nothing)
  std::optional<int> expiry_months;                         // unset: points never expire
  eligibility eligible;
  anti_cheat cheat;
  bool manual_entries_earn = false;
  int late_upload_days = 42;
  double yen_per_point = 1.0;
  kpi_settings kpi;
};

// Parses a programme document. Unknown members are rejected. Errors: bad_request
// naming the member ("steps.tiers[1].minSteps must be above the previous tier's").
result<programme> parse_programme(json::value const& doc);
// Parses the JSON text of a programme. Errors: invalid_request (not JSON), those of parse_programme.
result<programme> parse_programme_text(std::string_view text);
// Reads a programme file: .json as JSON, .yaml / .yml as YAML (common/yaml.h; the
// same members), extension case-insensitive. The one function here with I/O.
// Errors: not_found (cannot read the file), bad_request (another extension),
// invalid_request (syntax, with the line), those of parse_programme; the detail
// starts with the path.
result<programme> load_programme(std::filesystem::path const& path);

}  // namespace cityos::wellness
