// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/temporal_paging.h"

#include <gtest/gtest.h>

namespace cityos::api {
namespace {

store::history_attribute attr(std::vector<epoch_ms> times, bool truncated) {
  store::history_attribute a;
  a.iri = "a";
  for (auto t : times) {
    store::history_instance h;
    h.observed_at = t;
    a.instances.push_back(h);
  }
  a.truncated = truncated;
  return a;
}

TEST(temporal_paging, untruncated_results_are_left_alone) {
  std::vector<store::history_entity> es(1);
  es[0].attributes.push_back(attr({1, 2}, false));
  EXPECT_FALSE(cut_to_complete_range(es, {}));
  EXPECT_EQ(es[0].attributes[0].instances.size(), 2u);
}

TEST(temporal_paging, cuts_to_the_range_every_attribute_covers) {
  std::vector<store::history_entity> es(1);
  es[0].attributes.push_back(attr({1000, 2000, 3000}, true));   // complete up to 3000
  es[0].attributes.push_back(attr({1000, 2500, 4000}, false));  // 4000 is beyond: cut
  temporal_params p;
  auto range = cut_to_complete_range(es, p);
  ASSERT_TRUE(range);
  EXPECT_EQ(*range, "date-time 1970-01-01T00:00:01.000Z-1970-01-01T00:00:03.000Z/*");
  EXPECT_EQ(es[0].attributes[1].instances.size(), 2u);
}

TEST(temporal_paging, last_n_pages_backwards) {
  std::vector<store::history_entity> es(1);
  es[0].attributes.push_back(attr({3000, 4000}, true));        // complete from 3000
  es[0].attributes.push_back(attr({1000, 3500, 5000}, false));  // 1000 is before: cut
  temporal_params p;
  p.last_n = 5;
  auto range = cut_to_complete_range(es, p);
  ASSERT_TRUE(range);
  EXPECT_EQ(*range, "date-time 1970-01-01T00:00:05.000Z-1970-01-01T00:00:03.000Z/5");
  EXPECT_EQ(es[0].attributes[1].instances.size(), 2u);
}

}  // namespace
}  // namespace cityos::api
