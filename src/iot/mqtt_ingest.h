// SPDX-License-Identifier: Apache-2.0
// Measurements over MQTT with the IoT Agent topics:
//   /{apikey}/{deviceId}/attrs       JSON or UltraLight (told apart by the payload)
//   /json/{apikey}/{deviceId}/attrs  iotagent-json
//   /ul/{apikey}/{deviceId}/attrs    iotagent-ul (UltraLight 2.0)
// The three filters are disjoint, so a broker delivers each message once.
#pragma once

#include <optional>
#include <string_view>

#include "api/mqtt/mqtt_client.h"
#include "common/result.h"
#include "iot/ingester.h"

namespace cityos::iot {

struct measure_topic {
  payload_format format;
  std::string_view apikey;
  std::string_view device_id;
};

// Parses a measurement topic; nullopt if `topic` is not one. Views point into `topic`.
std::optional<measure_topic> parse_measure_topic(std::string_view topic);

// Subscribes `client` to the measurement topics with `qos` (0 or 1; messages
// come at the lower of it and the publisher's), handing every message to
// `in.submit()`. With a `share_group`, the subscriptions are shared
// ("$share/<group>/..."): several clients of one group split the messages,
// each receiving on its own thread. `in` must outlive `client`.
// Errors: those of subscribe().
result<void> subscribe_measurements(api::mqtt_client& client, ingester& in,
                                    std::string_view share_group = {}, int qos = 1);

}  // namespace cityos::iot
