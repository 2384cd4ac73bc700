// SPDX-License-Identifier: Apache-2.0
// The one place where errors become HTTP responses: an application/problem+json
// body with the NGSI-LD error type, title, status and detail.
#pragma once

#include "api/http/message.h"
#include "common/error.h"

namespace cityos::api {

// Returns the response for `e` (status from http_status(e.code)).
http_response problem_response(error const& e);

}  // namespace cityos::api
