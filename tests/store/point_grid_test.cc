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
                                   located_list const& others = {},
                                   std::size_t stop_after = SIZE_MAX) {
  std::vector<located_list const*> cells;
  g.cells(box, cells);
  std::vector<std::string> out;
  visit_located_in_id_order(cells, box, keep, others, [&](indexed_entity const* e) {
    out.push_back(e->first);
    return out.size() < stop_after;
  });
  return out;
}

TEST(located_list, keeps_id_order_through_inserts_and_erases_across_chunks) {
  entities es;
  std::vector<located> all;
  for (int i = 0; i < 3000; ++i) {
    auto const* e = es.add("urn:l:" + std::to_string(i % 1000));  // one id thrice...
    for (int k = 0; k < (i % 7 == 0 ? 3 : 1); ++k) {  // ...and some entities at several places
      all.push_back({id_key::of(e->first), e, 0.1 * k, static_cast<double>(i)});
    }
  }
  std::mt19937 rng(11);
  std::shuffle(all.begin(), all.end(), rng);
  located_list l;
  for (auto const& e : all) l.insert(e);
  auto read = [&l] {
    std::vector<located> out;
    for (located_list::cursor c(l); !c.done(); c.next()) out.push_back(*c);
    return out;
  };
  auto in_order = read();
  ASSERT_EQ(in_order.size(), all.size());
  EXPECT_TRUE(std::is_sorted(in_order.begin(), in_order.end(), id_less{}));
  std::shuffle(all.begin(), all.end(), rng);
  for (std::size_t i = 0; i < all.size(); ++i) {
    ASSERT_TRUE(l.erase(all[i])) << i;
    if (i % 500 == 0) {
      auto rest = read();
      EXPECT_EQ(rest.size(), all.size() - i - 1);
      EXPECT_TRUE(std::is_sorted(rest.begin(), rest.end(), id_less{}));
    }
  }
  EXPECT_TRUE(l.empty());
  EXPECT_FALSE(l.erase(all[0]));
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
  located_list others;
  others.insert({id_key::of("urn:c"), c, 0, 0});
  others.insert({id_key::of("urn:b"), b, 0, 0});
  EXPECT_EQ(visit_all(g, box, {}, others),
            (std::vector<std::string>{"urn:a", "urn:b", "urn:c", "urn:d"}));
  auto const west_of_2_5 = [](geo_box const& p) { return p.max_lon < 2.5; };
  EXPECT_EQ(visit_all(g, box, west_of_2_5), (std::vector<std::string>{"urn:a", "urn:c"}));
}

TEST(point_grid, remove_takes_out_one_point) {
  entities es;
  point_grid g;
  std::vector<indexed_entity const*> nodes;
  for (int i = 99; i >= 0; --i) {
    nodes.push_back(es.add("urn:x:" + std::to_string(1000 + i)));
    g.add(nodes.back(), 0.001 * i, 0.0);
  }
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
  g.add(es.add("urn:x:0500"), 0.05, 0.0);
  EXPECT_EQ(visit_all(g, geo_box{-1, -1, 1, 1}).front(), "urn:x:0500");
}

TEST(point_grid, bulk_adds_and_removals_take_effect_at_sort) {
  entities es;
  point_grid g;
  std::vector<indexed_entity const*> nodes;
  for (int i = 299; i >= 0; --i) {  // out of id order, as a log replays
    nodes.push_back(es.add("urn:b:" + std::to_string(1000 + i)));
    g.add(nodes.back(), 0.001 * (i % 10), 0.0, /*bulk=*/true);
  }
  // Removed before sort(): urn:b:1299 (nodes[0]) at its place; a removal
  // at a place it is not at changes nothing.
  EXPECT_TRUE(g.remove(nodes[0], 0.001 * 9, 0.0));
  g.remove(nodes[1], 0.5, 0.5);
  // An entity at the same address as a removed one is told apart by its id.
  g.add(nodes[2], 0.007, 0.0, /*bulk=*/true);  // urn:b:1297 a second time
  EXPECT_TRUE(g.remove(nodes[2], 0.007, 0.0));
  g.sort();
  EXPECT_EQ(g.size(), 299u);
  auto ids = visit_all(g, geo_box{-1, -1, 1, 1});
  ASSERT_EQ(ids.size(), 299u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(ids.back(), "urn:b:1298");
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "urn:b:1297"), 1);
  // After sort(), removals act at once.
  EXPECT_TRUE(g.remove(nodes[1], 0.001 * 8, 0.0));
  EXPECT_EQ(visit_all(g, geo_box{-1, -1, 1, 1}).back(), "urn:b:1297");
}

TEST(point_grid, many_entities_at_one_place_and_two_points_of_one_entity_there) {
  entities es;
  point_grid g;
  std::vector<indexed_entity const*> nodes;
  for (int i = 0; i < 20000; ++i) {
    nodes.push_back(es.add("urn:same:" + std::to_string(i)));
    g.add(nodes.back(), 0, 0);  // a default location
  }
  g.add(nodes[5], 0, 0);  // a second instance at the very same place
  EXPECT_EQ(g.size(), 20001u);
  auto ids = visit_all(g, geo_box{-1, -1, 1, 1});
  EXPECT_EQ(ids.size(), 20000u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_TRUE(g.remove(nodes[5], 0, 0));
  EXPECT_TRUE(g.remove(nodes[5], 0, 0));
  EXPECT_FALSE(g.remove(nodes[5], 0, 0));
  EXPECT_EQ(visit_all(g, geo_box{-1, -1, 1, 1}).size(), 19999u);
}

}  // namespace
}  // namespace cityos::store
