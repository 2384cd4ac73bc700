// SPDX-License-Identifier: Apache-2.0
// The ridership KPI service of one instance (issue 9, mobility/ridership): on
// with --demo or --ridership-kpis, it publishes the day's transit and on-demand
// KeyPerformanceIndicator entities counted from the store's change feed.
#pragma once

#include <functional>
#include <memory>

#include "app/instance.h"
#include "common/result.h"
#include "common/time.h"
#include "mobility/ridership/ridership_service.h"
#include "store/store.h"

namespace cityos::app {

// Starts the service into `out` when opt.demo or opt.ridership_kpis (else leaves
// it null), on the default tenant of `st`, before the store is shared between
// threads; `clock` is its "now". Errors: internal (the first publication).
result<void> start_ridership(std::unique_ptr<mobility::ridership::ridership_service>& out,
                             instance_options const& opt, store::store& st, std::function<epoch_ms()> const& clock);

}  // namespace cityos::app
