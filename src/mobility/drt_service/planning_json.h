// SPDX-License-Identifier: Apache-2.0
// JSON of the dispatcher's planning operations: next-day batches
// (POST /api/v1/drt/requests/batch, `cityos drt day`) and improvement runs
// (POST /api/v1/drt/improve). Pure functions; thread-safe.
#pragma once

#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "mobility/drt/dispatcher.h"

namespace cityos::mobility::drt_service {

inline constexpr double kMaxBatchTimeLimitMs = 600'000;
inline constexpr std::size_t kMaxBatchSize = 20'000;
inline constexpr double kMaxImproveMs = 10'000;

struct batch_input {
  std::vector<drt::booking> bookings;
  double time_limit_ms = 1000;
};

// {"requests": [booking, ...], "timeLimitMs": N} (timeLimitMs optional,
// 0 .. kMaxBatchTimeLimitMs). Errors: invalid_request / bad_request naming the
// member or "requests[i]: ..." for the first bad booking.
result<batch_input> parse_batch(json::value const& doc);
// {"timeMs": N}, 1 .. kMaxImproveMs (default 100). Errors: invalid_request / bad_request.
result<double> parse_improve(json::value const& doc);

// {"decisions": [decision_json...], "accepted", "rejected", "requestsMoved", "iterations"}.
json::object batch_json(drt::batch_report const& r);
// {"iterations", "distanceBeforeM", "distanceAfterM", "requestsMoved", "vehiclesChanged"}.
json::object improve_json(drt::improve_report const& r);

}  // namespace cityos::mobility::drt_service
