// SPDX-License-Identifier: Apache-2.0
// Reading the members of a JSON object with errors that name the member by its
// path ("caps.daily must be an integer from 0 to 1000000"), for configuration parsers.
// Each reader returns nullopt / nullptr for an absent member. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "common/json.h"
#include "common/result.h"

namespace cityos::json_members {

// Returns "parent.key", or "key" for the top level.
std::string member_path(std::string const& parent, std::string_view key);
// Returns a bad_request error "PATH WHY".
error bad_member(std::string const& path, std::string_view why);

// Errors: bad_request naming the first member of `o` not in `known`.
result<void> check_members(json::object const& o, std::string const& path,
                           std::initializer_list<std::string_view> known);

// An integer (a JSON integer or an integral double) within lo..hi.
result<std::optional<std::int64_t>> opt_integer(json::object const& o, std::string const& path, std::string_view key,
                                                std::int64_t lo, std::int64_t hi);
// A number within lo..hi.
result<std::optional<double>> opt_number(json::object const& o, std::string const& path, std::string_view key,
                                         double lo, double hi);
result<std::optional<bool>> opt_bool(json::object const& o, std::string const& path, std::string_view key);
// A non-empty string.
result<std::optional<std::string>> opt_string(json::object const& o, std::string const& path, std::string_view key);
// The returned pointers point into `o` and live as long as it does.
result<json::object const*> opt_object(json::object const& o, std::string const& path, std::string_view key);
result<json::array const*> opt_array(json::object const& o, std::string const& path, std::string_view key);

}  // namespace cityos::json_members
