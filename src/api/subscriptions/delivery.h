// SPDX-License-Identifier: Apache-2.0
// Sends notifications to their endpoints without ever blocking the writer:
// one bounded FIFO queue per endpoint URI and a pool of sender threads. At
// most `per_endpoint` deliveries to one endpoint are in flight at a time, on
// kept-alive connections, and never two of the same subscription, so each
// subscription's notifications arrive in order and a slow or dead endpoint
// holds at most `per_endpoint` senders, delaying nobody else's queue. A failed
// delivery is retried with exponential backoff (the endpoint pauses meanwhile)
// and every final outcome is reported. A full queue refuses the notification:
// the caller counts the loss. HTTP endpoints get a POST; mqtt:// endpoints are
// handed to an injected publisher. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace cityos::api {

// A notification ready to send.
struct outgoing_notification {
  std::string subscription_key;   // passed back in the report
  std::string body;               // HTTP body (JSON text)
  std::string content_type;       // application/json or application/ld+json
  std::vector<std::pair<std::string, std::string>> headers;  // Link, receiverInfo, NGSILD-Tenant
  int mqtt_qos = 0;               // for mqtt:// endpoints (0 or 1)
  std::string mqtt_payload;       // for mqtt:// endpoints: {"metadata", "body"}
};

// One final outcome: delivered (`ok`), or failed after all attempts with `error`.
using delivery_report =
    std::function<void(std::string const& subscription_key, bool ok, std::string const& error)>;

// Publishes `payload` to the endpoint `mqtt_url` (mqtt://host:port/topic).
// Errors: unavailable (broker unreachable), bad_request (URL).
using mqtt_publisher =
    std::function<result<void>(std::string_view mqtt_url, std::string_view payload, int qos)>;

struct delivery_options {
  std::size_t queue_capacity = 10'000;  // per endpoint
  unsigned senders = 8;                 // threads
  unsigned per_endpoint = 4;            // deliveries in flight per endpoint
  std::chrono::milliseconds timeout{5000};
  int max_attempts = 3;                 // per notification
  std::chrono::milliseconds first_backoff{250};  // doubled after each failure
};

struct delivery_totals {
  std::uint64_t sent = 0, failed = 0, refused = 0, retried = 0;
  std::size_t queued = 0;  // waiting now, all endpoints
};

class delivery {
 public:
  // `report` runs on a sender thread; it must be quick. `mqtt` may be empty:
  // mqtt:// deliveries then fail with a clear error.
  delivery(delivery_options options, delivery_report report, mqtt_publisher mqtt);
  // Stops the senders; notifications still queued are not sent.
  ~delivery();
  delivery(delivery const&) = delete;
  delivery& operator=(delivery const&) = delete;

  // Queues `n` for `endpoint_uri`. Returns false when that endpoint's queue is
  // full (the notification is not kept).
  bool enqueue(std::string const& endpoint_uri, outgoing_notification n);
  delivery_totals totals() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cityos::api
