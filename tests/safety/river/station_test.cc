// SPDX-License-Identifier: Apache-2.0
#include "safety/river/station.h"

#include <gtest/gtest.h>

#include "safety/river/level_names.h"
#include "safety/river/presets.h"

namespace cityos::safety::river {
namespace {

constexpr std::string_view kFull = R"({
  "id": "urn:ngsi-ld:WaterObserved:seto-01",
  "name": {"ja": "瀬戸川 藤枝", "en": "Setogawa, Fujieda"},
  "location": [138.2571, 34.8672],
  "utcOffsetMinutes": 540,
  "referenceLevels": {"standby": 1.1, "caution": 2.6, "evacuationJudgement": 3.0, "danger": 3.9, "bankHeight": 4.8},
  "observationStart": 0.8,
  "hysteresis": {"margin": 0.15, "holdMinutes": 45},
  "reporting": {"heartbeatMinutes": 720, "floodMinutes": 2, "missingFactor": 3},
  "health": {"maxRisePerMinute": 0.2, "jumpSettleReports": 4, "stuckReports": 20, "stuckMinutes": 240,
             "stuckTolerance": 0.001},
  "forecast": {"windowMinutes": 90, "minReadings": 8, "minSpanMinutes": 20, "horizonsMinutes": [15, 45, 120],
               "intervalZ": 1.96}
})";

TEST(river_station, parses_every_member) {
  auto s = parse_station_text(kFull);
  ASSERT_TRUE(s.ok()) << s.err().detail;
  EXPECT_EQ(s->id, "urn:ngsi-ld:WaterObserved:seto-01");
  EXPECT_EQ(s->name.ja, "瀬戸川 藤枝");
  EXPECT_EQ(s->name.en, "Setogawa, Fujieda");
  EXPECT_DOUBLE_EQ(s->longitude, 138.2571);
  EXPECT_DOUBLE_EQ(s->latitude, 34.8672);
  EXPECT_EQ(s->utc_offset_min, 540);
  EXPECT_EQ(s->threshold(1), 1.1);
  EXPECT_EQ(s->threshold(2), 2.6);
  EXPECT_EQ(s->threshold(3), 3.0);
  EXPECT_EQ(s->threshold(4), 3.9);
  EXPECT_EQ(s->threshold(5), 4.8);
  EXPECT_EQ(s->threshold(0), std::nullopt);
  EXPECT_EQ(s->threshold(6), std::nullopt);
  EXPECT_DOUBLE_EQ(s->observation_start_m, 0.8);
  EXPECT_DOUBLE_EQ(s->hold.margin_m, 0.15);
  EXPECT_EQ(s->hold.hold_ms, 45 * 60'000);
  EXPECT_EQ(s->report.heartbeat_ms, 720 * 60'000);
  EXPECT_EQ(s->report.flood_ms, 2 * 60'000);
  EXPECT_DOUBLE_EQ(s->report.missing_factor, 3);
  EXPECT_DOUBLE_EQ(s->health.max_rise_m_per_min, 0.2);
  EXPECT_EQ(s->health.jump_settle_reports, 4);
  EXPECT_EQ(s->health.stuck_reports, 20);
  EXPECT_EQ(s->health.stuck_ms, 240 * 60'000);
  EXPECT_DOUBLE_EQ(s->health.stuck_tolerance_m, 0.001);
  EXPECT_EQ(s->forecast.window_ms, 90 * 60'000);
  EXPECT_EQ(s->forecast.min_readings, 8);
  EXPECT_EQ(s->forecast.min_span_ms, 20 * 60'000);
  EXPECT_EQ(s->forecast.horizons_min, (std::vector<int>{15, 45, 120}));
  EXPECT_DOUBLE_EQ(s->forecast.interval_z, 1.96);
  EXPECT_EQ(s->expected_interval(0.79), 720 * 60'000);
  EXPECT_EQ(s->expected_interval(0.8), 2 * 60'000);
}

TEST(river_station, defaults_and_gaps) {
  auto s = parse_station_text(R"({"id": "g", "name": {"ja": "川", "en": "River"}, "location": [130, 33],
                                  "referenceLevels": {"caution": 2.0, "danger": 3.0}})");
  ASSERT_TRUE(s.ok()) << s.err().detail;
  EXPECT_FALSE(s->threshold(1));
  EXPECT_EQ(s->threshold(2), 2.0);
  EXPECT_FALSE(s->threshold(3));
  EXPECT_EQ(s->threshold(4), 3.0);
  EXPECT_DOUBLE_EQ(s->observation_start_m, 2.0);  // the lowest reference level
  EXPECT_DOUBLE_EQ(s->hold.margin_m, 0.10);
  EXPECT_EQ(s->hold.hold_ms, 30 * 60'000);
  EXPECT_EQ(s->report.heartbeat_ms, 24 * 3'600'000);
  EXPECT_EQ(s->report.flood_ms, 10 * 60'000);
  EXPECT_EQ(s->forecast.horizons_min, (std::vector<int>{30, 60, 90}));
  EXPECT_EQ(s->utc_offset_min, 540);
}

TEST(river_station, demo_presets_follow_the_standards_file) {
  ASSERT_EQ(station_preset_names().size(), 2u);
  auto fujieda = load_station_preset("fujieda_demo");
  ASSERT_TRUE(fujieda.ok()) << fujieda.err().detail;
  EXPECT_EQ(fujieda->id, "urn:ngsi-ld:FloodMonitoring:jp-222143-demo-01");
  EXPECT_EQ(fujieda->threshold(4), 2.60);  // 危険水位
  EXPECT_FALSE(fujieda->threshold(1));
  EXPECT_DOUBLE_EQ(fujieda->observation_start_m, 1.20);
  EXPECT_EQ(fujieda->report.flood_ms, 5 * 60'000);
  EXPECT_EQ(fujieda->report.heartbeat_ms, 24 * 3'600'000);
  EXPECT_DOUBLE_EQ(fujieda->longitude, 138.2338);
  auto masuda = load_station_preset("masuda_demo");
  ASSERT_TRUE(masuda.ok()) << masuda.err().detail;
  EXPECT_EQ(masuda->id, "urn:ngsi-ld:FloodMonitoring:jp-322041-demo-01");
  EXPECT_EQ(masuda->threshold(1), 1.50);
  EXPECT_EQ(masuda->threshold(2), 2.30);
  EXPECT_EQ(masuda->threshold(3), 3.00);
  EXPECT_EQ(masuda->threshold(4), 3.50);
  EXPECT_FALSE(masuda->threshold(5));
  EXPECT_DOUBLE_EQ(masuda->observation_start_m, 1.50);
  auto unknown = load_station_preset("nowhere");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.err().code, error_code::not_found);
}

TEST(river_station, level_name_presets) {
  ASSERT_EQ(level_names_preset_names().size(), 2u);
  for (auto name : level_names_preset_names()) {
    auto n = load_level_names_preset(name);
    ASSERT_TRUE(n.ok()) << name << ": " << n.err().detail;
    for (int l = 1; l <= kDangerLevels; ++l) EXPECT_FALSE(n->of(l).alert.ja.empty()) << name << " " << l;
  }
  auto now = load_level_names_preset("jma_2026");
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->edition, "jma-2026");
  EXPECT_EQ(now->of(4).reference.ja, "氾濫危険水位");
  EXPECT_EQ(now->of(4).alert.ja, "レベル4氾濫危険警報");
  auto before = load_level_names_preset("jma_2021");
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->of(4).alert.ja, "氾濫危険情報（警戒レベル4相当）");
  EXPECT_EQ(load_level_names_preset("jma_1999").err().code, error_code::not_found);
}

struct bad_case {
  std::string_view doc;
  std::string_view message;
};

TEST(river_station, errors_name_the_member) {
  std::vector<bad_case> const cases = {
      {R"({"id": "g", "name": {"ja": "川", "en": "River"}, "location": [130, 33]})", "referenceLevels is required"},
      {R"({"referenceLevels": {"danger": 3}, "name": {"ja": "a", "en": "b"}, "location": [1, 2]})", "id is required"},
      {R"({"id": "g", "location": [1, 2], "referenceLevels": {"danger": 3}})", "name is required"},
      {R"({"id": "g", "name": {"ja": "川"}, "location": [1, 2], "referenceLevels": {"danger": 3}})",
       "name needs ja and en"},
      {R"({"id": "g", "name": {"ja": "川", "en": "R"}, "location": [1], "referenceLevels": {"danger": 3}})",
       "location must be [longitude, latitude]"},
      {R"({"id": "g", "name": {"ja": "川", "en": "R"}, "location": [200, 2], "referenceLevels": {"danger": 3}})",
       "location must be [longitude, latitude] within"},
      {R"({"id": "g", "name": {"ja": "川", "en": "R"}, "location": [1, 2], "referenceLevels": {}})",
       "referenceLevels needs at least one of"},
      {R"({"id": "g", "name": {"ja": "川", "en": "R"}, "location": [1, 2],
           "referenceLevels": {"standby": 2.0, "caution": 1.9}})",
       "referenceLevels.caution must be above referenceLevels.standby"},
      {R"({"id": "g", "name": {"ja": "川", "en": "R"}, "location": [1, 2],
           "referenceLevels": {"standby": 1.0, "danger": 0.5}})",
       "referenceLevels.danger must be above referenceLevels.standby"},
      {R"({"id": "g", "name": {"ja": "川", "en": "R"}, "location": [1, 2], "referenceLevels": {"flood": 3}})",
       "referenceLevels.flood is not a known member"},
      {R"({"id": "g", "name": {"ja": "川", "en": "R"}, "location": [1, 2], "referenceLevels": {"danger": "3"}})",
       "referenceLevels.danger must be a number"},
      {R"({"id": "g", "name": {"ja": "川", "en": "R"}, "location": [1, 2], "referenceLevels": {"danger": 3},
           "hysteresis": {"margin": -0.1}})",
       "hysteresis.margin must be a number from 0 to 10"},
      {R"({"id": "g", "name": {"ja": "川", "en": "R"}, "location": [1, 2], "referenceLevels": {"danger": 3},
           "hysteresis": {"holdMinutes": 1.5}})",
       "hysteresis.holdMinutes must be an integer"},
      {R"({"id": "g", "name": {"ja": "川", "en": "R"}, "location": [1, 2], "referenceLevels": {"danger": 3},
           "reporting": {"heartbeatMinutes": 5, "floodMinutes": 10}})",
       "reporting.floodMinutes must not exceed heartbeatMinutes"},
      {R"({"id": "g", "name": {"ja": "川", "en": "R"}, "location": [1, 2], "referenceLevels": {"danger": 3},
           "health": {"jumpSettleReports": 1}})",
       "health.jumpSettleReports must be 0 (off) or from 2 to 100"},
      {R"({"id": "g", "name": {"ja": "川", "en": "R"}, "location": [1, 2], "referenceLevels": {"danger": 3},
           "forecast": {"horizonsMinutes": [60, 30]}})",
       "forecast.horizonsMinutes must be ascending, strictly"},
      {R"({"id": "g", "name": {"ja": "川", "en": "R"}, "location": [1, 2], "referenceLevels": {"danger": 3},
           "forecast": {"windowMinutes": 10, "minSpanMinutes": 20}})",
       "forecast.minSpanMinutes must not exceed windowMinutes"},
      {R"({"id": "g", "name": {"ja": "川", "en": "R"}, "location": [1, 2], "referenceLevels": {"danger": 3},
           "colour": "blue"})",
       "colour is not a known member"},
      {R"([1, 2])", "a station must be a JSON object"},
  };
  for (auto const& c : cases) {
    auto s = parse_station_text(c.doc);
    ASSERT_FALSE(s.ok()) << c.doc;
    EXPECT_EQ(s.err().code, error_code::bad_request) << c.doc;
    EXPECT_NE(s.err().detail.find(c.message), std::string::npos) << s.err().detail << " / wanted: " << c.message;
  }
  auto not_json = parse_station_text("{");
  ASSERT_FALSE(not_json.ok());
  EXPECT_EQ(not_json.err().code, error_code::invalid_request);
}

TEST(river_station, level_name_errors) {
  auto missing = parse_level_names_text(R"({"edition": "x", "levels": [
    {"level": 1, "reference": {"ja": "a", "en": "a"}, "alert": {"ja": "a", "en": "a"}, "action": {"ja": "a", "en": "a"}}]})");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.err().detail, "levels needs level 2");
  auto repeated = parse_level_names_text(R"({"edition": "x", "levels": [
    {"level": 1, "reference": {"ja": "a", "en": "a"}, "alert": {"ja": "a", "en": "a"}, "action": {"ja": "a", "en": "a"}},
    {"level": 1, "reference": {"ja": "a", "en": "a"}, "alert": {"ja": "a", "en": "a"}, "action": {"ja": "a", "en": "a"}}]})");
  ASSERT_FALSE(repeated.ok());
  EXPECT_EQ(repeated.err().detail, "levels[1].level repeats level 1");
  auto no_en = parse_level_names_text(R"({"edition": "x", "levels": [
    {"level": 1, "reference": {"ja": "a"}, "alert": {"ja": "a", "en": "a"}, "action": {"ja": "a", "en": "a"}}]})");
  ASSERT_FALSE(no_en.ok());
  EXPECT_EQ(no_en.err().detail, "levels[0].reference needs ja and en");
  auto bad_level = parse_level_names_text(R"({"edition": "x", "levels": [{"level": 6}]})");
  ASSERT_FALSE(bad_level.ok());
  EXPECT_EQ(bad_level.err().detail, "levels[0].level must be an integer from 1 to 5");
  auto no_edition = parse_level_names_text(R"({"levels": []})");
  ASSERT_FALSE(no_edition.ok());
  EXPECT_EQ(no_edition.err().detail, "edition is required");
}

}  // namespace
}  // namespace cityos::safety::river
