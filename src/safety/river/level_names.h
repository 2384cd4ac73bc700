// SPDX-License-Identifier: Apache-2.0
// The official names of the five danger levels in Japanese and English: the reference
// level (氾濫危険水位), the river-flood information issued at it (氾濫危険情報, since the
// 2026 reform レベル4氾濫危険警報) and the action asked of residents. The names change
// with reforms, so they are data (format in docs/flood-watch.md), never code. A plain
// value; parsing is pure and thread-safe.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "common/json.h"
#include "common/result.h"
#include "safety/river/station.h"

namespace cityos::safety::river {

struct level_name {
  localized_text reference;  // the reference level: 氾濫危険水位 / flood danger level
  localized_text alert;      // the information issued: レベル4氾濫危険警報 / Level 4 flood danger warning
  localized_text action;     // what residents should do: 危険な場所から全員避難 / ...
};

struct level_names {
  std::string edition;                           // e.g. "jma-2026"
  std::array<level_name, kDangerLevels> levels;  // danger level - 1 -> names

  // Returns the names of danger level `level` (1..5). REQUIRES: 1 <= level <= 5.
  level_name const& of(int level) const;
};

// Parses {"edition": ..., "levels": [{"level": 1, "reference": {"ja","en"}, "alert": {...},
// "action": {...}}, ...]} with all five levels. Errors: bad_request naming the member.
result<level_names> parse_level_names(json::value const& doc);
// Parses the JSON text. Errors: invalid_request (not JSON), those of parse_level_names.
result<level_names> parse_level_names_text(std::string_view text);

}  // namespace cityos::safety::river
