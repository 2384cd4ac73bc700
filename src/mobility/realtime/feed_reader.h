// SPDX-License-Identifier: Apache-2.0
// Reads the bytes of a GTFS-Realtime feed from a file or an http(s) URL.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "common/result.h"

namespace cityos::mobility::realtime {

// The bytes at `source`: an http:// or https:// URL (GET, redirects followed)
// or a file path. Errors: not_found for a missing or unreadable file;
// unavailable / invalid_request / not_supported from api::http_get for URLs.
result<std::string> read_feed_bytes(std::string_view source, std::chrono::milliseconds timeout);

}  // namespace cityos::mobility::realtime
