// SPDX-License-Identifier: Apache-2.0
// Huge-page arenas: created (this test links jemalloc, as `cityos` does),
// bound to a thread for a scope's life only, shared by several threads, and
// their memory usable and freed from anywhere.
#include "common/huge_pages.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <jemalloc/jemalloc.h>

namespace cityos {
namespace {

unsigned thread_arena() {
  unsigned a = 0;
  std::size_t sz = sizeof(a);
  EXPECT_EQ(mallctl("thread.arena", &a, &sz, nullptr, 0), 0);
  return a;
}

TEST(huge_page_scope, binds_the_thread_to_its_arena_while_alive) {
  unsigned const before = thread_arena();
  std::vector<std::unique_ptr<std::string>> kept;
  {
    huge_page_scope scope;
    ASSERT_TRUE(scope.active());
    EXPECT_NE(scope.arena(), before);
    EXPECT_EQ(thread_arena(), scope.arena());
    // Small pieces and a large block, as loading allocates them.
    for (int i = 0; i < 20000; ++i) kept.push_back(std::make_unique<std::string>(300, static_cast<char>('a' + i % 26)));
    std::vector<char> block(16u << 20);
    std::memset(block.data(), 7, block.size());
    EXPECT_EQ(block[12345], 7);
    // The arena is this thread's only.
    std::thread([&] { EXPECT_NE(thread_arena(), scope.arena()); }).join();
  }
  EXPECT_EQ(thread_arena(), before);
  EXPECT_EQ(*kept[27], std::string(300, 'b'));
  // Freed on another thread, as a later write frees a loaded entity.
  std::thread([&] { kept.clear(); }).join();
  EXPECT_TRUE(kept.empty());
}

TEST(huge_page_scope, each_scope_restores_what_it_found) {
  unsigned const before = thread_arena();
  {
    huge_page_scope outer;
    ASSERT_TRUE(outer.active());
    {
      huge_page_scope inner;
      ASSERT_TRUE(inner.active());
      EXPECT_EQ(thread_arena(), inner.arena());
    }
    EXPECT_EQ(thread_arena(), outer.arena());
  }
  EXPECT_EQ(thread_arena(), before);
}

TEST(huge_page_arena, one_arena_serves_several_threads) {
  auto arena = huge_page_arena::create();
  ASSERT_TRUE(arena.has_value());
  std::vector<unsigned> seen(2);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&, t] {
      huge_page_scope scope(arena);
      EXPECT_TRUE(scope.active());
      seen[t] = thread_arena();
      std::string s(100000, 'x');
      EXPECT_EQ(s[99999], 'x');
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(seen[0], arena->index());
  EXPECT_EQ(seen[1], arena->index());
  huge_page_scope none(std::nullopt);
  EXPECT_FALSE(none.active());
}

}  // namespace
}  // namespace cityos
