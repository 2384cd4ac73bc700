// SPDX-License-Identifier: Apache-2.0
// The on-demand transport service behind /api/v1/drt: one dispatcher for the
// city's fleet, its operations serialized by a mutex, and every change
// published into the store as NGSI-LD entities (drt_json.h) in the service's
// tenant, so subscriptions and the dashboard see vehicles and requests move.
// Request bodies are JSON (booking.h for bookings; events below). A
// background thread (start_improvement) improves the plans in short slices
// under the same mutex and republishes what changed. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "common/json.h"
#include "common/result.h"
#include "mobility/drt/dispatcher.h"
#include "mobility/drt_service/fleet_config.h"
#include "store/store.h"

namespace cityos::mobility::drt_service {

class drt_service {
 public:
  // `st` must outlive the service; `clock` gives "now" (epoch ms).
  drt_service(drt::dispatcher d, store::store& st, std::string tenant, std::function<epoch_ms()> clock);
  // Stops the improvement thread (waits for a running slice).
  ~drt_service();
  drt_service(drt_service const&) = delete;
  drt_service& operator=(drt_service const&) = delete;

  // Starts the background improvement: every s.interval_ms, while requests
  // are open, dispatcher::improve for s.slice_ms under the mutex, then the
  // changed vehicles and moved requests are republished. No-op when
  // !s.enabled or already started.
  void start_improvement(improvement_settings const& s);
  struct improvement_stats {
    std::uint64_t slices = 0;   // background slices run (requests were open)
    std::uint64_t adopted = 0;  // slices whose better plans were adopted
    double saved_m = 0;         // distance saved by them
  };
  improvement_stats improvement() const;

  // The tenant the service publishes into.
  std::string const& tenant() const { return tenant_; }
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
  // {"timeMs": N}: one improvement run now -> planning_json.h improve_json.
  // Errors: invalid_request / bad_request, internal (publishing).
  result<json::object> improve(json::value const& body);
  // A next-day batch (planning_json.h parse_batch) decided together at once
  // (dispatcher::submit_batch; holds the mutex for its time limit) -> batch_json.
  // Errors: invalid_request / bad_request (nothing applied), already_exists
  // (nothing applied), internal (publishing).
  result<json::object> submit_batch(json::value const& body);

 private:
  // Writes the vehicles and requests named, and `extra` entities (rejected
  // bookings), into the store. Caller holds mutex_.
  result<void> publish(std::vector<std::string> const& vehicles, std::vector<std::string> const& requests,
                       std::vector<json::object> extra = {});
  // One improvement run and its publication. Caller holds mutex_.
  result<drt::improve_report> improve_locked(double ms);
  void improvement_loop(improvement_settings s);

  mutable std::mutex mutex_;  // guards everything below but the stop_* members and thread_
  std::uint64_t seed_ = 0;
  improvement_stats stats_;
  drt::dispatcher dispatcher_;
  store::store& store_;
  std::string tenant_;
  std::function<epoch_ms()> clock_;
  std::mutex stop_mutex_;  // guards stop_
  std::condition_variable stop_cv_;
  bool stop_ = false;
  std::thread thread_;  // the improvement loop, if started
};

}  // namespace cityos::mobility::drt_service
