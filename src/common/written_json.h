// SPDX-License-Identifier: Apache-2.0
// Reading back JSON texts that CityOS wrote itself (stored entities, log
// records, history instance bodies, rendered entities): one set of parse
// rules for all of them, so none reads back less than was written.
#pragma once

#include <string_view>

#include "common/json.h"

namespace cityos {

// The parse options for such texts: nested up to kMaxWrittenDepth, and bytes
// that are not UTF-8 kept as they are (a device's raw bytes can reach a stored
// string without passing a JSON parser; requests are still validated).
json::parse_options written_json_options();

// `text` parsed with written_json_options() into `sp`; a null value if it is
// not JSON (a corrupt text).
json::value parse_written_json(std::string_view text, json::storage_ptr sp = {});

}  // namespace cityos
