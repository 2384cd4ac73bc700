// SPDX-License-Identifier: Apache-2.0
// Registers the on-demand transport routes on a router; the only file that
// knows the URL layout of /api/v1/drt:
//   POST   /api/v1/drt/requests               a booking -> 201 accepted / 200 rejected decision
//   POST   /api/v1/drt/requests/batch         next-day bookings decided together -> 200 decisions
//   POST   /api/v1/drt/improve                {"timeMs": N}: improve the plans now -> 200 report
//   GET    /api/v1/drt/requests/{id}          the request, its status and promise
//   DELETE /api/v1/drt/requests/{id}          cancel (204)
//   GET    /api/v1/drt/vehicles               the fleet
//   GET    /api/v1/drt/vehicles/{id}/plan     a vehicle and its planned stops
//   POST   /api/v1/drt/vehicles/{id}/events   a vehicle event
// With no service (no --drt-fleet) every route answers 503.
#pragma once

#include "api/router.h"
#include "mobility/drt_service/drt_service.h"

namespace cityos::mobility::drt_service {

// `s` may be null; if not, it must outlive `r`.
void add_drt_routes(api::router& r, drt_service* s);

}  // namespace cityos::mobility::drt_service
