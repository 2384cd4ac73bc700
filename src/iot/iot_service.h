// SPDX-License-Identifier: Apache-2.0
// The IoT Agent service: the device registry, the measurement ingester and,
// when attached, the MQTT subscription feeding it. Owned by the app; routes
// (iot/routes.h) and the MQTT client hold references to it, so it must
// outlive both. Thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/http/metrics.h"
#include "api/mqtt/mqtt_client.h"
#include "iot/ingester.h"
#include "iot/registry.h"
#include "store/store.h"

namespace cityos::iot {

class iot_service {
 public:
  // Loads the provisioned groups and devices from `s` (which must outlive
  // this); `now` gives ISO 8601 time stamps.
  iot_service(store::store& s, std::function<std::string()> now);

  registry& devices() { return registry_; }
  ingester& measurements() { return ingester_; }

  // Subscribes `client` to the measurement topics (see mqtt_ingest.h).
  // Destroy `client` before this service. Errors: those of subscribe().
  result<void> attach_mqtt(api::mqtt_client& client);

  // Counters of the measurement path (for metrics).
  ingest_counts counts() const { return ingester_.counts(); }

 private:
  registry registry_;
  ingester ingester_;
};

// `c` as metric samples labelled {"outcome": "written" | "rejected_payload" |
// "rejected_value" | "unknown_device" | "store_error" | "autoprovisioned" | "dropped"}.
std::vector<api::gauge_sample> count_samples(ingest_counts const& c);

}  // namespace cityos::iot
