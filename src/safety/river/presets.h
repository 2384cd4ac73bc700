// SPDX-License-Identifier: Apache-2.0
// Built-in river presets: the two demo stations of
// ../shared/data/japan/jp-models/river_level_standards.json and the official level
// names before and after the 2026 reform of the weather agency's warnings. Each preset
// is JSON text in the configuration format, so a city can copy one into its own file
// and change it. Static data; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "common/result.h"
#include "safety/river/level_names.h"
#include "safety/river/station.h"

namespace cityos::safety::river {

// Returns the station preset names: fujieda_demo, masuda_demo (static storage).
std::span<std::string_view const> station_preset_names();
// Returns the JSON text of station preset `name` (static storage), or nullopt.
std::optional<std::string_view> station_preset_text(std::string_view name);
// Parses station preset `name`. Errors: not_found for an unknown name.
result<station> load_station_preset(std::string_view name);

// Returns the level-name preset names: jma_2026 (the default), jma_2021 (static storage).
std::span<std::string_view const> level_names_preset_names();
// Returns the JSON text of level-name preset `name` (static storage), or nullopt.
std::optional<std::string_view> level_names_preset_text(std::string_view name);
// Parses level-name preset `name`. Errors: not_found for an unknown name.
result<level_names> load_level_names_preset(std::string_view name);

}  // namespace cityos::safety::river
