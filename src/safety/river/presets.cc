// SPDX-License-Identifier: Apache-2.0
#include "safety/river/presets.h"

#include <array>
#include <string>

namespace cityos::safety::river {

namespace {

// (demo) Fujieda small river A: a crisis-management gauge (危機管理型水位計) with only an
// observation-start level (1.20 m) and a danger level 危険水位 (2.60 m, "flooding near the
// gauge is feared": danger level 4). Small river: a report every 5 min in flood mode.
constexpr std::string_view kFujieda = R"json({
  "id": "urn:ngsi-ld:FloodMonitoring:jp-222143-demo-01",
  "name": {"ja": "(デモ) 藤枝市 小河川A", "en": "(demo) Fujieda small river A"},
  "location": [138.2338, 34.9196],
  "referenceLevels": {"danger": 2.60},
  "observationStart": 1.20,
  "reporting": {"heartbeatMinutes": 1440, "floodMinutes": 5}
})json";

// (demo) Masuda river B: an LPWA water-level sensor with the four reference levels and
// no published bank height; flood mode from the standby level, every 10 min.
constexpr std::string_view kMasuda = R"json({
  "id": "urn:ngsi-ld:FloodMonitoring:jp-322041-demo-01",
  "name": {"ja": "(デモ) 益田市 河川B", "en": "(demo) Masuda river B"},
  "location": [131.9442, 34.6242],
  "referenceLevels": {"standby": 1.50, "caution": 2.30, "evacuationJudgement": 3.00, "danger": 3.50},
  "reporting": {"heartbeatMinutes": 1440, "floodMinutes": 10}
})json";

// From late May 2026 the weather agency's river-flood information carries its level in
// its name (レベル2氾濫注意報 ... レベル5氾濫特別警報, with the new Level-4 危険警報 tier).
constexpr std::string_view kJma2026 = R"json({
  "edition": "jma-2026",
  "levels": [
    {"level": 1, "reference": {"ja": "水防団待機水位", "en": "flood-fighting standby level"},
     "alert": {"ja": "水防団待機水位到達", "en": "flood-fighting standby level reached"},
     "action": {"ja": "災害への心構えを高めてください", "en": "Be prepared for a disaster"}},
    {"level": 2, "reference": {"ja": "氾濫注意水位", "en": "flood caution level"},
     "alert": {"ja": "レベル2氾濫注意報", "en": "Level 2 flood advisory"},
     "action": {"ja": "自らの避難行動を確認してください", "en": "Check how you would evacuate"}},
    {"level": 3, "reference": {"ja": "避難判断水位", "en": "evacuation judgement level"},
     "alert": {"ja": "レベル3氾濫警報", "en": "Level 3 flood warning"},
     "action": {"ja": "高齢者等は危険な場所から避難してください",
                "en": "Older people and others who need time: evacuate from dangerous places"}},
    {"level": 4, "reference": {"ja": "氾濫危険水位", "en": "flood danger level"},
     "alert": {"ja": "レベル4氾濫危険警報", "en": "Level 4 flood danger warning"},
     "action": {"ja": "危険な場所から全員避難してください", "en": "Everyone: evacuate from dangerous places"}},
    {"level": 5, "reference": {"ja": "氾濫の発生", "en": "flooding"},
     "alert": {"ja": "レベル5氾濫特別警報", "en": "Level 5 flood emergency warning"},
     "action": {"ja": "命を守る最善の行動をとってください", "en": "Take the best action to save your life"}}
  ]
})json";

// The names used from 2021-05-20 until the 2026 reform (警戒レベル相当情報).
constexpr std::string_view kJma2021 = R"json({
  "edition": "jma-2021",
  "levels": [
    {"level": 1, "reference": {"ja": "水防団待機水位", "en": "flood-fighting standby level"},
     "alert": {"ja": "水防団待機水位到達", "en": "flood-fighting standby level reached"},
     "action": {"ja": "災害への心構えを高めてください", "en": "Be prepared for a disaster"}},
    {"level": 2, "reference": {"ja": "氾濫注意水位", "en": "flood caution level"},
     "alert": {"ja": "氾濫注意情報（警戒レベル2相当）", "en": "Flood caution information (alert level 2 equivalent)"},
     "action": {"ja": "自らの避難行動を確認してください", "en": "Check how you would evacuate"}},
    {"level": 3, "reference": {"ja": "避難判断水位", "en": "evacuation judgement level"},
     "alert": {"ja": "氾濫警戒情報（警戒レベル3相当）", "en": "Flood alert information (alert level 3 equivalent)"},
     "action": {"ja": "高齢者等は危険な場所から避難してください",
                "en": "Older people and others who need time: evacuate from dangerous places"}},
    {"level": 4, "reference": {"ja": "氾濫危険水位", "en": "flood danger level"},
     "alert": {"ja": "氾濫危険情報（警戒レベル4相当）", "en": "Flood danger information (alert level 4 equivalent)"},
     "action": {"ja": "危険な場所から全員避難してください", "en": "Everyone: evacuate from dangerous places"}},
    {"level": 5, "reference": {"ja": "氾濫の発生", "en": "flooding"},
     "alert": {"ja": "氾濫発生情報（警戒レベル5相当）", "en": "Flooding information (alert level 5 equivalent)"},
     "action": {"ja": "命を守る最善の行動をとってください", "en": "Take the best action to save your life"}}
  ]
})json";

constexpr std::array<std::string_view, 2> kStationNames = {"fujieda_demo", "masuda_demo"};
constexpr std::array<std::string_view, 2> kStationTexts = {kFujieda, kMasuda};
constexpr std::array<std::string_view, 2> kNamesNames = {"jma_2026", "jma_2021"};
constexpr std::array<std::string_view, 2> kNamesTexts = {kJma2026, kJma2021};

template <std::size_t N>
std::optional<std::string_view> find(std::array<std::string_view, N> const& names,
                                     std::array<std::string_view, N> const& texts, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return texts[i];
  }
  return std::nullopt;
}

}  // namespace

std::span<std::string_view const> station_preset_names() { return kStationNames; }

std::optional<std::string_view> station_preset_text(std::string_view name) {
  return find(kStationNames, kStationTexts, name);
}

result<station> load_station_preset(std::string_view name) {
  auto text = station_preset_text(name);
  if (!text) return make_error(error_code::not_found, "no station preset " + std::string(name));
  return parse_station_text(*text);
}

std::span<std::string_view const> level_names_preset_names() { return kNamesNames; }

std::optional<std::string_view> level_names_preset_text(std::string_view name) {
  return find(kNamesNames, kNamesTexts, name);
}

result<level_names> load_level_names_preset(std::string_view name) {
  auto text = level_names_preset_text(name);
  if (!text) return make_error(error_code::not_found, "no level-name preset " + std::string(name));
  return parse_level_names_text(*text);
}

}  // namespace cityos::safety::river
