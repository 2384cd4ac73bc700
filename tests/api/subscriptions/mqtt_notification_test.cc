// SPDX-License-Identifier: Apache-2.0
// MQTT notifications through a real Mosquitto: the broker publishes to the
// endpoint's topic and an MQTT subscriber receives {"metadata", "body"}.
#include <condition_variable>
#include <mutex>

#include <gtest/gtest.h>

#include "../mqtt/mosquitto_process.h"
#include "api/http/http_client.h"
#include "api/mqtt/mqtt_client.h"
#include "app/instance.h"
#include "common/json.h"

namespace cityos::api {
namespace {

using namespace std::chrono_literals;

TEST(mqtt_notifications, reach_an_mqtt_subscriber) {
  if (!testing_support::mosquitto_process::available()) {
    GTEST_SKIP() << "/usr/sbin/mosquitto is not installed (scripts/install-deps.sh installs it)";
  }
  testing_support::mosquitto_process mosquitto;
  ASSERT_TRUE(mosquitto.ok());
  mqtt_options mo;
  mo.port = mosquitto.port();
  auto sub = mqtt_client::connect(mo);
  ASSERT_TRUE(sub) << sub.err().detail;
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::string> got;
  ASSERT_TRUE((*sub)->subscribe("city/alerts", 1, [&](std::string_view, std::string_view payload) {
    std::lock_guard lock(mutex);
    got.emplace_back(payload);
    cv.notify_all();
  }));

  app::instance broker;
  app::instance_options o;
  o.port = 0;
  ASSERT_TRUE(broker.start(o));
  http_client c;
  ASSERT_TRUE(c.connect("127.0.0.1", broker.port()));
  std::string const sub_body =
      R"({"type":"Subscription","entities":[{"type":"Gauge"}],"notification":{"endpoint":{"uri":")" +
      mosquitto.url() +
      R"(/city/alerts","notifierInfo":[{"key":"MQTT-QoS","value":"1"}],"receiverInfo":[{"key":"X-Zone","value":"north"}]}}})";
  auto r = c.request("POST", "/ngsi-ld/v1/subscriptions", {{"Content-Type", "application/json"}}, sub_body);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  r = c.request("POST", "/ngsi-ld/v1/entities", {{"Content-Type", "application/json"}},
                R"({"id":"urn:ngsi-ld:Gauge:m","type":"Gauge","level":{"type":"Property","value":2}})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201);

  std::unique_lock lock(mutex);
  ASSERT_TRUE(cv.wait_for(lock, 5s, [&] { return !got.empty(); })) << "no MQTT notification";
  auto msg = parse_json(got[0]);
  ASSERT_TRUE(msg) << got[0];
  auto const& m = msg->as_object();
  EXPECT_EQ(m.at("metadata").at("Content-Type").as_string(), "application/json");
  EXPECT_EQ(m.at("metadata").at("X-Zone").as_string(), "north");
  EXPECT_EQ(m.at("body").at("type").as_string(), "Notification");
  EXPECT_EQ(m.at("body").at("data").at(0).at("id").as_string(), "urn:ngsi-ld:Gauge:m");
  lock.unlock();
  broker.stop();
}

}  // namespace
}  // namespace cityos::api
