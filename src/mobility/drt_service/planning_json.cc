// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt_service/planning_json.h"

#include <string>

#include "mobility/drt/booking.h"
#include "mobility/drt_service/drt_json.h"

namespace cityos::mobility::drt_service {
namespace {

json::array strings(std::vector<std::string> const& v) {
  json::array a;
  for (auto const& s : v) a.push_back(json::string(s));
  return a;
}

result<double> bounded(json::object const& o, std::string_view key, double fallback, double lo, double hi) {
  auto const* v = o.if_contains(key);
  if (!v) return fallback;
  if (!v->is_number()) return make_error(error_code::bad_request, "'" + std::string(key) + "' must be a number");
  double const x = v->to_number<double>();
  if (!(x >= lo && x <= hi))
    return make_error(error_code::bad_request, "'" + std::string(key) + "' must be from " +
                                                   std::to_string(static_cast<long long>(lo)) + " to " +
                                                   std::to_string(static_cast<long long>(hi)));
  return x;
}

}  // namespace

result<batch_input> parse_batch(json::value const& doc) {
  if (!doc.is_object()) return make_error(error_code::invalid_request, "a batch must be a JSON object");
  auto const& o = doc.as_object();
  auto const* list = o.if_contains("requests");
  if (!list || !list->is_array() || list->as_array().empty())
    return make_error(error_code::bad_request, "'requests' must be a non-empty array of bookings");
  if (list->as_array().size() > kMaxBatchSize)
    return make_error(error_code::bad_request, "'requests' holds more than " + std::to_string(kMaxBatchSize) + " bookings");
  batch_input out;
  auto limit = bounded(o, "timeLimitMs", out.time_limit_ms, 0, kMaxBatchTimeLimitMs);
  if (!limit) return std::move(limit).err();
  out.time_limit_ms = *limit;
  auto const& items = list->as_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto b = drt::parse_booking(items[i]);
    if (!b) return make_error(b.err().code, "requests[" + std::to_string(i) + "]: " + b.err().detail);
    out.bookings.push_back(std::move(*b));
  }
  return out;
}

result<double> parse_improve(json::value const& doc) {
  if (!doc.is_object()) return make_error(error_code::invalid_request, "the body must be a JSON object");
  return bounded(doc.as_object(), "timeMs", 100, 1, kMaxImproveMs);
}

json::object batch_json(drt::batch_report const& r) {
  json::array decisions;
  std::size_t accepted = 0;
  for (auto const& d : r.decisions) {
    decisions.push_back(decision_json(d));
    accepted += d.accepted ? 1 : 0;
  }
  return {{"decisions", std::move(decisions)},
          {"accepted", accepted},
          {"rejected", r.decisions.size() - accepted},
          {"requestsMoved", strings(r.requests_moved)},
          {"iterations", r.iterations}};
}

json::object improve_json(drt::improve_report const& r) {
  return {{"iterations", r.iterations},
          {"distanceBeforeM", r.distance_before_m},
          {"distanceAfterM", r.distance_after_m},
          {"requestsMoved", strings(r.requests_moved)},
          {"vehiclesChanged", strings(r.vehicles_changed)}};
}

}  // namespace cityos::mobility::drt_service
