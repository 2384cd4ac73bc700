// SPDX-License-Identifier: Apache-2.0
#include "common/recent_cache.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace cityos {
namespace {

TEST(recent_cache, finds_what_was_put_and_replaces_on_put) {
  recent_cache<int, std::string> c(64, 2);
  EXPECT_FALSE(c.find(1));
  c.put(1, "one");
  c.put(2, "two");
  ASSERT_TRUE(c.find(1));
  EXPECT_EQ(*c.find(1), "one");
  c.put(1, "uno");
  EXPECT_EQ(*c.find(1), "uno");
  EXPECT_EQ(*c.find(2), "two");
  EXPECT_EQ(c.size(), 2u);
}

TEST(recent_cache, never_holds_more_than_its_capacity) {
  recent_cache<int, int> c(100, 4);
  EXPECT_LE(c.capacity(), 100u);
  for (int i = 0; i < 10'000; ++i) {
    c.put(i, i * 2);
    ASSERT_LE(c.size(), c.capacity());
  }
  // The latest puts are still there, with their values.
  for (int i = 9'990; i < 10'000; ++i) {
    auto v = c.find(i);
    ASSERT_TRUE(v) << i;
    EXPECT_EQ(*v, i * 2);
  }
  EXPECT_FALSE(c.find(0));
}

TEST(recent_cache, fewer_keys_than_the_capacity_all_stay_even_if_their_hashes_share_low_bits) {
  // Like the addresses of same-sized allocations: 448 bytes apart.
  recent_cache<std::uintptr_t, int> c(8192, 8);
  constexpr std::uintptr_t kBase = 0x7f0000001000, kStride = 448;
  for (int round = 0; round < 3; ++round) {
    for (std::uintptr_t i = 0; i < 1000; ++i) {
      if (round == 0) c.put(kBase + i * kStride, static_cast<int>(i));
      ASSERT_TRUE(c.find(kBase + i * kStride)) << "round " << round << " key " << i;
    }
  }
  EXPECT_EQ(c.size(), 1000u);
}

TEST(recent_cache, entries_used_again_stay_while_others_come_and_go) {
  recent_cache<int, int> c(64, 1);  // 32 per generation
  c.put(-1, 7);
  for (int i = 0; i < 1'000; ++i) {
    c.put(i, i);
    // Read the favourite once every 16 puts: it never falls out.
    if (i % 16 == 0) {
      ASSERT_TRUE(c.find(-1)) << i;
    }
  }
  EXPECT_EQ(*c.find(-1), 7);
}

TEST(recent_cache, erase_removes_from_either_generation) {
  recent_cache<int, int> c(4, 1);  // 2 per generation
  c.put(1, 1);
  c.put(2, 2);
  c.put(3, 3);  // 1 and 2 are now the old generation
  c.erase(1);
  c.erase(3);
  c.erase(4);  // absent: nothing happens
  EXPECT_FALSE(c.find(1));
  EXPECT_FALSE(c.find(3));
  EXPECT_EQ(*c.find(2), 2);
  EXPECT_EQ(c.size(), 1u);
}

TEST(recent_cache, stats_count_hits_misses_and_entries) {
  recent_cache<int, int> c(64, 2);
  c.put(1, 1);
  c.put(2, 2);
  EXPECT_TRUE(c.find(1));
  EXPECT_TRUE(c.find(2));
  EXPECT_TRUE(c.find(1));
  EXPECT_FALSE(c.find(3));
  EXPECT_FALSE(c.find(2, [](int) { return false; }));  // found but no longer valid: a miss
  auto const st = c.stats();
  EXPECT_EQ(st.hits, 3u);
  EXPECT_EQ(st.misses, 2u);
  EXPECT_EQ(st.entries, 1u);
}

TEST(recent_cache, an_entry_that_is_no_longer_valid_is_removed) {
  recent_cache<int, int> c(64, 1);
  c.put(1, 10);
  c.put(2, 20);
  EXPECT_FALSE(c.find(1, [](int v) { return v != 10; }));
  EXPECT_FALSE(c.find(1));
  EXPECT_EQ(c.size(), 1u);
  EXPECT_EQ(*c.find(2, [](int v) { return v == 20; }), 20);
}

}  // namespace
}  // namespace cityos
