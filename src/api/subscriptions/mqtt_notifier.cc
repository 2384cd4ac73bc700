// SPDX-License-Identifier: Apache-2.0
#include "api/subscriptions/mqtt_notifier.h"

namespace cityos::api {

result<void> mqtt_notifier::publish(std::string_view url, std::string_view payload, int qos) {
  auto parsed = parse_mqtt_url(url);
  if (!parsed) return std::move(parsed).err();
  auto& [options, topic] = *parsed;
  std::string const key =
      options.username + "@" + options.host + ":" + std::to_string(options.port);
  std::shared_ptr<mqtt_client> client;
  {
    std::lock_guard lock(mutex_);
    if (auto it = clients_.find(key); it != clients_.end()) client = it->second;
  }
  if (!client) {
    auto made = mqtt_client::connect(options);  // outside the lock: may take seconds
    if (!made) return std::move(made).err();
    std::lock_guard lock(mutex_);
    auto [it, fresh] = clients_.try_emplace(key, std::shared_ptr<mqtt_client>(std::move(*made)));
    client = it->second;  // another sender may have connected first: use that one
  }
  return client->publish(topic, payload, qos);
}

}  // namespace cityos::api
