// SPDX-License-Identifier: Apache-2.0
#include "iot/iot_service.h"

#include "iot/mqtt_ingest.h"

namespace cityos::iot {

iot_service::iot_service(store::store& s, std::function<std::string()> now)
    : registry_(s), ingester_(s, registry_, std::move(now)) {}

result<void> iot_service::attach_mqtt(api::mqtt_client& client) {
  return subscribe_measurements(client, ingester_);
}

std::vector<api::gauge_sample> count_samples(ingest_counts const& c) {
  auto sample = [](char const* outcome, std::uint64_t n) {
    return api::gauge_sample{{{"outcome", outcome}}, static_cast<double>(n)};
  };
  return {sample("written", c.measures),
          sample("rejected_payload", c.rejected_payloads),
          sample("rejected_value", c.rejected_values),
          sample("unknown_device", c.unknown_devices),
          sample("store_error", c.store_errors),
          sample("autoprovisioned", c.autoprovisioned),
          sample("dropped", c.dropped)};
}

}  // namespace cityos::iot
