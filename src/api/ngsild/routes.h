// SPDX-License-Identifier: Apache-2.0
// Registers every NGSI-LD route of /ngsi-ld/v1 on a router. The only file that
// knows the URL layout of the API.
#pragma once

#include "api/ngsild/broker.h"
#include "api/router.h"

namespace cityos::api {

// Adds the routes; `b` must outlive `r`.
void add_ngsild_routes(router& r, broker const& b);

}  // namespace cityos::api
