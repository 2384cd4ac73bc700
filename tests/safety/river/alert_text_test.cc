// SPDX-License-Identifier: Apache-2.0
#include "safety/river/alert_text.h"

#include <gtest/gtest.h>

#include "ngsild/entity/entity_input.h"
#include "ngsild/jsonld/context.h"
#include "safety/river/presets.h"
#include "synthetic.h"

namespace cityos::safety::river {
namespace {

using test::kMinute;
using test::kT0;

struct fixture {
  station masuda = *load_station_preset("masuda_demo");
  station five = test::five_level_station();
  level_names names = *load_level_names_preset("jma_2026");
};

std::string value_of(json::object const& e, std::string_view attr) {
  return std::string(e.at(attr).as_object().at("value").as_string());
}

std::string lang(json::object const& e, std::string_view attr, std::string_view l) {
  return std::string(e.at(attr).as_object().at("languageMap").as_object().at(l).as_string());
}

std::string date_of(json::object const& e, std::string_view attr) {
  return std::string(e.at(attr).as_object().at("value").as_object().at("@value").as_string());
}

bool has(std::string const& text, std::string_view part) { return text.find(part) != std::string::npos; }

TEST(river_alert_text, entering_a_level_is_a_smart_data_models_alert) {
  fixture f;
  auto const e = event_of(level_change{3, 4, kT0 + 30 * kMinute, 3.52});
  EXPECT_EQ(e.kind, alert_kind::level_entered);
  auto const a = alert_entity(f.masuda, f.names, e, kT0 + 31 * kMinute);
  EXPECT_EQ(a.at("id").as_string(), "urn:ngsi-ld:Alert:river:FloodMonitoring:jp-322041-demo-01:levelEntered:4:" +
                                        std::to_string(kT0 + 31 * kMinute));
  EXPECT_EQ(a.at("type").as_string(), "Alert");
  EXPECT_EQ(value_of(a, "category"), "naturalDisaster");
  EXPECT_EQ(value_of(a, "subCategory"), "floodRisk");
  EXPECT_EQ(value_of(a, "severity"), "high");
  EXPECT_EQ(value_of(a, "riverAlertKind"), "levelEntered");
  EXPECT_EQ(a.at("dangerLevel").as_object().at("value").as_int64(), 4);
  EXPECT_DOUBLE_EQ(a.at("waterLevel").as_object().at("value").as_double(), 3.52);
  EXPECT_EQ(a.at("waterLevel").as_object().at("unitCode").as_string(), "MTR");
  EXPECT_EQ(lang(a, "name", "ja"), "レベル4氾濫危険警報");
  EXPECT_EQ(lang(a, "description", "ja"),
            "(デモ) 益田市 河川Bの水位が氾濫危険水位（3.50 m）に達しました（現在 3.52 m）。"
            "レベル4氾濫危険警報：危険な場所から全員避難してください。");
  EXPECT_EQ(lang(a, "description", "en"),
            "(demo) Masuda river B: the water level has reached the flood danger level (3.50 m); now 3.52 m. "
            "Level 4 flood danger warning: Everyone: evacuate from dangerous places.");
  EXPECT_EQ(a.at("alertSource").as_object().at("type").as_string(), "Relationship");
  EXPECT_EQ(a.at("alertSource").as_object().at("object").as_string(), f.masuda.id);
  EXPECT_EQ(date_of(a, "validFrom"), "2026-11-26T00:30:00.000Z");
  EXPECT_EQ(date_of(a, "dateIssued"), "2026-11-26T00:31:00.000Z");
  EXPECT_FALSE(a.contains("validTo"));  // open until the danger ends
  auto const& coords = a.at("location").as_object().at("value").as_object().at("coordinates").as_array();
  EXPECT_DOUBLE_EQ(coords[0].as_double(), 131.9442);
  EXPECT_EQ(a.at("@context").as_array().size(), 2u);
}

TEST(river_alert_text, names_come_from_the_configuration) {
  fixture f;
  auto const old = *load_level_names_preset("jma_2021");
  auto const e = event_of(level_change{1, 2, kT0, 2.31});
  auto const a = alert_entity(f.masuda, old, e, kT0);
  EXPECT_TRUE(has(lang(a, "description", "ja"), "氾濫注意情報（警戒レベル2相当）")) << lang(a, "description", "ja");
  auto renamed = f.names;
  renamed.levels[1].alert = {"レベル2テスト注意報", "Level 2 test advisory"};
  auto const b = alert_entity(f.masuda, renamed, e, kT0);
  EXPECT_EQ(lang(b, "name", "ja"), "レベル2テスト注意報");
  EXPECT_TRUE(has(lang(b, "description", "en"), "Level 2 test advisory")) << lang(b, "description", "en");
  EXPECT_EQ(value_of(b, "severity"), "low");
}

TEST(river_alert_text, flooding_is_critical) {
  fixture f;
  auto const a = alert_entity(f.five, f.names, event_of(level_change{4, 5, kT0, 4.25}), kT0);
  EXPECT_EQ(value_of(a, "subCategory"), "flood");
  EXPECT_EQ(value_of(a, "severity"), "critical");
  EXPECT_EQ(lang(a, "name", "ja"), "レベル5氾濫特別警報");
}

TEST(river_alert_text, a_predicted_crossing_says_when_in_local_time) {
  fixture f;
  predicted_crossing const c{3, 3.0, kT0 + (5 * 60 + 30) * kMinute};  // 05:30Z = 14:30 JST
  auto const e = event_of(c, 2.61);
  EXPECT_EQ(e.kind, alert_kind::crossing_predicted);
  auto const a = alert_entity(f.masuda, f.names, e, kT0 + 4 * 60 * kMinute);
  EXPECT_EQ(value_of(a, "riverAlertKind"), "crossingPredicted");
  EXPECT_EQ(value_of(a, "severity"), "medium");
  EXPECT_EQ(lang(a, "name", "ja"), "レベル3氾濫警報（予測）");
  EXPECT_EQ(lang(a, "name", "en"), "Level 3 flood warning (predicted)");
  EXPECT_EQ(lang(a, "description", "ja"),
            "(デモ) 益田市 河川Bの水位が上昇中です（現在 2.61 m）。14:30ごろ避難判断水位（3.00 m）に達する予測です"
            "（レベル3氾濫警報の基準）。高齢者等は危険な場所から避難してください。");
  EXPECT_TRUE(has(lang(a, "description", "en"), "at about 14:30 (UTC+9)")) << lang(a, "description", "en");
  EXPECT_EQ(date_of(a, "validFrom"), "2026-11-26T04:00:00.000Z");
  EXPECT_EQ(date_of(a, "validTo"), "2026-11-26T05:30:00.000Z");
}

TEST(river_alert_text, a_routed_prediction_says_what_predicted_it) {
  fixture f;
  auto e = event_of(predicted_crossing{3, 3.0, kT0 + 60 * kMinute}, 2.0);
  auto const plain = alert_entity(f.masuda, f.names, e, kT0);
  EXPECT_FALSE(plain.contains("predictionBasis"));  // a station without links says nothing
  e.basis = {"upstreamGauges", "rainfall"};
  e.upstream = {{"urn:ngsi-ld:WaterObserved:up", {"上流", "Upstream"}}};
  auto const a = alert_entity(f.masuda, f.names, e, kT0);
  EXPECT_EQ(a.at("predictionBasis").at("value").as_array(), (json::array{"upstreamGauges", "rainfall"}));
  EXPECT_EQ(a.at("upstreamStations").at("value").as_array(), (json::array{"urn:ngsi-ld:WaterObserved:up"}));
  EXPECT_EQ(lang(a, "description", "en"),
            lang(plain, "description", "en") +
                " Predicted from the upstream gauge(s) Upstream. Predicted from the rain over the catchment.");
  EXPECT_EQ(lang(a, "description", "ja"),
            lang(plain, "description", "ja") + "上流の水位計（上流）の水位から予測。流域の降雨から予測。");
}

TEST(river_alert_text, dropping_names_the_level_left_and_ending_closes) {
  fixture f;
  auto const down = event_of(level_change{4, 2, kT0 + 90 * kMinute, 2.7});
  EXPECT_EQ(down.kind, alert_kind::level_dropped);
  auto const a = alert_entity(f.masuda, f.names, down, kT0 + 90 * kMinute);
  EXPECT_EQ(
      lang(a, "description", "ja"),
      "(デモ) 益田市 河川Bの水位が避難判断水位を下回りました（現在 2.70 m）。引き続きレベル2氾濫注意報の段階です："
      "自らの避難行動を確認してください。");
  EXPECT_FALSE(a.contains("validTo"));
  EXPECT_EQ(value_of(a, "severity"), "low");
  auto const over = alert_entity(f.masuda, f.names, event_of(level_change{1, 0, kT0 + 200 * kMinute, 1.2}), kT0);
  EXPECT_EQ(lang(over, "name", "en"), "Flood danger ended");
  EXPECT_TRUE(has(lang(over, "description", "en"),
                  "fallen below the flood-fighting standby level and the flood "
                  "danger has ended; now 1.20 m"))
      << lang(over, "description", "en");
  EXPECT_EQ(date_of(over, "validTo"), "2026-11-26T03:20:00.000Z");
  EXPECT_EQ(value_of(over, "severity"), "informational");
}

TEST(river_alert_text, a_device_fault_says_the_gauge_alone_decides_nothing) {
  fixture f;
  health_event const h{fault_kind::stuck_value, true, kT0 + 10 * kMinute, "value stuck at 2.40 m for 12 reports"};
  auto const e = event_of(h, 2.4);
  auto const a = alert_entity(f.masuda, f.names, e, kT0 + 10 * kMinute);
  EXPECT_EQ(value_of(a, "riverAlertKind"), "deviceFault");
  EXPECT_EQ(value_of(a, "faultKind"), "stuckValue");
  EXPECT_EQ(value_of(a, "severity"), "low");
  EXPECT_FALSE(a.contains("dangerLevel"));
  EXPECT_EQ(lang(a, "name", "ja"), "水位計の異常");
  EXPECT_TRUE(has(lang(a, "description", "ja"), "（値の固着）")) << lang(a, "description", "ja");
  EXPECT_TRUE(has(lang(a, "description", "en"), "(stuck value: value stuck at 2.40 m for 12 reports)"))
      << lang(a, "description", "en");
  EXPECT_EQ(date_of(a, "validFrom"), "2026-11-26T00:10:00.000Z");
  EXPECT_NE(
      a.at("id").as_string(),
      alert_entity(f.masuda, f.names, event_of(level_change{0, 1, kT0, 1.6}), kT0 + 10 * kMinute).at("id").as_string());
}

// Every kind of alert is a valid NGSI-LD entity as the broker's input validation sees it.
TEST(river_alert_text, every_alert_passes_ngsi_ld_validation) {
  fixture f;
  std::vector<river_event> const events = {
      event_of(level_change{0, 1, kT0, 1.6}),
      event_of(level_change{4, 5, kT0, 4.3}),
      event_of(level_change{2, 0, kT0, 1.0}),
      event_of(predicted_crossing{4, 3.5, kT0 + 40 * kMinute}, 3.1),
      event_of(health_event{fault_kind::missing_reports, true, kT0, "no report for 25 min"}, 2.0),
  };
  for (auto const& e : events) {
    auto const a = alert_entity(f.five, f.names, e, kT0);
    auto expanded = ngsild::expand_entity(a, *ngsild::context::core());
    EXPECT_TRUE(expanded.ok()) << alert_kind_name(e.kind) << ": " << expanded.err().detail;
  }
}

}  // namespace
}  // namespace cityos::safety::river
