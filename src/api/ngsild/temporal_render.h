// SPDX-License-Identifier: Apache-2.0
// Renders a temporal entity of the history (store/history/history.h) in the
// temporal representations of GS CIM 009 v1.9.1 4.5.7-4.5.9 with the
// request's @context: normalized/concise (per attribute an array of instances
// with instanceId), simplified (options=temporalValues: per attribute
// {"type", "values"|"objects"|...: [[value, time], ...]}) and aggregated
// (options=aggregatedValues: {"type", "<method>": [[value, start, end], ...]}).
// An attribute with several datasetIds renders as an array of those objects.
// Pure functions; thread-safe.
#pragma once

#include "api/ngsild/temporal_params.h"
#include "common/json.h"
#include "ngsild/jsonld/context.h"
#include "store/history/history.h"

namespace cityos::api {

json::object render_temporal_entity(store::history_entity const& e, ngsild::context const& ctx,
                                    temporal_params const& p);

}  // namespace cityos::api
