// SPDX-License-Identifier: Apache-2.0
// Operational endpoints: GET /health (liveness and store state) and
// GET /metrics (Prometheus text format).
#pragma once

#include "api/http/metrics.h"
#include "api/router.h"
#include "store/store.h"

namespace cityos::api {

// Adds /health and /metrics; `store` and `metrics` must outlive `r`.
void add_ops_routes(router& r, store::store const& store, metrics_registry const& metrics);

}  // namespace cityos::api
