// SPDX-License-Identifier: Apache-2.0
// Registers the watch-over route on a router:
//   GET /api/v1/safety/watch/alerts   the watch-over alerts the caller may see, newest
//                                     first; ?all=true adds the recently closed ones.
// With access control on, the caller sees a person's alerts only while being one of
// that person's carers AND holding the person's consent (type WatchOverAlert), or
// being the person; everything else is left out (200 with fewer alerts). The access
// gate only requires a valid credential on /api/v1/safety/watch. With access control
// off, all. With no service (no --watch-over) the route answers 503.
#pragma once

#include "api/router.h"
#include "safety/watch_over/watch_over.h"

namespace cityos::safety::watch_over {

// `s` may be null; if not, it must outlive `r`.
void add_watch_over_routes(api::router& r, watch_over* s);

}  // namespace cityos::safety::watch_over
