// SPDX-License-Identifier: Apache-2.0
// mqtt_client against a real Mosquitto (started on a free loopback port), and
// the mqtt:// URL parsers.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "api/mqtt/mqtt_client.h"
#include "mosquitto_process.h"

namespace cityos::api {
namespace {

using testing_support::mosquitto_process;

TEST(parse_mqtt_url, host_port_topic) {
  auto r = parse_mqtt_url("mqtt://broker.local:1884/city/notifications");
  ASSERT_TRUE(r) << r.err().detail;
  EXPECT_EQ(r->first.host, "broker.local");
  EXPECT_EQ(r->first.port, 1884);
  EXPECT_EQ(r->second, "city/notifications");
}

TEST(parse_mqtt_url, default_port_and_credentials) {
  auto r = parse_mqtt_url("mqtt://alice:secret@10.0.0.1/t");
  ASSERT_TRUE(r) << r.err().detail;
  EXPECT_EQ(r->first.port, 1883);
  EXPECT_EQ(r->first.username, "alice");
  EXPECT_EQ(r->first.password, "secret");
  EXPECT_EQ(r->second, "t");
}

TEST(parse_mqtt_url, rejects_bad_urls) {
  auto tls = parse_mqtt_url("mqtts://h:8883/t");
  ASSERT_FALSE(tls);
  EXPECT_EQ(tls.err().code, error_code::not_supported);
  EXPECT_NE(tls.err().detail.find("mqtts"), std::string::npos);
  for (char const* bad : {"http://h/t", "mqtt://h:1883", "mqtt://h:1883/", "mqtt://:1883/t",
                          "mqtt://h:99999/t", "mqtt://h:x/t", "mqtt://h/a/#"}) {
    auto r = parse_mqtt_url(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.err().code, error_code::bad_request) << bad;
  }
}

TEST(parse_mqtt_broker_url, without_topic) {
  auto r = parse_mqtt_broker_url("mqtt://127.0.0.1:1883");
  ASSERT_TRUE(r) << r.err().detail;
  EXPECT_EQ(r->port, 1883);
  EXPECT_TRUE(parse_mqtt_broker_url("mqtt://127.0.0.1:1883/"));
  EXPECT_FALSE(parse_mqtt_broker_url("mqtt://127.0.0.1:1883/topic"));
}

TEST(mqtt_client, connect_refused_is_unavailable) {
  mqtt_options o;
  o.port = 1;  // nothing listens there
  auto c = mqtt_client::connect(o);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.err().code, error_code::unavailable);
}

TEST(mqtt_client, publish_and_subscribe_qos0_and_qos1) {
  if (!mosquitto_process::available()) GTEST_SKIP() << "/usr/sbin/mosquitto missing (apt-get install mosquitto)";
  mosquitto_process broker;
  ASSERT_TRUE(broker.ok());
  mqtt_options o;
  o.port = broker.port();
  auto sub = mqtt_client::connect(o);
  ASSERT_TRUE(sub) << sub.err().detail;
  auto pub = mqtt_client::connect(o);
  ASSERT_TRUE(pub) << pub.err().detail;
  EXPECT_TRUE((*sub)->connected());

  std::mutex m;
  std::vector<std::pair<std::string, std::string>> got;
  std::atomic<int> n{0};
  std::atomic<bool> subscribed{false};
  ASSERT_TRUE((*sub)->subscribe("test/+/x", 1, [&](std::string_view t, std::string_view p) {
    if (t == "test/probe/x") {
      subscribed = true;
      return;
    }
    std::lock_guard lock(m);
    got.emplace_back(t, p);
    ++n;
  }));
  // Both clients are connected and the subscription active once a probe comes
  // back (a fixed 200 ms wait was too short on a loaded machine). A publish
  // before the publisher's CONNACK fails: the loop tries again.
  auto const subscribed_by = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!subscribed && std::chrono::steady_clock::now() < subscribed_by) {
    (void)(*pub)->publish("test/probe/x", "probe", 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(subscribed);
  // More messages than message ids exist: counting must not depend on ids.
  constexpr int kMessages = 66'000;
  for (int i = 0; i < kMessages; ++i) {
    auto r = (*pub)->publish("test/" + std::to_string(i % 3) + "/x", std::to_string(i), i % 2);
    ASSERT_TRUE(r) << i << ": " << r.err().detail;
  }
  ASSERT_TRUE((*pub)->publish("test/a/other", "not matched", 0));
  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (n < kMessages && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::lock_guard lock(m);
  ASSERT_EQ(got.size(), std::size_t{kMessages});
  EXPECT_EQ(got[0].first, "test/0/x");
  EXPECT_EQ(got[0].second, "0");
}

// subscribe() returns once the broker has the subscription: a message
// published right after it is delivered (the broker drops publishes that come
// before a subscription, so this failed now and then before the SUBACK wait).
TEST(mqtt_client, a_message_published_after_subscribe_returns_arrives) {
  if (!mosquitto_process::available()) GTEST_SKIP() << "/usr/sbin/mosquitto missing (apt-get install mosquitto)";
  mosquitto_process broker;
  ASSERT_TRUE(broker.ok());
  mqtt_options o;
  o.port = broker.port();
  auto pub = mqtt_client::connect(o);
  ASSERT_TRUE(pub) << pub.err().detail;
  constexpr int kRounds = 20;
  std::atomic<int> got{0};
  std::vector<std::unique_ptr<mqtt_client>> subscribers;
  for (int i = 0; i < kRounds; ++i) {
    auto sub = mqtt_client::connect(o);
    ASSERT_TRUE(sub) << sub.err().detail;
    std::string const topic = "fresh/" + std::to_string(i);
    ASSERT_TRUE((*sub)->subscribe(topic, 1, [&](std::string_view, std::string_view) { ++got; }));
    ASSERT_TRUE((*pub)->publish(topic, "hello", 1));
    subscribers.push_back(std::move(*sub));
  }
  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (got < kRounds && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(got, kRounds);
}

TEST(mqtt_client, rejects_bad_qos_and_filters) {
  if (!mosquitto_process::available()) GTEST_SKIP() << "/usr/sbin/mosquitto missing (apt-get install mosquitto)";
  mosquitto_process broker;
  ASSERT_TRUE(broker.ok());
  mqtt_options o;
  o.port = broker.port();
  auto c = mqtt_client::connect(o);
  ASSERT_TRUE(c) << c.err().detail;
  EXPECT_EQ((*c)->publish("t", "x", 2).err().code, error_code::bad_request);
  EXPECT_EQ((*c)->publish("a/#", "x", 0).err().code, error_code::bad_request);
  EXPECT_EQ((*c)->subscribe("a/#/b", 0, {}).err().code, error_code::bad_request);
}

TEST(mqtt_client, reconnects_and_resubscribes) {
  if (!mosquitto_process::available()) GTEST_SKIP() << "/usr/sbin/mosquitto missing (apt-get install mosquitto)";
  auto broker = std::make_unique<mosquitto_process>();
  ASSERT_TRUE(broker->ok());
  mqtt_options o;
  o.port = broker->port();
  auto c = mqtt_client::connect(o);
  ASSERT_TRUE(c) << c.err().detail;
  std::atomic<int> n{0};
  ASSERT_TRUE((*c)->subscribe("r", 0, [&](std::string_view, std::string_view) { ++n; }));
  unsigned short const port = broker->port();
  broker.reset();  // the broker goes away
  auto wait_for = [](auto pred, int seconds) {
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (!pred() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return pred();
  };
  ASSERT_TRUE(wait_for([&] { return !(*c)->connected(); }, 5));
  EXPECT_EQ((*c)->publish("r", "x", 0).err().code, error_code::unavailable);
  broker = std::make_unique<mosquitto_process>(port);  // back on the same port
  ASSERT_TRUE(broker->ok());
  ASSERT_TRUE(wait_for([&] { return (*c)->connected(); }, 20));
  // The subscription was renewed: a message published now arrives.
  ASSERT_TRUE(wait_for([&] {
    (void)(*c)->publish("r", "again", 0);
    return n > 0;
  }, 5));
}

}  // namespace
}  // namespace cityos::api
