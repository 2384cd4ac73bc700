// SPDX-License-Identifier: Apache-2.0
// The delivery queues: order, retries, failure reports, refusal when full,
// and a slow endpoint that holds up nobody else.
#include <atomic>
#include <map>
#include <mutex>

#include <gtest/gtest.h>

#include "api/subscriptions/delivery.h"
#include "notification_receiver.h"

namespace cityos::api {
namespace {

using namespace std::chrono_literals;

struct reports {
  std::mutex mutex;
  std::map<std::string, int> ok, failed;
  std::map<std::string, std::string> last_error;
  void add(std::string const& key, bool good, std::string const& error) {
    std::lock_guard lock(mutex);
    (good ? ok : failed)[key]++;
    if (!good) last_error[key] = error;
  }
  int count(bool good, std::string const& key) {
    std::lock_guard lock(mutex);
    auto& m = good ? ok : failed;
    return m.contains(key) ? m[key] : 0;
  }
};

outgoing_notification note(std::string key, std::string body) {
  outgoing_notification n;
  n.subscription_key = std::move(key);
  n.body = std::move(body);
  n.content_type = "application/json";
  return n;
}

template <typename F>
bool eventually(F f, std::chrono::milliseconds limit = 5s) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (f()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return f();
}

TEST(delivery, sends_in_order_and_reports) {
  testing::notification_receiver rx;
  reports rep;
  delivery d({}, [&](auto const& k, bool ok, auto const& e) { rep.add(k, ok, e); }, {});
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(d.enqueue(rx.url(), note("s", std::to_string(i))));
  auto got = rx.wait_for(20);
  ASSERT_EQ(got.size(), 20u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(got[i].body, std::to_string(i));
  EXPECT_TRUE(eventually([&] { return rep.count(true, "s") == 20; }));
  EXPECT_EQ(d.totals().sent, 20u);
}

TEST(delivery, failing_endpoint_is_retried_then_reported) {
  testing::notification_receiver rx(500);
  reports rep;
  delivery_options o;
  o.max_attempts = 3;
  o.first_backoff = 10ms;
  delivery d(o, [&](auto const& k, bool ok, auto const& e) { rep.add(k, ok, e); }, {});
  ASSERT_TRUE(d.enqueue(rx.url(), note("s", "x")));
  ASSERT_TRUE(eventually([&] { return rep.count(false, "s") == 1; }));
  EXPECT_EQ(rx.count(), 3u);  // three attempts
  EXPECT_EQ(d.totals().retried, 2u);
  std::lock_guard lock(rep.mutex);
  EXPECT_NE(rep.last_error["s"].find("500"), std::string::npos);
}

TEST(delivery, full_queue_refuses_and_counts) {
  testing::notification_receiver slow(204, 300ms);
  delivery_options o;
  o.queue_capacity = 2;
  delivery d(o, [](auto const&, bool, auto const&) {}, {});
  int accepted = 0;
  for (int i = 0; i < 10; ++i) accepted += d.enqueue(slow.url(), note("s", "x")) ? 1 : 0;
  EXPECT_LE(accepted, 3);  // capacity 2, plus perhaps one already taken by a sender
  EXPECT_EQ(d.totals().refused, static_cast<std::uint64_t>(10 - accepted));
}

TEST(delivery, slow_endpoint_does_not_delay_others) {
  testing::notification_receiver slow(204, 1000ms);
  testing::notification_receiver fast;
  delivery d({}, [](auto const&, bool, auto const&) {}, {});
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(d.enqueue(slow.url(), note("slow", "x")));
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(d.enqueue(fast.url(), note("fast", "y")));
  EXPECT_EQ(fast.wait_for(10, 900ms).size(), 10u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 900ms);
}

TEST(delivery, subscriptions_share_an_endpoint_in_parallel_but_each_stays_in_order) {
  testing::notification_receiver slow(204, 300ms);
  delivery_options o;
  o.per_endpoint = 4;
  delivery d(o, [](auto const&, bool, auto const&) {}, {});
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(d.enqueue(slow.url(), note("s" + std::to_string(i), "a")));
  EXPECT_EQ(slow.wait_for(4, 2s).size(), 4u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1000ms);  // not 4 x 300 ms in a row

  testing::notification_receiver rx(204, 20ms);
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(d.enqueue(rx.url(), note("same", std::to_string(i))));
  auto got = rx.wait_for(6);
  ASSERT_EQ(got.size(), 6u);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(got[i].body, std::to_string(i));
}

TEST(delivery, mqtt_without_a_broker_fails_clearly) {
  reports rep;
  delivery_options o;
  o.max_attempts = 1;
  delivery d(o, [&](auto const& k, bool ok, auto const& e) { rep.add(k, ok, e); }, {});
  ASSERT_TRUE(d.enqueue("mqtt://127.0.0.1:1883/t", note("m", "x")));
  ASSERT_TRUE(eventually([&] { return rep.count(false, "m") == 1; }));
  std::lock_guard lock(rep.mutex);
  EXPECT_NE(rep.last_error["m"].find("MQTT"), std::string::npos);
}

}  // namespace
}  // namespace cityos::api
