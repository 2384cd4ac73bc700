// SPDX-License-Identifier: Apache-2.0
// Reads how the client wants entities rendered from the URL parameters
// options (keyValues, concise, normalized, sysAttrs), format, attrs, pick,
// omit and lang.
#pragma once

#include "api/http/message.h"
#include "common/result.h"
#include "ngsild/entity/entity_render.h"
#include "ngsild/jsonld/context.h"

namespace cityos::api {

// Errors: bad_request for an unknown options/format value or conflicting
// formats, or pick and omit together.
result<ngsild::render_options> parse_render_params(http_request const& req,
                                                   ngsild::context const& ctx);

}  // namespace cityos::api
