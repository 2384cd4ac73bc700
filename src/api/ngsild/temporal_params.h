// SPDX-License-Identifier: Apache-2.0
// The temporal query of GS CIM 009 v1.9.1 (4.11, 6.18-6.19): timerel,
// timeAt, endTimeAt, timeproperty, lastN, the representation options
// (temporalValues, aggregatedValues) and aggrMethods/aggrPeriodDuration, read
// from URL parameters or from the "temporalQ"/"aggrParams" members of a Query.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/http/message.h"
#include "common/json.h"
#include "common/result.h"
#include "store/history/history.h"

namespace cityos::api {

enum class temporal_format { normalized, concise, temporal_values, aggregated_values };

struct temporal_params {
  store::time_property timeprop = store::time_property::observed_at;
  std::optional<epoch_ms> from;  // time >= from (after, between)
  std::optional<epoch_ms> to;    // time < to (before, between)
  std::size_t last_n = 0;
  temporal_format format = temporal_format::normalized;
  bool sys_attrs = false;
  std::optional<store::aggregation_spec> aggregation;  // with aggregated_values
};

// Reads the URL parameters of `req`. Errors: bad_request naming the parameter
// (unknown timerel or timeproperty, timeAt missing or not a date-time,
// endTimeAt missing for between or not after timeAt, lastN not a positive
// integer, unknown option or aggrMethod, bad aggrPeriodDuration, aggregatedValues
// without aggrMethods, temporalValues with aggregatedValues).
result<temporal_params> parse_temporal_params(http_request const& req);

// Reads body["temporalQ"] and body["aggrParams"] of a Query (POST
// /temporal/entityOperations/query) with the `options` URL parameter of `req`.
// Errors: as parse_temporal_params(), bad_request if temporalQ is not an object.
result<temporal_params> parse_temporal_query_object(json::object const& body,
                                                    http_request const& req);

}  // namespace cityos::api
