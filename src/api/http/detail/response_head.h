// SPDX-License-Identifier: Apache-2.0
// How the HTTP server writes a response's head: status line and header fields
// in one string, so a response goes out in one write of two buffers (head and
// body). Private to api/http. Pure; thread-safe.
#pragma once

#include <string>

#include "api/http/message.h"

namespace cityos::api::detail {

// The head of `res` as sent in HTTP/1.`minor`: the status line; Server; the
// handler's headers (CR and LF in values become spaces); Content-Type and,
// unless `streamed` (a body that ends with the connection), Content-Length
// when the status has a body; the Connection field that `keep_alive` needs;
// and the empty line. The body follows it unchanged.
std::string response_head(http_response const& res, unsigned minor, bool keep_alive,
                          bool streamed = false);

}  // namespace cityos::api::detail
