// SPDX-License-Identifier: Apache-2.0
// Pagination of temporal results (GS CIM 009 v1.9.1 6.3.10): when an
// attribute has more instances than a response may hold, the response covers
// one time range that is complete for every attribute, says so in a
// Content-Range header ("date-time <start>-<end>/<lastN or *>") and is a 206.
// The client continues from <end> (or before <start> with lastN). Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/ngsild/temporal_params.h"
#include "store/history/history.h"

namespace cityos::api {

// If any attribute of `entities` was truncated, cuts every attribute to the
// range that all of them cover completely and returns the Content-Range
// value; otherwise returns nullopt and changes nothing.
std::optional<std::string> cut_to_complete_range(std::vector<store::history_entity>& entities,
                                                 temporal_params const& p);

}  // namespace cityos::api
