// SPDX-License-Identifier: Apache-2.0
// What the HTTP server does to a request and a response apart from the
// connection: decoding the target, the transport's own problem responses.
// Private to api/http. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "api/http/message.h"

namespace cityos::api::detail {

std::string to_upper(std::string_view s);

// Fills path and query of `out` from its raw target. Returns false when the
// target is neither origin-form nor absolute-form or has a bad escape.
bool parse_target(http_request& out);

// A ProblemDetails response written by the transport itself (no router involved).
http_response problem_response(int status, std::string_view title, std::string_view detail,
                               std::string_view type = "https://uri.etsi.org/ngsi-ld/errors/InvalidRequest");

// Whether a response with this status carries a body.
bool body_expected(http_response const& res);

}  // namespace cityos::api::detail
