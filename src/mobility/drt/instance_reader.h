// SPDX-License-Identifier: Apache-2.0
// Readers for the benchmark instances of the dispatcher (issue 5), building a
// drt::problem: Li & Lim PDPTW files (SINTEF distribution) and Cordeau's
// dial-a-ride (DARP) files. Distances are Euclidean, unrounded; travel time
// equals distance. Node labels are the task numbers of the file; node index
// = task number - 1 (the depot is no node but location 0). See docs/drt.md.
// Pure functions; thread-safe.
#pragma once

#include <filesystem>
#include <string_view>

#include "common/result.h"
#include "mobility/drt/problem.h"

namespace cityos::mobility::drt {

// Li & Lim: line 1 `vehicles capacity speed` (speed is ignored), then one line
// per task `id x y demand earliest latest service pickup_sibling
// delivery_sibling`, task 0 the depot. Every vehicle gets the depot's window
// as its shift and `capacity` seats; requests are ordered by pickup task.
// Errors: not_found (cannot open), bad_request naming file and line.
result<problem> read_lilim(std::filesystem::path const& path);

// Cordeau: line 1 `vehicles nodes max_route_duration capacity max_ride_time`
// where nodes = 2n (the files count nodes, not requests), then node lines
// `id x y service load earliest latest`: 0 the depot, 1..n pickups, n+i the
// delivery of pickup i, and optionally 2n+1 the end depot (whose window then
// bounds the shift end). Every request gets max_ride_time, every vehicle
// max_route_duration. Errors as read_lilim.
result<problem> read_cordeau(std::filesystem::path const& path);

// Dispatches on `format`: "lilim" or "cordeau"; bad_request for another name.
result<problem> read_instance(std::filesystem::path const& path, std::string_view format);

}  // namespace cityos::mobility::drt
