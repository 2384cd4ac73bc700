// SPDX-License-Identifier: Apache-2.0
#include "wellness/points/rules.h"

#include <gtest/gtest.h>

namespace cityos::wellness {
namespace {

programme make(std::string_view text) {
  auto p = parse_programme_text(text);
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.err().detail);
  return p.ok() ? *p : programme{};
}

// 1 pt per 1,000 steps; at most 10 a day, 100 a month, 500 a year.
programme capped() {
  return make(R"({"id": "capped", "steps": {"perThousand": {"points": 1}},
                  "caps": {"daily": 10, "monthly": 100, "annual": 500}})");
}

step_day day_of(std::int64_t steps) {
  step_day d;
  d.date = "2026-06-01";
  d.steps = steps;
  return d;
}

evaluation eval(programme const& p, step_day const& d) {
  auto ev = evaluate_day(p, d);
  EXPECT_TRUE(ev.ok()) << (ev.ok() ? "" : ev.err().detail);
  return ev.ok() ? *ev : evaluation{};
}

// A plausible active day: commute, lunch walk, an evening run of 11,000 steps in an hour.
std::vector<std::int64_t> const kActiveDay = {0,    0,    0,    0,    0,    0,     500, 3500, 1200, 800, 4000, 2500,
                                              3000, 900,  1500, 5200, 3300, 2000, 11000, 800, 300,  0,   0,    0};

TEST(wellness_rules, daily_cap) {
  auto ev = eval(capped(), day_of(25000));  // 25 pt raw
  ASSERT_EQ(ev.awards.size(), 1u);
  EXPECT_EQ(ev.awards[0].rule_id, "steps.perThousand");
  EXPECT_EQ(ev.total(), 10);
  EXPECT_NE(ev.note.find("daily cap"), std::string::npos);
}

TEST(wellness_rules, monthly_cap) {
  auto d = day_of(25000);
  d.points_this_month = 95;  // 10 after the daily cap, 5 left this month
  EXPECT_EQ(eval(capped(), d).total(), 5);
  d.points_this_month = 100;
  auto ev = eval(capped(), d);
  EXPECT_TRUE(ev.awards.empty());
  EXPECT_NE(ev.note.find("monthly cap"), std::string::npos);
}

TEST(wellness_rules, annual_cap) {
  auto d = day_of(25000);
  d.points_this_year = 498;
  EXPECT_EQ(eval(capped(), d).total(), 2);
}

TEST(wellness_rules, caps_cut_rules_in_order) {
  // tiers first (10,000 -> 3), then per thousand (12 -> 12); daily cap 10 leaves 3 + 7.
  auto p = make(R"({"id": "two", "steps": {"tiers": [{"minSteps": 10000, "points": 3}],
                    "perThousand": {"points": 1}}, "caps": {"daily": 10}})");
  auto ev = eval(p, day_of(12000));
  ASSERT_EQ(ev.awards.size(), 2u);
  EXPECT_EQ(ev.awards[0].rule_id, "steps.tiers");
  EXPECT_EQ(ev.awards[0].points, 3);
  EXPECT_EQ(ev.awards[1].points, 7);
}

TEST(wellness_rules, baseline_increase) {
  // 2 pt per 1,000 over the baseline once the increase is 1,500 or more, at most 8.
  auto p = make(R"({"id": "b", "steps": {"baselineIncrease": {"baselineDays": 3, "points": 2,
                    "minIncrease": 1500, "maxPoints": 8}}})");
  std::vector<std::int64_t> const first = {4000, 5000, 6000, 20000};
  auto baseline = baseline_of(p, first);
  ASSERT_TRUE(baseline);
  EXPECT_DOUBLE_EQ(*baseline, 5000.0);  // the first 3 days only
  auto d = day_of(6400);                // +1,400: below the minimum increase
  d.baseline = baseline;
  EXPECT_EQ(eval(p, d).total(), 0);
  d.steps = 7600;  // +2,600 -> 2 thousand -> 4 pt
  auto ev = eval(p, d);
  ASSERT_EQ(ev.awards.size(), 1u);
  EXPECT_EQ(ev.awards[0].rule_id, "steps.baselineIncrease");
  EXPECT_EQ(ev.awards[0].points, 4);
  d.steps = 15000;  // +10,000 -> 20 -> rule maximum 8
  EXPECT_EQ(eval(p, d).total(), 8);
  d.baseline.reset();  // no baseline yet: nothing
  EXPECT_EQ(eval(p, d).total(), 0);
}

TEST(wellness_rules, manual_entries_never_earn_by_default) {
  auto d = day_of(9000);
  d.method = recording_method::manual;
  auto ev = eval(capped(), d);
  EXPECT_TRUE(ev.awards.empty());
  EXPECT_FALSE(ev.held);
  EXPECT_NE(ev.note.find("manual"), std::string::npos);
  auto p = capped();
  p.manual_entries_earn = true;
  EXPECT_EQ(eval(p, d).total(), 9);
}

TEST(wellness_rules, step_cap_clips_and_flags) {
  auto d = day_of(150000);
  auto ev = eval(capped(), d);
  EXPECT_EQ(ev.counted_steps, 100000);
  ASSERT_EQ(ev.flags.size(), 1u);
  EXPECT_EQ(ev.flags[0].reason, flag_reason::step_cap);
  EXPECT_TRUE(ev.held);
  EXPECT_TRUE(ev.awards.empty());
  d.approved = true;  // a reviewer approved: earns on the clipped steps
  auto ok = eval(capped(), d);
  EXPECT_FALSE(ok.held);
  EXPECT_EQ(ok.total(), 10);
}

TEST(wellness_rules, implausible_cadence_flags_the_day) {
  auto d = day_of(20000);
  d.hourly = kActiveDay;
  d.hourly[10] = 12500;  // > 12,000/h: more than 200 steps a minute for an hour
  auto ev = eval(capped(), d);
  ASSERT_EQ(ev.flags.size(), 1u);
  EXPECT_EQ(ev.flags[0].reason, flag_reason::cadence);
  EXPECT_NE(ev.flags[0].detail.find("hour 10"), std::string::npos);
  EXPECT_TRUE(ev.held);
  EXPECT_TRUE(ev.awards.empty());
}

TEST(wellness_rules, phone_shaker_flags_the_day) {
  auto d = day_of(40000);
  d.hourly.assign(24, 0);
  std::int64_t const shaker[] = {4000, 4080, 3950, 4010, 3920, 4060, 4000, 3990, 4030, 3970};  // within +-2.5 %
  for (int h = 0; h < 10; ++h) d.hourly[8 + h] = shaker[h];
  auto ev = eval(capped(), d);
  ASSERT_EQ(ev.flags.size(), 1u);
  EXPECT_EQ(ev.flags[0].reason, flag_reason::flat_rhythm);
  EXPECT_TRUE(ev.held);
  EXPECT_TRUE(ev.awards.empty());
  d.approved = true;
  EXPECT_EQ(eval(capped(), d).total(), 10);
}

TEST(wellness_rules, flat_rhythm_needs_the_run_length_and_the_level) {
  auto d = day_of(28000);
  d.hourly.assign(24, 0);
  for (int h = 8; h < 15; ++h) d.hourly[h] = 4000;  // 7 hours: one short of 8
  EXPECT_TRUE(eval(capped(), d).flags.empty());
  for (int h = 8; h < 20; ++h) d.hourly[h] = 2000;  // 12 even hours but below 3,000/h: a steady job, not a shaker
  EXPECT_TRUE(eval(capped(), d).flags.empty());
  for (int h = 8; h < 20; ++h) d.hourly[h] = (h % 2) ? 3600 : 4400;  // above 3,000 but +-10 %
  EXPECT_TRUE(eval(capped(), d).flags.empty());
}

TEST(wellness_rules, plausible_active_day_not_flagged) {
  auto d = day_of(0);
  for (auto s : kActiveDay) d.steps += s;  // 40,500
  d.hourly = kActiveDay;
  auto ev = eval(capped(), d);
  EXPECT_TRUE(ev.flags.empty());
  EXPECT_FALSE(ev.held);
  EXPECT_EQ(ev.total(), 10);
}

TEST(wellness_rules, bad_days_rejected) {
  auto p = capped();
  auto neg = evaluate_day(p, day_of(-1));
  ASSERT_FALSE(neg.ok());
  EXPECT_EQ(neg.err().code, error_code::bad_request);
  auto d = day_of(100);
  d.hourly.assign(25, 4);
  EXPECT_FALSE(evaluate_day(p, d).ok());
  d.hourly.assign(3, -4);
  EXPECT_FALSE(evaluate_day(p, d).ok());
}

TEST(wellness_rules, events_respect_limits_and_caps) {
  auto p = make(R"({"id": "e", "caps": {"monthly": 30},
                    "events": {"qrCheckIn": {"points": 20, "perDay": 1, "perYear": 3}}})");
  event_upload e{event_kind::qr_check_in};
  auto ev = evaluate_event(p, e);
  ASSERT_EQ(ev.awards.size(), 1u);
  EXPECT_EQ(ev.awards[0].rule_id, "events.qrCheckIn");
  EXPECT_EQ(ev.total(), 20);
  e.earned_today = 1;
  EXPECT_EQ(evaluate_event(p, e).total(), 0);
  e = {event_kind::qr_check_in};
  e.earned_this_year = 3;
  EXPECT_EQ(evaluate_event(p, e).total(), 0);
  e = {event_kind::qr_check_in};
  e.points_this_month = 25;
  EXPECT_EQ(evaluate_event(p, e).total(), 5);
  auto none = evaluate_event(p, {event_kind::transit_ride});
  EXPECT_TRUE(none.awards.empty());
  EXPECT_NE(none.note.find("transitRide"), std::string::npos);
}

TEST(wellness_rules, eligibility) {
  auto p = make(R"({"id": "el", "eligibility": {"ageGroups": [{"min": 40, "max": 64}, {"min": 75}],
                    "wards": ["Chuo"]}})");
  EXPECT_TRUE(is_eligible(p, 40, "Chuo"));
  EXPECT_TRUE(is_eligible(p, 80, "Chuo"));
  EXPECT_FALSE(is_eligible(p, 70, "Chuo"));
  EXPECT_FALSE(is_eligible(p, 50, "Kita"));
  EXPECT_TRUE(is_eligible(make(R"({"id": "all"})"), 12, "anywhere"));
}

TEST(wellness_rules, late_upload_window) {
  auto p = make(R"({"id": "w"})");  // 42 days by default
  EXPECT_TRUE(*within_upload_window(p, "2026-01-01", "2026-02-12"));   // 42 days later
  EXPECT_FALSE(*within_upload_window(p, "2026-01-01", "2026-02-13"));  // 43
  EXPECT_FALSE(*within_upload_window(p, "2026-01-02", "2026-01-01"));  // the future
  auto bad = within_upload_window(p, "yesterday", "2026-01-01");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.err().code, error_code::bad_request);
}

}  // namespace
}  // namespace cityos::wellness
