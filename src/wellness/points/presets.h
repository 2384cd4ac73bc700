// SPDX-License-Identifier: Apache-2.0
// Built-in programme presets reproducing real Japanese health-point programmes
// (values from ../shared/data/japan/jp-models/health_point_rules_examples.json;
// sources in presets.cc). Each preset is JSON text in the programme format, so a
// city can copy one into its own file and change it. Static data; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "common/result.h"
#include "wellness/points/programme.h"

namespace cityos::wellness {

// Returns the preset names: sapporo_2026, shitara, toei, yamagata, kikuyo, swc.
// The span refers to static storage.
std::span<std::string_view const> preset_names();

// Returns the JSON text of preset `name` (static storage), or nullopt.
std::optional<std::string_view> preset_text(std::string_view name);

// Parses preset `name`. Errors: not_found for an unknown name.
result<programme> load_preset(std::string_view name);

}  // namespace cityos::wellness
