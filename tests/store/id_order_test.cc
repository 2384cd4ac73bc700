// SPDX-License-Identifier: Apache-2.0
#include "store/memory/id_order.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace cityos::store {
namespace {

std::vector<std::string> sample_ids() {
  std::vector<std::string> ids = {"", "a", "urn", "urn:ngsi-ld", "urn:ngsi-ld:", "urn:ngsi-lc:z",
                                  "urn:ngsi-le:a", "urn:ngsi-ld:A", "urn:ngsi-ld:\x7f",
                                  "urn:ngsi-ld:\xff", "zzz", "\xff"};
  std::mt19937 rng(7);
  std::string const alphabet = "09:-AZaz\x01\x80";
  for (int i = 0; i < 300; ++i) {
    // Long shared prefixes, so keys tie beyond their 32 bytes.
    std::string id = i % 3 == 0 ? "urn:ngsi-ld:WaterQualityObserved:Tsukuba-" : "urn:ngsi-ld:S:";
    for (std::size_t n = rng() % 12; n > 0; --n) id += alphabet[rng() % alphabet.size()];
    ids.push_back(id);
  }
  return ids;
}

TEST(id_key, orders_like_the_ids) {
  auto ids = sample_ids();
  for (auto const& a : ids) {
    for (auto const& b : ids) {
      if (a < b) {
        EXPECT_LE(id_key::of(a), id_key::of(b)) << a << " < " << b;
      }
      if (id_key::of(a) < id_key::of(b)) {
        EXPECT_LT(a, b);
      }
    }
  }
}

std::vector<std::string_view> views(std::vector<std::string> const& ids) {
  return {ids.begin(), ids.end()};
}

std::vector<std::string> visited(std::vector<std::string> const& ids, bool all, std::size_t chunk,
                                 std::size_t stop_after) {
  std::vector<std::string> out;
  visit_ids_in_order(views(ids), all, chunk, [&](std::string_view id) {
    out.emplace_back(id);
    return out.size() < stop_after;
  });
  return out;
}

TEST(visit_ids_in_order, visits_each_id_once_in_order_in_chunks_or_at_once) {
  auto ids = sample_ids();
  auto twice = ids;
  twice.insert(twice.end(), ids.begin(), ids.end());  // an entity with several boxes
  std::shuffle(twice.begin(), twice.end(), std::mt19937(3));
  auto expected = ids;
  std::sort(expected.begin(), expected.end());
  expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
  EXPECT_EQ(visited(twice, true, 0, SIZE_MAX), expected);
  EXPECT_EQ(visited(twice, false, 1, SIZE_MAX), expected);
  EXPECT_EQ(visited(twice, false, 32, SIZE_MAX), expected);
  auto first10 = visited(twice, false, 4, 10);
  EXPECT_EQ(first10, std::vector<std::string>(expected.begin(), expected.begin() + 10));
}

TEST(visit_ids_in_order, nothing_to_visit) {
  EXPECT_TRUE(visited({}, false, 32, SIZE_MAX).empty());
}

}  // namespace
}  // namespace cityos::store
