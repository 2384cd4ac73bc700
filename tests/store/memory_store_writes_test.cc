// SPDX-License-Identifier: Apache-2.0
// Concurrent writes to the embedded store: no write of an entity is lost to
// another one made at the same time, whichever way the store serializes them.
#include "store/memory/memory_store.h"

#include "memory_store_fixtures.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace cityos::store {
namespace {

constexpr char const* kCounter = "https://uri.etsi.org/ngsi-ld/default-context/count";

using test_support::open_store;
using test_support::temp_dir;

std::int64_t count_of(json::object const& e) {
  return e.at(kCounter).at("value").as_int64();
}

// Adds one to the entity's counter, creating the entity at 1. Counts its calls.
mutate_fn increment(std::string id, std::atomic<int>& calls) {
  return [id = std::move(id), &calls](json::object const* current) -> result<mutation> {
    ++calls;
    std::int64_t const n = current ? count_of(*current) + 1 : 1;
    json::object e{{"id", id}, {"type", json::array{"https://example.org/Counter"}}};
    e[kCounter] = json::object{{"type", "Property"}, {"value", n}};
    return mutation{mutation::kind::put, std::move(e)};
  };
}

// Threads incrementing the same few entities one modify() at a time, and one
// thread doing it in batches: every increment is kept, each mutate_fn runs
// exactly once, and the log replays to the same counts.
TEST(memory_store_writes, concurrent_modifies_of_one_entity_lose_nothing) {
  auto const dir = temp_dir("writes");
  constexpr int kThreads = 4, kPerThread = 400, kBatches = 100, kEntities = 3;
  std::vector<std::string> ids;
  for (int i = 0; i < kEntities; ++i) ids.push_back("urn:ngsi-ld:Counter:" + std::to_string(i));
  std::atomic<int> calls{0};
  {
    auto s = open_store(dir);
    std::atomic<std::size_t> changes{0};
    s->add_change_listener([&](std::vector<entity_change>&& cs) { changes += cs.size(); });
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t) {
      writers.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) {
          auto const& id = ids[static_cast<std::size_t>(t + i) % ids.size()];
          EXPECT_TRUE(s->modify("", id, increment(id, calls)).ok());
        }
      });
    }
    writers.emplace_back([&] {
      for (int b = 0; b < kBatches; ++b) {
        std::vector<batch_item> items;
        for (auto const& id : ids) items.push_back({id, increment(id, calls)});
        std::vector<result<void>> results;
        s->modify_batch("", items, results);
        for (auto const& r : results) EXPECT_TRUE(r.ok());
      }
    });
    for (auto& w : writers) w.join();
    int const total = kThreads * kPerThread + kBatches * kEntities;
    EXPECT_EQ(calls.load(), total);
    EXPECT_EQ(changes.load(), static_cast<std::size_t>(total));
    std::int64_t sum = 0;
    for (auto const& id : ids) sum += count_of(*s->get("", id));
    EXPECT_EQ(sum, total);
    s->flush();
  }
  auto reopened = open_store(dir);
  std::int64_t sum = 0;
  for (auto const& id : ids) sum += count_of(*reopened->get("", id));
  EXPECT_EQ(sum, kThreads * kPerThread + kBatches * kEntities);
  reopened.reset();
  std::filesystem::remove_all(dir);
}

// A mutation's error leaves the entity as it was and lets later writes of it
// go ahead.
TEST(memory_store_writes, failed_mutation_writes_nothing_and_releases_the_entity) {
  auto s = open_store();
  std::atomic<int> calls{0};
  ASSERT_TRUE(s->modify("", "urn:a", increment("urn:a", calls)).ok());
  auto r = s->modify("", "urn:a", [](json::object const*) -> result<mutation> {
    return make_error(error_code::bad_request, "no");
  });
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(count_of(*s->get("", "urn:a")), 1);
  ASSERT_TRUE(s->modify("", "urn:a", increment("urn:a", calls)).ok());
  EXPECT_EQ(count_of(*s->get("", "urn:a")), 2);
}

}  // namespace
}  // namespace cityos::store
