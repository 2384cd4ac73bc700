// SPDX-License-Identifier: Apache-2.0
#include "wellness/points/programme.h"

#include <gtest/gtest.h>

namespace cityos::wellness {
namespace {

constexpr std::string_view kFull = R"({
  "id": "demo", "name": "Demo city",
  "steps": {"tiers": [{"minSteps": 8000, "points": 1}, {"minSteps": 10000, "points": 3}],
            "perThousand": {"points": 2, "minSteps": 5000, "basePoints": 10, "maxPoints": 15},
            "baselineIncrease": {"baselineDays": 14, "points": 5, "minIncrease": 2000, "maxPoints": 20}},
  "caps": {"daily": 30, "monthly": 600, "annual": 6000},
  "events": {"qrCheckIn": {"points": 20, "perDay": 1}, "checkup": {"points": 500, "perYear": 1},
             "bodyComposition": {"points": 5, "perMonth": 1}, "transitRide": {"points": 2, "perDay": 4}},
  "expiryMonths": 24,
  "eligibility": {"ageGroups": [{"min": 40, "max": 64}, {"min": 75, "max": 150}], "wards": ["Chuo", "Kita"]},
  "antiCheat": {"dailyStepCap": 60000, "maxHourlySteps": 11000, "flatHours": 6, "flatTolerance": 0.1,
                "flatMinHourlySteps": 2500},
  "manualEntriesEarn": true, "lateUploadDays": 30, "pointValueYen": 0.5
})";

TEST(wellness_programme, parses_every_member) {
  auto p = parse_programme_text(kFull);
  ASSERT_TRUE(p.ok()) << p.err().detail;
  EXPECT_EQ(p->id, "demo");
  EXPECT_EQ(p->name, "Demo city");
  ASSERT_EQ(p->tiers.size(), 2u);
  EXPECT_EQ(p->tiers[1].min_steps, 10000);
  EXPECT_EQ(p->tiers[1].points, 3);
  ASSERT_TRUE(p->per_thousand);
  EXPECT_EQ(p->per_thousand->points, 2);
  EXPECT_EQ(p->per_thousand->min_steps, 5000);
  EXPECT_EQ(p->per_thousand->base_points, 10);
  EXPECT_EQ(p->per_thousand->max_points, 15);
  ASSERT_TRUE(p->baseline_increase);
  EXPECT_EQ(p->baseline_increase->baseline_days, 14);
  EXPECT_EQ(p->baseline_increase->min_increase, 2000);
  EXPECT_EQ(p->caps.daily, 30);
  EXPECT_EQ(p->caps.monthly, 600);
  EXPECT_EQ(p->caps.annual, 6000);
  auto const& checkup = p->events[static_cast<std::size_t>(event_kind::checkup)];
  ASSERT_TRUE(checkup);
  EXPECT_EQ(checkup->points, 500);
  EXPECT_EQ(checkup->per_year, 1);
  EXPECT_FALSE(checkup->per_day);
  EXPECT_EQ(p->events[static_cast<std::size_t>(event_kind::transit_ride)]->per_day, 4);
  EXPECT_EQ(p->expiry_months, 24);
  ASSERT_EQ(p->eligible.age_groups.size(), 2u);
  EXPECT_EQ(p->eligible.age_groups[1].min, 75);
  EXPECT_EQ(p->eligible.wards, (std::vector<std::string>{"Chuo", "Kita"}));
  EXPECT_EQ(p->cheat.daily_step_cap, 60000);
  EXPECT_EQ(p->cheat.max_hourly_steps, 11000);
  EXPECT_EQ(p->cheat.flat_hours, 6);
  EXPECT_DOUBLE_EQ(p->cheat.flat_tolerance, 0.1);
  EXPECT_EQ(p->cheat.flat_min_hourly_steps, 2500);
  EXPECT_TRUE(p->manual_entries_earn);
  EXPECT_EQ(p->late_upload_days, 30);
  EXPECT_DOUBLE_EQ(p->yen_per_point, 0.5);
}

TEST(wellness_programme, defaults) {
  auto p = parse_programme_text(R"({"id": "bare"})");
  ASSERT_TRUE(p.ok()) << p.err().detail;
  EXPECT_EQ(p->name, "bare");
  EXPECT_TRUE(p->tiers.empty());
  EXPECT_FALSE(p->per_thousand);
  EXPECT_FALSE(p->caps.daily || p->caps.monthly || p->caps.annual);
  EXPECT_FALSE(p->expiry_months);
  EXPECT_EQ(p->cheat.daily_step_cap, 100000);
  EXPECT_EQ(p->cheat.max_hourly_steps, 12000);
  EXPECT_EQ(p->cheat.flat_hours, 8);
  EXPECT_FALSE(p->manual_entries_earn);
  EXPECT_EQ(p->late_upload_days, 42);
  EXPECT_DOUBLE_EQ(p->yen_per_point, 1.0);
}

TEST(wellness_programme, event_names_round_trip) {
  for (auto k : {event_kind::qr_check_in, event_kind::checkup, event_kind::body_composition, event_kind::transit_ride})
    EXPECT_EQ(event_from_name(event_name(k)), k);
  EXPECT_FALSE(event_from_name("bloodPressure"));
}

// Each bad document is rejected with bad_request naming the member.
TEST(wellness_programme, bad_configurations_name_the_member) {
  struct bad_case {
    std::string_view text;
    std::string_view member;
  };
  bad_case const cases[] = {
      {R"({"name": "no id"})", "id"},
      {R"({"id": ""})", "id"},
      {R"({"id": "x", "colour": "red"})", "colour"},
      {R"({"id": "x", "steps": {"tiers": [{"minSteps": 9000, "points": 2}, {"minSteps": 8000, "points": 1}]}})",
       "steps.tiers[1].minSteps"},
      {R"({"id": "x", "steps": {"tiers": [{"minSteps": 8000}]}})", "steps.tiers[0]"},
      {R"({"id": "x", "steps": {"tiers": [{"minSteps": 8000, "points": -1}]}})", "steps.tiers[0].points"},
      {R"({"id": "x", "steps": {"tiers": {"minSteps": 8000}}})", "steps.tiers"},
      {R"({"id": "x", "steps": {"perThousand": {"points": 1.5}}})", "steps.perThousand.points"},
      {R"({"id": "x", "steps": {"perThousand": {"pointz": 1}}})", "steps.perThousand.pointz"},
      {R"({"id": "x", "steps": {"baselineIncrease": {"baselineDays": 0}}})", "steps.baselineIncrease.baselineDays"},
      {R"({"id": "x", "caps": {"daily": "ten"}})", "caps.daily"},
      {R"({"id": "x", "caps": {"weekly": 10}})", "caps.weekly"},
      {R"({"id": "x", "events": {"bloodPressure": {"points": 1}}})", "events.bloodPressure"},
      {R"({"id": "x", "events": {"checkup": {"perYear": 1}}})", "events.checkup"},
      {R"({"id": "x", "events": {"checkup": {"points": 5, "perDay": -1}}})", "events.checkup.perDay"},
      {R"({"id": "x", "eligibility": {"ageGroups": [{"min": 70, "max": 60}]}})", "eligibility.ageGroups[0].max"},
      {R"({"id": "x", "eligibility": {"wards": [3]}})", "eligibility.wards[0]"},
      {R"({"id": "x", "antiCheat": {"flatTolerance": 2}})", "antiCheat.flatTolerance"},
      {R"({"id": "x", "antiCheat": {"dailyStepCap": 10}})", "antiCheat.dailyStepCap"},
      {R"({"id": "x", "manualEntriesEarn": "yes"})", "manualEntriesEarn"},
      {R"({"id": "x", "lateUploadDays": 400})", "lateUploadDays"},
      {R"({"id": "x", "pointValueYen": -1})", "pointValueYen"},
      {R"({"id": "x", "expiryMonths": 0})", "expiryMonths"},
  };
  for (auto const& c : cases) {
    auto p = parse_programme_text(c.text);
    ASSERT_FALSE(p.ok()) << c.text;
    EXPECT_EQ(p.err().code, error_code::bad_request) << c.text;
    EXPECT_EQ(p.err().detail.rfind(std::string(c.member) + " ", 0), 0u) << c.text << " -> " << p.err().detail;
  }
}

TEST(wellness_programme, not_json_or_not_object) {
  auto p = parse_programme_text("{\"id\": ");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.err().code, error_code::invalid_request);
  auto q = parse_programme_text("[1]");
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.err().code, error_code::bad_request);
}

}  // namespace
}  // namespace cityos::wellness
