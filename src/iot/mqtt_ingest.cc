// SPDX-License-Identifier: Apache-2.0
#include "iot/mqtt_ingest.h"

#include <vector>

#include <spdlog/spdlog.h>

namespace cityos::iot {

namespace {

std::vector<std::string_view> segments(std::string_view topic) {
  std::vector<std::string_view> out;
  while (true) {
    auto const at = topic.find('/');
    out.push_back(topic.substr(0, at));
    if (at == std::string_view::npos) return out;
    topic.remove_prefix(at + 1);
  }
}

}  // namespace

std::optional<measure_topic> parse_measure_topic(std::string_view topic) {
  auto const s = segments(topic);
  // s[0] is the empty segment before the leading '/'.
  if (s.size() == 4 && s[0].empty() && s[3] == "attrs" && !s[1].empty() && !s[2].empty()) {
    return measure_topic{payload_format::detect, s[1], s[2]};
  }
  if (s.size() == 5 && s[0].empty() && s[4] == "attrs" && !s[2].empty() && !s[3].empty()) {
    if (s[1] == "json") return measure_topic{payload_format::json, s[2], s[3]};
    if (s[1] == "ul") return measure_topic{payload_format::ultralight, s[2], s[3]};
  }
  return std::nullopt;
}

result<void> subscribe_measurements(api::mqtt_client& client, ingester& in,
                                    std::string_view share_group, int qos) {
  auto handler = [&in](std::string_view topic, std::string_view payload) {
    auto const t = parse_measure_topic(topic);
    if (!t) {
      spdlog::warn("iot: ignoring MQTT message on '{}': not a measurement topic", topic);
      return;
    }
    in.submit(t->format, std::string(t->apikey), std::string(t->device_id), std::string(payload));
  };
  for (char const* filter : {"/+/+/attrs", "/json/+/+/attrs", "/ul/+/+/attrs"}) {
    std::string const topic =
        share_group.empty() ? std::string(filter) : "$share/" + std::string(share_group) + "/" + filter;
    if (auto r = client.subscribe(topic, qos, handler); !r) return r;
  }
  return {};
}

}  // namespace cityos::iot
