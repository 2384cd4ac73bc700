// SPDX-License-Identifier: Apache-2.0
// Decoding of a GTFS-Realtime FeedMessage (protobuf bytes) into realtime_feed.
// Pure and thread-safe.
#pragma once

#include <string_view>

#include "common/result.h"
#include "mobility/realtime/realtime_feed.h"

namespace cityos::mobility::realtime {

// The feed in `bytes`. Errors: invalid_request when the bytes are not a
// FeedMessage (truncated, wrong wire types, a required field missing such as
// the header's gtfs_realtime_version); the detail says which.
result<realtime_feed> parse_feed(std::string_view bytes);

}  // namespace cityos::mobility::realtime
