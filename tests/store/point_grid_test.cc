// SPDX-License-Identifier: Apache-2.0
#include "store/memory/point_grid.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <list>
#include <random>
#include <string>
#include <vector>

namespace cityos::store {
namespace {

// Map nodes stand-ins: stable addresses, like the store's id map.
struct entities {
  std::list<indexed_entity> nodes;
  indexed_entity const* add(std::string id) { return &nodes.emplace_back(std::move(id), entity_blob()); }
};

std::vector<std::string> visit_all(point_grid const& g, geo_box const& box,
                                   std::function<bool(geo_box const&)> const& keep = {},
                                   std::vector<located> const& others = {},
                                   std::size_t stop_after = SIZE_MAX) {
  std::vector<std::span<located const>> cells;
  g.cells(box, cells);
  std::vector<std::string> out;
  visit_located_in_id_order(cells, box, keep, others, [&](indexed_entity const* e) {
    out.push_back(e->first);
    return out.size() < stop_after;
  });
  return out;
}

TEST(point_grid, visits_points_in_the_box_in_id_order_across_cells) {
  entities es;
  point_grid g;
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(-0.2, 0.2);
  std::vector<std::pair<std::string, std::pair<double, double>>> all;
  for (int i = 0; i < 2000; ++i) {
    std::string id = "urn:ngsi-ld:Sensor:" + std::to_string(i);
    double lon = 139.7 + u(rng), lat = 35.6 + u(rng);
    g.add(es.add(id), lon, lat);
    all.push_back({id, {lon, lat}});
  }
  EXPECT_EQ(g.size(), 2000u);
  geo_box const box{139.65, 35.55, 139.78, 35.62};
  std::vector<std::string> expected;
  for (auto const& [id, p] : all) {
    if (p.first >= box.min_lon && p.first <= box.max_lon && p.second >= box.min_lat &&
        p.second <= box.max_lat) {
      expected.push_back(id);
    }
  }
  std::sort(expected.begin(), expected.end());
  ASSERT_GT(expected.size(), 50u);
  EXPECT_EQ(visit_all(g, box), expected);
  // Stopping early gives the first ones.
  EXPECT_EQ(visit_all(g, box, {}, {}, 7), std::vector<std::string>(expected.begin(), expected.begin() + 7));
  // A box wider than the occupied cells takes the other way to them.
  auto everything = visit_all(g, geo_box{-180, -90, 180, 90});
  EXPECT_EQ(everything.size(), 2000u);
  EXPECT_TRUE(std::is_sorted(everything.begin(), everything.end()));
}

TEST(point_grid, keep_drops_points_and_others_merge_in_order_once_each) {
  entities es;
  point_grid g;
  auto const* a = es.add("urn:a");
  auto const* b = es.add("urn:b");
  auto const* c = es.add("urn:c");
  auto const* d = es.add("urn:d");
  g.add(a, 1.0, 1.0);
  g.add(a, 1.5, 1.5);  // a second Point of one entity (another datasetId)
  g.add(c, 2.0, 2.0);
  g.add(d, 3.0, 3.0);
  geo_box const box{0, 0, 4, 4};
  // b has a geometry with an extent (from the R-tree), and so has c.
  std::vector<located> others = {{id_key::of("urn:b"), b, 0, 0}, {id_key::of("urn:c"), c, 0, 0}};
  EXPECT_EQ(visit_all(g, box, {}, others),
            (std::vector<std::string>{"urn:a", "urn:b", "urn:c", "urn:d"}));
  auto const west_of_2_5 = [](geo_box const& p) { return p.max_lon < 2.5; };
  EXPECT_EQ(visit_all(g, box, west_of_2_5), (std::vector<std::string>{"urn:a", "urn:c"}));
}

TEST(point_grid, remove_takes_out_one_point_and_bulk_adds_are_ordered_by_sort) {
  entities es;
  point_grid g;
  std::vector<indexed_entity const*> nodes;
  for (int i = 99; i >= 0; --i) {
    nodes.push_back(es.add("urn:x:" + std::to_string(1000 + i)));
    g.add(nodes.back(), 0.001 * i, 0.0, /*sorted=*/false);
  }
  g.sort();
  auto ids = visit_all(g, geo_box{-1, -1, 1, 1});
  ASSERT_EQ(ids.size(), 100u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_FALSE(g.remove(nodes[0], 0.5, 0.5));  // not where it is
  EXPECT_TRUE(g.remove(nodes[0], 0.099, 0.0));  // urn:x:1099
  EXPECT_FALSE(g.remove(nodes[0], 0.099, 0.0));
  EXPECT_EQ(g.size(), 99u);
  ids = visit_all(g, geo_box{-1, -1, 1, 1});
  EXPECT_EQ(ids.size(), 99u);
  EXPECT_EQ(ids.back(), "urn:x:1098");
  // Added in order after sort(): still ordered.
  g.add(es.add("urn:x:0500"), 0.05, 0.0);
  EXPECT_EQ(visit_all(g, geo_box{-1, -1, 1, 1}).front(), "urn:x:0500");
}

}  // namespace
}  // namespace cityos::store
