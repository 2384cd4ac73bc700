// SPDX-License-Identifier: Apache-2.0
// HTTP handlers of /ngsi-ld/v1/subscriptions: create (201 + Location), list
// (limit/offset/count), retrieve, update (PATCH merges a fragment, 204) and
// delete (204). Validation is parse_subscription()'s; state is the registry's.
#pragma once

#include "api/ngsild/broker.h"
#include "api/router.h"
#include "api/subscriptions/subscription_registry.h"

namespace cityos::api {

// Registers the five routes; `b` and `subs` must outlive `r`.
void add_subscription_routes(router& r, broker const& b, subscription_registry& subs);

}  // namespace cityos::api
