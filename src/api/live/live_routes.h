// SPDX-License-Identifier: Apache-2.0
// GET /api/v1/live?types=A,B&tenant=T: a server-sent-events stream of entity
// changes (live_feed.h) for dashboards; needs the reader role when access
// control is on, and carries only what the caller may read.
#pragma once

#include "api/live/live_feed.h"
#include "api/router.h"

namespace cityos::api {

// `hub` must outlive `r`.
void add_live_routes(router& r, live_hub& hub);

}  // namespace cityos::api
