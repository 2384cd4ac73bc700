// SPDX-License-Identifier: Apache-2.0
// The demo data loaded by `cityos serve --demo` into an empty store: a handful
// of entities of the plan cities (a river gauge, a bus stop, a parking lot, a
// people counter, an air-quality station, a shelter), at the first start. It enters through the
// public API (a batch upsert through the router), as a city's data would.
#pragma once

#include "api/router.h"
#include "common/result.h"

namespace cityos::app {

// Upserts the demo entities through `r`. Idempotent. Errors: internal if the
// broker rejects them (a bug).
result<void> load_demo_city(api::router const& r);

}  // namespace cityos::app
