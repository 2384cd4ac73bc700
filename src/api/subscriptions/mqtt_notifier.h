// SPDX-License-Identifier: Apache-2.0
// Publishes MQTT notifications (endpoint "mqtt://host:port/topic"): one
// client connection per broker (and user), opened on first use and kept; a
// broker that cannot be reached fails the delivery (delivery retries it).
// Thread-safe; usable as a delivery mqtt_publisher.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "api/mqtt/mqtt_client.h"
#include "common/result.h"

namespace cityos::api {

class mqtt_notifier {
 public:
  // Publishes `payload` to the topic of `url`. Errors: bad_request (URL),
  // not_supported (mqtts), unavailable (broker unreachable or queue full).
  result<void> publish(std::string_view url, std::string_view payload, int qos);

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<mqtt_client>> clients_;  // by broker; guarded by mutex_
};

}  // namespace cityos::api
