// SPDX-License-Identifier: Apache-2.0
// Query parameters the safety routes share, parsed with errors that name them:
// a point as "LATITUDE,LONGITUDE" (near=42.35,141.02), a true/false flag and a
// positive number. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "ngsild/entity/stored_attributes.h"

namespace cityos::safety::feed {

// `text` as "LATITUDE,LONGITUDE" in degrees. Errors: bad_request naming `name`.
result<ngsild::lon_lat> parse_lat_lon(std::string_view text, std::string_view name);
// A flag: absent (nullptr) or "false" -> false, "true" -> true. Errors: bad_request.
result<bool> parse_flag(std::string const* text, std::string_view name);
// A finite number > 0. Errors: bad_request naming `name`.
result<double> parse_positive(std::string_view text, std::string_view name);

}  // namespace cityos::safety::feed
