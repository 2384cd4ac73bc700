// SPDX-License-Identifier: Apache-2.0
// Measurement payloads of the FIWARE IoT Agents: iotagent-json (a JSON object
// of key -> value, or an array of such objects) and iotagent-ul (UltraLight
// 2.0: "k|v|k|v", several measure groups separated by '#', a group may start
// with a timestamp). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"

namespace cityos::iot {

// One reported value: payload key -> value (UltraLight values are strings).
struct measure {
  std::string key;
  json::value value;
};
// The measures of one observation, in payload order ("TimeInstant", if
// present, is one of them).
using measure_set = std::vector<measure>;

// The payload key whose value is the observation time (ISO 8601).
inline constexpr std::string_view kTimeInstant = "TimeInstant";

// Parses an iotagent-json payload: an object gives one measure set, an array
// of objects one per element. Errors: invalid_request (not JSON), bad_request
// (not an object or array of objects, empty).
result<std::vector<measure_set>> parse_json_measures(std::string_view payload);

// Parses an UltraLight 2.0 payload. Each '#'-separated group is "k|v|k|v..."
// with an optional leading ISO 8601 timestamp (becoming "TimeInstant").
// Surrounding whitespace and empty groups are ignored. Errors: bad_request
// (a key without a value, an empty key, nothing at all), naming the group.
result<std::vector<measure_set>> parse_ultralight(std::string_view payload);

}  // namespace cityos::iot
