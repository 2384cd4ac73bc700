// SPDX-License-Identifier: Apache-2.0
// JSON answers and request bodies of the service APIs (/api/v1/...), the same
// for every service. (The NGSI-LD routes have their own, with @context
// handling: api/ngsild/ld_request.h.)
#pragma once

#include <cstdint>

#include "api/http/message.h"
#include "common/json.h"
#include "common/result.h"

namespace cityos::api {

// A response with `body` as application/json, sent once commit `wait_seq` is
// durable (0: at once).
http_response json_reply(int status, json::value const& body, std::uint64_t wait_seq = 0);

// The request's body as JSON. Errors: invalid_request (no body, or not JSON).
result<json::value> json_body(http_request const& req);

}  // namespace cityos::api
