// SPDX-License-Identifier: Apache-2.0
// KPIs of a programme from a small population whose numbers are worked out by hand
// in the comments, and their API JSON and KeyPerformanceIndicator entities.
#include "wellness/points/kpis.h"

#include <set>

#include <gtest/gtest.h>

#include "ngsild/entity/entity_input.h"

namespace cityos::wellness {
namespace {

programme parse(std::string_view text) {
  auto p = parse_programme_text(text);
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.err().detail);
  return p.ok() ? *p : programme{};
}

// Baseline 2 days, 100 steps a minute, target +20 minutes.
programme demo() { return parse(R"({"id": "demo", "name": "Demo", "kpi": {"baselineDays": 2}})"); }

// 100 steps a minute throughout. Period 2026-06-03 .. 2026-06-05 unless a test says otherwise.
// - Alice, 70, Chuo: 06-01 2,000 (20 min), 06-02 4,000 (40) = baseline 30;
//   06-03 5,000 (50), 06-04 7,000 (70); 06-06 9,000 lies after the period.
//   Period: 2 days, 6,000 steps, 60 min; change 60 - 30 = +30.
// - Bob, 80, Chuo: 06-03 10,800 steps with hourly 9,000 / 1,200 / 600 = 60 + 12 + 6 = 78 min
//   (the day total alone would give 108). Only 1 day: no full baseline.
// - Chika, 45, Kita: 06-02 1,000 (10), 06-03 3,000 (30) = baseline 20; 06-05 6,000 (60).
//   Period: 06-03 and 06-05, 4,500 steps, 45 min; after the baseline only 06-05: change 60 - 20 = +40.
// - Dan, 30, no ward: only 06-10, after the period: not a participant.
// - Eve, 66, Kita: only May: not a participant.
std::vector<kpi_participant> population() {
  return {
      {"alice", 70, "Chuo", {{"2026-06-01", 2000, {}}, {"2026-06-02", 4000, {}}, {"2026-06-03", 5000, {}},
                             {"2026-06-04", 7000, {}}, {"2026-06-06", 9000, {}}}},
      {"bob", 80, "Chuo", {{"2026-06-03", 10800, {9000, 1200, 600}}}},
      {"chika", 45, "Kita", {{"2026-06-02", 1000, {}}, {"2026-06-03", 3000, {}}, {"2026-06-05", 6000, {}}}},
      {"dan", 30, "", {{"2026-06-10", 8000, {}}}},
      {"eve", 66, "Kita", {{"2026-05-01", 4000, {}}, {"2026-05-02", 4000, {}}}},
  };
}

kpi_group const* find(kpi_report const& r, std::string_view ward, std::string_view age) {
  for (auto const& g : r.groups)
    if (g.ward == ward && g.age_group == age) return &g;
  return nullptr;
}

TEST(wellness_kpis, walking_minutes_with_and_without_hourly_samples) {
  std::vector<std::int64_t> const none;
  EXPECT_DOUBLE_EQ(walking_minutes(2500, none, 100), 25);
  EXPECT_DOUBLE_EQ(walking_minutes(200000, none, 100), 1440);  // at most a day
  EXPECT_DOUBLE_EQ(walking_minutes(-5, none, 100), 0);
  EXPECT_DOUBLE_EQ(walking_minutes(2500, none, 0), 0);
  // 12,000 in an hour is 120 min of cadence but only 60 min of clock; 3,000 -> 30; negative -> 0.
  std::vector<std::int64_t> const hourly = {12000, 3000, -5};
  EXPECT_DOUBLE_EQ(walking_minutes(15000, hourly, 100), 90);
  EXPECT_DOUBLE_EQ(walking_minutes(15000, hourly, 120), 60 + 25);
  std::vector<std::int64_t> const too_many(30, 12000);
  EXPECT_DOUBLE_EQ(walking_minutes(360000, too_many, 100), 1440);
}

TEST(wellness_kpis, everyone_with_baseline_and_change) {
  auto const people = population();
  auto r = compute_kpis(demo(), people, "2026-06-03", "2026-06-05");
  EXPECT_EQ(r.from, "2026-06-03");
  EXPECT_EQ(r.to, "2026-06-05");
  ASSERT_FALSE(r.groups.empty());
  auto const& all = r.groups[0];
  EXPECT_EQ(all.ward, "");
  EXPECT_EQ(all.age_group, "");
  EXPECT_EQ(all.participants, 3u);            // alice, bob, chika
  EXPECT_EQ(all.person_days, 5u);             // 2 + 1 + 2
  EXPECT_DOUBLE_EQ(all.avg_daily_steps, 7100);      // (6,000 + 10,800 + 4,500) / 3
  EXPECT_DOUBLE_EQ(all.avg_walking_minutes, 61);    // (60 + 78 + 45) / 3
  EXPECT_DOUBLE_EQ(all.baseline_minutes.value(), 25);  // (30 + 20) / 2: alice and chika
  EXPECT_DOUBLE_EQ(all.change_minutes.value(), 35);    // (30 + 40) / 2
  EXPECT_DOUBLE_EQ(all.target_minutes, 20);
}

TEST(wellness_kpis, groups_by_ward_age_and_both_in_order) {
  auto const people = population();
  auto r = compute_kpis(demo(), people, "2026-06-03", "2026-06-05");
  // Nobody aged 0-39 takes part (dan is outside the period), so that group is left out.
  std::vector<std::pair<std::string, std::string>> order;
  for (auto const& g : r.groups) order.emplace_back(g.ward, g.age_group);
  EXPECT_EQ(order, (std::vector<std::pair<std::string, std::string>>{{"", ""},
                                                                    {"Chuo", ""},
                                                                    {"Kita", ""},
                                                                    {"", "40-64"},
                                                                    {"", "65-74"},
                                                                    {"", "75+"},
                                                                    {"Chuo", "65-74"},
                                                                    {"Chuo", "75+"},
                                                                    {"Kita", "40-64"}}));
  auto const* chuo = find(r, "Chuo", "");  // alice and bob
  ASSERT_TRUE(chuo);
  EXPECT_EQ(chuo->participants, 2u);
  EXPECT_EQ(chuo->person_days, 3u);
  EXPECT_DOUBLE_EQ(chuo->avg_daily_steps, 8400);   // (6,000 + 10,800) / 2
  EXPECT_DOUBLE_EQ(chuo->avg_walking_minutes, 69);  // (60 + 78) / 2
  EXPECT_DOUBLE_EQ(chuo->baseline_minutes.value(), 30);  // alice only
  EXPECT_DOUBLE_EQ(chuo->change_minutes.value(), 30);
  auto const* kita = find(r, "Kita", "");  // chika (eve has no day in the period)
  ASSERT_TRUE(kita);
  EXPECT_EQ(kita->participants, 1u);
  EXPECT_DOUBLE_EQ(kita->avg_walking_minutes, 45);
  EXPECT_DOUBLE_EQ(kita->change_minutes.value(), 40);
  auto const* old = find(r, "", "75+");  // bob: no baseline
  ASSERT_TRUE(old);
  EXPECT_DOUBLE_EQ(old->avg_walking_minutes, 78);
  EXPECT_FALSE(old->baseline_minutes);
  EXPECT_FALSE(old->change_minutes);
  auto const* chuo_65 = find(r, "Chuo", "65-74");
  ASSERT_TRUE(chuo_65);
  EXPECT_EQ(chuo_65->participants, 1u);
  EXPECT_DOUBLE_EQ(chuo_65->avg_daily_steps, 6000);
}

TEST(wellness_kpis, programme_age_groups_and_baseline_rule_win) {
  auto const p = parse(R"({"id": "demo", "kpi": {"baselineDays": 2, "targetMinutes": 15},
    "steps": {"baselineIncrease": {"baselineDays": 1}},
    "eligibility": {"ageGroups": [{"min": 40, "max": 64}, {"min": 65}]}})");
  auto const people = population();
  auto r = compute_kpis(p, people, "2026-06-03", "2026-06-05");
  // Baseline = the first day: alice 20 (then 50, 70: change +40); chika 10 (then 30, 60: +35);
  // bob's only day is his baseline day, so he has no day after it.
  EXPECT_DOUBLE_EQ(r.groups[0].baseline_minutes.value(), 15);  // (20 + 10) / 2
  EXPECT_DOUBLE_EQ(r.groups[0].change_minutes.value(), 37.5);  // (40 + 35) / 2
  EXPECT_DOUBLE_EQ(r.groups[0].target_minutes, 15);
  auto const* older = find(r, "", "65+");  // alice and bob
  ASSERT_TRUE(older);
  EXPECT_EQ(older->participants, 2u);
  EXPECT_FALSE(find(r, "", "65-74"));
  EXPECT_TRUE(find(r, "Kita", "40-64"));
}

TEST(wellness_kpis, period_limits_are_inclusive_and_outside_days_do_not_count) {
  auto const people = population();
  // One day: only alice walked on 06-04 (7,000 steps, 70 min; baseline 30 -> +40).
  auto r = compute_kpis(demo(), people, "2026-06-04", "2026-06-04");
  EXPECT_EQ(r.groups[0].participants, 1u);
  EXPECT_EQ(r.groups[0].person_days, 1u);
  EXPECT_DOUBLE_EQ(r.groups[0].avg_daily_steps, 7000);
  EXPECT_DOUBLE_EQ(r.groups[0].change_minutes.value(), 40);
  // The whole of June: dan's 06-10 counts; alice's 06-06 counts (5 days: 27,000 steps).
  r = compute_kpis(demo(), people, "2026-06-01", "2026-06-30");
  EXPECT_EQ(r.groups[0].participants, 4u);
  auto const* dan = find(r, "", "0-39");
  ASSERT_TRUE(dan);
  EXPECT_DOUBLE_EQ(dan->avg_daily_steps, 8000);
  auto const* alice = find(r, "Chuo", "65-74");
  ASSERT_TRUE(alice);
  EXPECT_EQ(alice->person_days, 5u);
  EXPECT_DOUBLE_EQ(alice->avg_daily_steps, 5400);
  // After the baseline: 50, 70, 90 -> 70; change 70 - 30.
  EXPECT_DOUBLE_EQ(alice->change_minutes.value(), 40);
  // An empty period: only the everyone group, with nobody in it.
  r = compute_kpis(demo(), people, "2026-07-01", "2026-06-01");
  ASSERT_EQ(r.groups.size(), 1u);
  EXPECT_EQ(r.groups[0].participants, 0u);
  EXPECT_DOUBLE_EQ(r.groups[0].avg_daily_steps, 0);
  EXPECT_FALSE(r.groups[0].change_minutes);
}

TEST(wellness_kpis, api_json) {
  auto const people = population();
  auto r = compute_kpis(demo(), people, "2026-06-03", "2026-06-05");
  auto j = kpi_json(r);
  EXPECT_EQ(j.at("from"), "2026-06-03");
  auto const& groups = j.at("groups").as_array();
  ASSERT_EQ(groups.size(), r.groups.size());
  EXPECT_EQ(dump(groups[0]), R"({"ward":null,"ageGroup":null,"participants":3,"personDays":5,"avgDailySteps":7100,)"
                             R"("avgWalkingMinutes":61,"baselineMinutes":25,"changeMinutes":35,"targetMinutes":20})");
  EXPECT_EQ(dump(groups[5]),
            R"({"ward":null,"ageGroup":"75+","participants":1,"personDays":1,"avgDailySteps":10800,)"
            R"("avgWalkingMinutes":78,"baselineMinutes":null,"changeMinutes":null,"targetMinutes":20})");
}

TEST(wellness_kpis, entities_have_stable_ids_and_the_kpi_shape) {
  auto const people = population();
  auto const p = demo();
  auto r = compute_kpis(p, people, "2026-06-03", "2026-06-05");
  auto entities = kpi_entities(r, p, "2026-06-06T00:00:00Z");
  // 9 groups x 3 measures, plus change-minutes for the 7 groups with a baseline (not 75+ nor Chuo 75+).
  ASSERT_EQ(entities.size(), 34u);
  std::set<std::string> ids;
  for (auto const& e : entities) ids.insert(std::string(e.at("id").as_string()));
  EXPECT_EQ(ids.size(), entities.size());
  std::string const prefix = "urn:ngsi-ld:KeyPerformanceIndicator:healthpoints-demo-";
  for (auto id : {"walking-minutes-all", "daily-steps-ward-Chuo", "participants-age-75plus",
                  "change-minutes-ward-Kita-age-40-64", "participants-ward-Chuo-age-75plus"})
    EXPECT_TRUE(ids.contains(prefix + id)) << id;
  EXPECT_FALSE(ids.contains(prefix + "change-minutes-age-75plus"));

  auto const& first = entities[0].as_object();
  EXPECT_EQ(first.at("id").as_string(), prefix + "walking-minutes-all");
  EXPECT_EQ(first.at("type"), "KeyPerformanceIndicator");
  EXPECT_EQ(dump(first.at("kpiValue")), R"({"type":"Property","value":61})");
  EXPECT_EQ(dump(first.at("calculationPeriod")),
            R"({"type":"Property","value":{"from":"2026-06-03","to":"2026-06-05"}})");
  EXPECT_EQ(dump(first.at("category")), R"({"type":"Property","value":["quantitative"]})");
  EXPECT_EQ(dump(first.at("dateModified")),
            R"({"type":"Property","value":{"@type":"DateTime","@value":"2026-06-06T00:00:00Z"}})");
  EXPECT_EQ(first.at("name").at("value"), "Demo: average walking minutes a day (everyone)");
  EXPECT_TRUE(first.contains("process"));
  EXPECT_FALSE(first.contains("area"));
  EXPECT_FALSE(first.contains("@context"));

  for (auto const& v : entities) {
    auto const& e = v.as_object();
    if (e.at("id").as_string() != prefix + "change-minutes-ward-Chuo-age-65-74") continue;
    EXPECT_EQ(dump(e.at("kpiValue")), R"({"type":"Property","value":30})");
    EXPECT_EQ(dump(e.at("kpiTarget")), R"({"type":"Property","value":20})");
    EXPECT_EQ(e.at("area").at("value"), "Chuo");
    EXPECT_EQ(e.at("ageGroup").at("value"), "65-74");
  }
  // Every entity is valid NGSI-LD input for the broker (core context).
  auto const& ctx = *ngsild::context::core();
  for (auto const& e : entities) {
    auto expanded = ngsild::expand_entity(e.as_object(), ctx);
    EXPECT_TRUE(expanded.ok()) << dump(e) << ": " << (expanded.ok() ? "" : expanded.err().detail);
  }
}

TEST(wellness_kpis, ids_are_ascii_and_distinct_for_any_ward_name) {
  auto const p = parse(R"({"id": "city 1"})");
  std::vector<kpi_participant> people = {{"a", 50, "中央", {{"2026-06-03", 1000, {}}}},
                                         {"b", 50, "Kita ku", {{"2026-06-03", 1000, {}}}},
                                         {"c", 50, "Kita_ku", {{"2026-06-03", 1000, {}}}}};
  auto entities = kpi_entities(compute_kpis(p, people, "2026-06-01", "2026-06-30"), p, "2026-06-06T00:00:00Z");
  std::set<std::string> ids;
  for (auto const& e : entities) ids.insert(std::string(e.at("id").as_string()));
  std::string const prefix = "urn:ngsi-ld:KeyPerformanceIndicator:healthpoints-city_201-participants-";
  EXPECT_TRUE(ids.contains(prefix + "ward-_E4_B8_AD_E5_A4_AE")) << *ids.begin();
  EXPECT_TRUE(ids.contains(prefix + "ward-Kita_20ku"));
  EXPECT_TRUE(ids.contains(prefix + "ward-Kita_5Fku"));
}

TEST(wellness_kpis, kpi_settings_parse_with_defaults) {
  auto const defaults = parse(R"({"id": "x"})");
  EXPECT_DOUBLE_EQ(defaults.kpi.target_minutes, 20);
  EXPECT_DOUBLE_EQ(defaults.kpi.steps_per_minute, 100);
  EXPECT_EQ(defaults.kpi.baseline_days, 14);
  auto const set = parse(R"({"id": "x", "kpi": {"targetMinutes": 30, "stepsPerMinute": 110.5, "baselineDays": 7}})");
  EXPECT_DOUBLE_EQ(set.kpi.target_minutes, 30);
  EXPECT_DOUBLE_EQ(set.kpi.steps_per_minute, 110.5);
  EXPECT_EQ(set.kpi.baseline_days, 7);
  for (auto [text, detail] : std::vector<std::pair<std::string_view, std::string_view>>{
           {R"({"id": "x", "kpi": {"stepsPerMinute": 0}})", "kpi.stepsPerMinute must be a number from 1 to 1000"},
           {R"({"id": "x", "kpi": {"targetMinutes": -1}})", "kpi.targetMinutes"},
           {R"({"id": "x", "kpi": {"baselineDays": 0}})", "kpi.baselineDays"},
           {R"({"id": "x", "kpi": {"target": 20}})", "kpi.target"},
           {R"({"id": "x", "kpi": 20})", "kpi"}}) {
    auto bad = parse_programme_text(text);
    ASSERT_FALSE(bad.ok()) << text;
    EXPECT_EQ(bad.err().code, error_code::bad_request);
    EXPECT_NE(bad.err().detail.find(detail), std::string::npos) << bad.err().detail;
  }
}

}  // namespace
}  // namespace cityos::wellness
