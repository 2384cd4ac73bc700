// SPDX-License-Identifier: Apache-2.0
// How a service publishes what it produces (vehicles, balances, KPIs, alerts)
// into the broker: normalized NGSI-LD entities, expanded with a context and
// upserted (replacing each entity whole) in one modify_batch, so subscriptions
// and the dashboard see them like any client's writes. Thread-safe (the store is).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "ngsild/jsonld/context.h"
#include "store/store.h"

namespace cityos::store {

// Upserts `entities` (normalized form, each with "id" and "type", no
// @context) into `tenant`, expanded with `ctx` (the core context if null).
// Returns the seq that makes them durable (0 if `entities` is empty).
// Errors: internal naming the first entity that is not valid NGSI-LD (nothing
// is written then) or that the store refused (the others are written).
result<commit_seq> publish_entities(store& st, std::string_view tenant, std::vector<json::object> const& entities,
                                    std::string_view now, ngsild::context const* ctx = nullptr);

}  // namespace cityos::store
