// SPDX-License-Identifier: Apache-2.0
// Device ingestion end to end: a real Mosquitto on a free loopback port, a
// CityOS instance connected to it (--mqtt), measurements published on the
// IoT Agent topics and the entities read back over the NGSI-LD API.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "../api/mqtt/mosquitto_process.h"
#include "api/http/http_client.h"
#include "api/mqtt/mqtt_client.h"
#include "app/instance.h"
#include "common/json.h"
#include "iot/mqtt_ingest.h"

namespace cityos::iot {
namespace {

using testing_support::mosquitto_process;

TEST(measure_topic, formats) {
  auto j = parse_measure_topic("/json/k1/d1/attrs");
  ASSERT_TRUE(j);
  EXPECT_EQ(j->format, payload_format::json);
  EXPECT_EQ(j->apikey, "k1");
  EXPECT_EQ(j->device_id, "d1");
  EXPECT_EQ(parse_measure_topic("/ul/k1/d1/attrs")->format, payload_format::ultralight);
  EXPECT_EQ(parse_measure_topic("/k1/d1/attrs")->format, payload_format::detect);
  for (char const* bad : {"k1/d1/attrs", "/k1/d1/cmd", "/json/k1/d1/x/attrs", "/x/k1/d1/attrs", "//d1/attrs"}) {
    EXPECT_FALSE(parse_measure_topic(bad)) << bad;
  }
}

class mqtt_ingest : public testing::Test {
 protected:
  void SetUp() override {
    if (!mosquitto_process::available()) {
      GTEST_SKIP() << "/usr/sbin/mosquitto missing: install Debian's mosquitto (scripts/install-deps.sh)";
    }
    broker_ = std::make_unique<mosquitto_process>();
    ASSERT_TRUE(broker_->ok()) << "mosquitto did not start";
    app::instance_options o;
    o.port = 0;
    o.mqtt_url = broker_->url();
    auto started = city_.start(o);
    ASSERT_TRUE(started) << started.err().detail;
    ASSERT_TRUE(http_.connect("127.0.0.1", city_.port()));
    api::mqtt_options mo;
    mo.port = broker_->port();
    auto pub = api::mqtt_client::connect(mo);
    ASSERT_TRUE(pub) << pub.err().detail;
    pub_ = std::move(*pub);
  }
  void TearDown() override {
    pub_.reset();
    city_.stop();
    broker_.reset();
  }

  api::client_response request(std::string_view method, std::string_view target, std::string_view body = {}) {
    api::client_headers h{{"fiware-service", "city"}, {"fiware-servicepath", "/"},
                          {"ngsild-tenant", "city"}};
    if (!body.empty()) h.emplace_back("content-type", "application/json");
    auto r = http_.request(method, target, h, body);
    EXPECT_TRUE(r) << r.err().detail;
    return r ? *r : api::client_response{};
  }

  // Polls the entity until `pred` holds for it (up to 10 s); returns it.
  json::object wait_entity(std::string const& id, std::function<bool(json::object const&)> pred) {
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    json::object last;
    while (std::chrono::steady_clock::now() < deadline) {
      auto r = request("GET", "/ngsi-ld/v1/entities/" + id);
      if (r.status == 200) {
        last = parse_json(r.body)->as_object();
        if (pred(last)) return last;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "entity " << id << " never matched; last: " << dump(last);
    return last;
  }

  std::unique_ptr<mosquitto_process> broker_;
  app::instance city_;
  api::http_client http_;
  std::unique_ptr<api::mqtt_client> pub_;
};

TEST_F(mqtt_ingest, measurements_become_entity_updates) {
  auto created = request("POST", "/iot/services", R"({"services": [{"apikey": "k1", "entity_type": "Sensor",
      "attributes": [{"object_id": "t", "name": "temperature", "type": "Number",
                      "metadata": {"unitCode": {"type": "Text", "value": "CEL"}}}],
      "static_attributes": [{"name": "district", "type": "Text", "value": "north"}]}]})");
  ASSERT_EQ(created.status, 201) << created.body;

  ASSERT_TRUE(pub_->publish("/json/k1/dev1/attrs", R"({"t": 21.5, "TimeInstant": "2024-05-01T10:00:00Z"})", 1));
  auto e = wait_entity("urn:ngsi-ld:Sensor:dev1", [](json::object const& o) { return o.contains("temperature"); });
  auto const& t = e.at("temperature").as_object();
  EXPECT_EQ(t.at("value"), json::value(21.5));
  EXPECT_EQ(t.at("unitCode"), json::value("CEL"));
  EXPECT_EQ(t.at("observedAt"), json::value("2024-05-01T10:00:00.000Z"));
  EXPECT_EQ(e.at("district").at("value"), json::value("north"));
  EXPECT_EQ(e.at("type"), json::value("Sensor"));

  // UltraLight with two measure groups: the last one wins.
  ASSERT_TRUE(pub_->publish("/ul/k1/dev2/attrs", "t|19#t|20.5", 1));
  wait_entity("urn:ngsi-ld:Sensor:dev2", [](json::object const& o) {
    return o.contains("temperature") && o.at("temperature").at("value") == json::value(20.5);
  });
  // The bare topic takes either format.
  ASSERT_TRUE(pub_->publish("/k1/dev3/attrs", "t|7", 0));
  ASSERT_TRUE(pub_->publish("/k1/dev3/attrs", R"({"h": 50})", 0));
  wait_entity("urn:ngsi-ld:Sensor:dev3", [](json::object const& o) { return o.contains("h") && o.contains("temperature"); });

  // The devices were autoprovisioned.
  auto devices = request("GET", "/iot/devices");
  EXPECT_EQ(parse_json(devices.body)->at("count"), json::value(3));
}

TEST_F(mqtt_ingest, bad_payloads_are_counted_not_fatal) {
  ASSERT_EQ(request("POST", "/iot/services", R"({"services": [{"apikey": "k2", "entity_type": "Meter"}]})").status, 201);
  ASSERT_TRUE(pub_->publish("/json/k2/m1/attrs", "{not json", 1));
  ASSERT_TRUE(pub_->publish("/ul/k2/m1/attrs", "a|1|b", 1));
  ASSERT_TRUE(pub_->publish("/json/unknown/m1/attrs", R"({"a": 1})", 1));
  ASSERT_TRUE(pub_->publish("/json/k2/m1/attrs", R"({"a": 1})", 1));
  wait_entity("urn:ngsi-ld:Meter:m1", [](json::object const& o) { return o.contains("a"); });
  auto metrics = request("GET", "/metrics");
  EXPECT_NE(metrics.body.find(R"(iot_measurements{outcome="rejected_payload"} 2)"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find(R"(iot_measurements{outcome="unknown_device"} 1)"), std::string::npos);
}

}  // namespace
}  // namespace cityos::iot
