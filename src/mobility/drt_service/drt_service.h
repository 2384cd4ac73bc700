// SPDX-License-Identifier: Apache-2.0
// The on-demand transport service behind /api/v1/drt: one dispatcher for the
// city's fleet, its operations serialized by a mutex, and every change
// published into the store as NGSI-LD entities (drt_json.h) in the service's
// tenant, so subscriptions and the dashboard see vehicles and requests move.
// Request bodies are JSON (booking.h for bookings; events below). Thread-safe.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "common/json.h"
#include "common/result.h"
#include "mobility/drt/dispatcher.h"
#include "store/store.h"

namespace cityos::mobility::drt_service {

class drt_service {
 public:
  // `st` must outlive the service; `clock` gives "now" (epoch ms).
  drt_service(drt::dispatcher d, store::store& st, std::string tenant, std::function<epoch_ms()> clock);

  // Publishes every vehicle (call once after construction).
  result<void> publish_fleet();

  // A booking document -> the decision. Errors: invalid_request / bad_request
  // (booking.h), already_exists, internal (the store refused the entities).
  result<json::object> submit(json::value const& body);
  result<json::object> request(std::string const& id) const;  // not_found
  result<void> cancel(std::string const& id);                  // not_found, unprocessable
  json::array vehicles() const;
  result<json::object> plan(std::string const& vehicle_id) const;  // not_found
  // An event document {"type": "position" | "pickedUp" | "droppedOff" |
  // "noShow" | "breakdown", "requestId": ..., "location": {"lat", "lon"}}.
  // Errors: invalid_request / bad_request for the document, not_found,
  // unprocessable (dispatcher::apply_event). Returns the affected request ids.
  result<json::object> event(std::string const& vehicle_id, json::value const& body);

 private:
  // Writes the vehicles and requests named into the store. Caller holds mutex_.
  result<void> publish(std::vector<std::string> const& vehicles, std::vector<std::string> const& requests);

  mutable std::mutex mutex_;
  drt::dispatcher dispatcher_;
  store::store& store_;
  std::string tenant_;
  std::function<epoch_ms()> clock_;
};

}  // namespace cityos::mobility::drt_service
