// SPDX-License-Identifier: Apache-2.0
#include "wellness/points/presets.h"

#include <array>
#include <string>
#include <utility>

namespace cityos::wellness {

namespace {

// Sapporo health app 2026 (札幌市健康アプリ). Source: STV news 2025, NHK 列島ニュース.
// Up to 3 pt a day, reached at 4,000 steps; 1 pt = 1 JPY on public transport.
// The app also rewards blood pressure / weight logging, check-ups and QR check-ins
// at events, but no point values are published, so no event rules here.
constexpr std::string_view kSapporo2026 = R"({
  "id": "sapporo_2026", "name": "Sapporo health app 2026",
  "steps": {"tiers": [{"minSteps": 4000, "points": 3}]},
  "caps": {"daily": 3},
  "pointValueYen": 1
})";

// Shitara, Aichi (設楽町). 1 pt per 1,000 steps, at most 10 a day; check-ups 10 pt per
// exam item; weight logging 1 pt a day (as a body-composition measurement).
constexpr std::string_view kShitara = R"({
  "id": "shitara", "name": "Shitara health points",
  "steps": {"perThousand": {"points": 1}},
  "caps": {"daily": 10},
  "events": {"checkup": {"points": 10}, "bodyComposition": {"points": 1, "perDay": 1}}
})";

// Toei, Aichi (東栄町). 8,000 steps -> 1 pt, 9,000 -> 2, 10,000 -> 3 (at most 3 a day).
constexpr std::string_view kToei = R"({
  "id": "toei", "name": "Toei walking points",
  "steps": {"tiers": [{"minSteps": 8000, "points": 1}, {"minSteps": 9000, "points": 2},
                      {"minSteps": 10000, "points": 3}]},
  "caps": {"daily": 3}
})";

// Yamagata City. 4,000 -> 40 pt, 5,000 -> 50, 6,000 -> 60, 7,000 -> 70, 8,000+ -> 100;
// uploads from kiosks or the app, a 42-day backlog accepted.
constexpr std::string_view kYamagata = R"({
  "id": "yamagata", "name": "Yamagata City health points",
  "steps": {"tiers": [{"minSteps": 4000, "points": 40}, {"minSteps": 5000, "points": 50},
                      {"minSteps": 6000, "points": 60}, {"minSteps": 7000, "points": 70},
                      {"minSteps": 8000, "points": 100}]},
  "caps": {"daily": 100},
  "lateUploadDays": 42
})";

// Kikuyo, Kumamoto (菊陽町). 5,000 steps -> 10 pt, +1 per extra 1,000, at most 15 a day
// (reached at 10,000); body-composition measurement 5 pt (once a month); check-up 500 pt
// (once a year: our reading of a yearly check-up).
constexpr std::string_view kKikuyo = R"({
  "id": "kikuyo", "name": "Kikuyo health points",
  "steps": {"perThousand": {"points": 1, "minSteps": 5000, "basePoints": 10, "maxPoints": 15}},
  "caps": {"daily": 15},
  "events": {"bodyComposition": {"points": 5, "perMonth": 1}, "checkup": {"points": 500, "perYear": 1}}
})";

// Smart Wellness City health points (SWC 健幸ポイント, TWR). Source:
// https://www.twr.jp/service/kenkoumachi/kenkou_point/ ; Mizuho-RT release 2014-10-02.
// At most 24,000 pt a year (1 pt = 1 JPY); "がんばってます" points for steps above the
// personal baseline (Kanegasaki 2021: baseline = the first week's average). The
// per-day rate is not published: we give 10 pt per 1,000 steps above the baseline,
// at most 26 a day (~800 pt a month, the Okayama 2015 pilot's step maximum).
// Body composition: 1,000 pt per 3 months (Okayama pilot), so 4 a year.
constexpr std::string_view kSwc = R"({
  "id": "swc", "name": "Smart Wellness City health points",
  "steps": {"baselineIncrease": {"baselineDays": 7, "points": 10, "minIncrease": 1000, "maxPoints": 26}},
  "caps": {"annual": 24000},
  "events": {"bodyComposition": {"points": 1000, "perYear": 4}},
  "pointValueYen": 1
})";

constexpr std::array<std::string_view, 6> kNames = {"sapporo_2026", "shitara", "toei", "yamagata", "kikuyo", "swc"};
constexpr std::array<std::string_view, 6> kTexts = {kSapporo2026, kShitara, kToei, kYamagata, kKikuyo, kSwc};

}  // namespace

std::span<std::string_view const> preset_names() { return kNames; }

std::optional<std::string_view> preset_text(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return kTexts[i];
  return std::nullopt;
}

result<programme> load_preset(std::string_view name) {
  auto text = preset_text(name);
  if (!text) return make_error(error_code::not_found, "no preset named '" + std::string(name) + "'");
  return parse_programme_text(*text);
}

}  // namespace cityos::wellness
