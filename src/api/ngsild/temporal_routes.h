// SPDX-License-Identifier: Apache-2.0
// Registers the routes of the NGSI-LD temporal API (/ngsi-ld/v1/temporal/...).
#pragma once

#include "api/ngsild/broker.h"
#include "api/router.h"
#include "store/history/history.h"

namespace cityos::api {

// Adds the routes; `b` and `history` must outlive `r`.
void add_temporal_routes(router& r, broker const& b, store::history_store& history);

}  // namespace cityos::api
