// SPDX-License-Identifier: Apache-2.0
#include "auth/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace cityos::auth {
namespace {

using namespace std::chrono_literals;
using clock = rate_limiter::clock;

rate_limiter make(double rate, double burst, std::size_t max_callers = 100'000) {
  auto r = rate_limiter::make({rate, burst, max_callers});
  EXPECT_TRUE(r.ok());
  return std::move(*r);
}

TEST(RateLimiter, AllowsTheBurstThenRefusesWithRetryAfter) {
  auto limiter = make(2, 3);
  auto const t0 = clock::time_point{} + 1h;
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.acquire("key-a", t0)) << i;
  auto wait = limiter.acquire("key-a", t0);
  ASSERT_TRUE(wait);
  EXPECT_NEAR(*wait, 0.5, 1e-9);  // one token per 0.5 s
  EXPECT_FALSE(limiter.acquire("key-b", t0));  // callers are independent
  EXPECT_NEAR(*limiter.acquire("key-a", t0 + 250ms), 0.25, 1e-9);
  EXPECT_FALSE(limiter.acquire("key-a", t0 + 500ms));
  EXPECT_TRUE(limiter.acquire("key-a", t0 + 500ms));
}

TEST(RateLimiter, RefillsUpToTheBurstOnly) {
  auto limiter = make(10, 2);
  auto const t0 = clock::time_point{} + 1h;
  EXPECT_FALSE(limiter.acquire("k", t0));
  EXPECT_FALSE(limiter.acquire("k", t0));
  EXPECT_TRUE(limiter.acquire("k", t0));
  auto const later = t0 + 1h;
  EXPECT_FALSE(limiter.acquire("k", later));
  EXPECT_FALSE(limiter.acquire("k", later));
  EXPECT_TRUE(limiter.acquire("k", later));
}

TEST(RateLimiter, AverageRateHolds) {
  auto limiter = make(100, 1);
  auto t = clock::time_point{} + 1h;
  int allowed = 0;
  for (int i = 0; i < 10'000; ++i, t += 1ms) allowed += limiter.acquire("k", t) ? 0 : 1;
  EXPECT_NEAR(allowed, 1000, 2);  // 10 s at 100/s
}

TEST(RateLimiter, EvictsIdleBucketsAndStaysBounded) {
  auto limiter = make(1, 5, 1600);  // 100 buckets per shard
  auto const t0 = clock::time_point{} + 1h;
  for (int i = 0; i < 1000; ++i) (void)limiter.acquire("caller-" + std::to_string(i), t0);
  EXPECT_EQ(limiter.size(), 1000u);
  // 10 s later every bucket has refilled: the next new callers sweep them away.
  for (int i = 0; i < 32; ++i) (void)limiter.acquire("late-" + std::to_string(i), t0 + 10s);
  EXPECT_LT(limiter.size(), 200u);
  // Callers arriving faster than buckets refill: the cap still holds.
  for (int i = 0; i < 20'000; ++i) (void)limiter.acquire("flood-" + std::to_string(i), t0 + 11s);
  EXPECT_LE(limiter.size(), 1600u + 16u);
}

TEST(RateLimiter, EvictionDoesNotResetABusyCaller) {
  auto limiter = make(1, 2, 16);  // one bucket per shard
  auto const t0 = clock::time_point{} + 1h;
  EXPECT_FALSE(limiter.acquire("busy", t0));
  EXPECT_FALSE(limiter.acquire("busy", t0));
  EXPECT_TRUE(limiter.acquire("busy", t0));
  EXPECT_TRUE(limiter.acquire("busy", t0 + 100ms));
}

TEST(RateLimiter, RefusesBadConfiguration) {
  EXPECT_FALSE(rate_limiter::make({0, 1}).ok());
  EXPECT_FALSE(rate_limiter::make({1, 0.5}).ok());
  EXPECT_FALSE(rate_limiter::make({1, 1, 0}).ok());
}

TEST(RateLimiter, IsThreadSafe) {
  auto limiter = make(1, 1000);
  auto const t0 = clock::time_point{} + 1h;
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) allowed += limiter.acquire("shared", t0) ? 0 : 1;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 1000);
}

}  // namespace
}  // namespace cityos::auth
