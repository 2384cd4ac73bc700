// SPDX-License-Identifier: Apache-2.0
// Registers the flood-watch routes on a router; the only file that knows their URLs:
//   GET /api/v1/safety/rivers          every station: level, danger level, forecast, health
//   GET /api/v1/safety/rivers/{id}     one station (its id or its WaterObserved entity id)
//   GET /api/v1/safety/alerts          active river alerts, newest first; ?all=true adds the
//                                      recently closed; ?station=ID, ?episode=flood|predicted|fault,
//                                      ?near=LAT,LON[&maxDistance=M]: stations within M metres (5 km)
// With no service (no --flood-watch) every route answers 503.
#pragma once

#include "api/router.h"
#include "safety/flood_watch/flood_watch.h"

namespace cityos::safety::flood_watch {

// `s` may be null; if not, it must outlive `r`.
void add_flood_watch_routes(api::router& r, flood_watch* s);

}  // namespace cityos::safety::flood_watch
