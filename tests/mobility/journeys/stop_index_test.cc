// SPDX-License-Identifier: Apache-2.0
// stop_index against brute force on the Muroran feed: for points around and
// between its stops, near() returns exactly the boardable stops within the
// radius, nearest first, cut at the limit.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "mobility/journeys/stop_index.h"
#include "mobility/planner/footpaths.h"
#include "muroran_feed.h"

namespace cityos::mobility::journeys {
namespace {

std::vector<nearby_stop> brute(gtfs::feed const& f, std::vector<bool> const& ok, double lat, double lon, double r) {
  std::vector<nearby_stop> out;
  for (std::size_t s = 0; s < f.stops.size(); ++s) {
    if (!ok[s]) continue;
    double const d = planner::distance_m(lat, lon, f.stops[s].lat, f.stops[s].lon);
    if (d <= r) out.push_back({static_cast<gtfs::index_t>(s), d});
  }
  std::sort(out.begin(), out.end(), [](auto const& a, auto const& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.stop < b.stop;
  });
  return out;
}

TEST(stop_index, boardable_means_location_type_0_with_stop_times) {
  gtfs::feed f;
  f.stops.resize(3);
  f.stops[1].location_type = 1;
  f.stop_times.push_back({0, 0});
  f.stop_times.push_back({0, 1});
  auto const b = boardable_stops(f);
  EXPECT_EQ(b, (std::vector<bool>{true, false, false}));
}

TEST(stop_index, matches_brute_force_on_muroran) {
  auto const& f = muroran_planner().feed();
  auto const ok = boardable_stops(f);
  stop_index const index(f, ok);
  ASSERT_EQ(index.size(), static_cast<std::size_t>(std::count(ok.begin(), ok.end(), true)));
  ASSERT_GT(index.size(), 100u);

  std::mt19937 rng(42);
  std::uniform_int_distribution<std::size_t> pick(0, f.stops.size() - 1);
  std::uniform_real_distribution<double> jitter(-0.01, 0.01);
  for (int i = 0; i < 300; ++i) {
    auto const& s = f.stops[pick(rng)];
    double const lat = s.lat + jitter(rng), lon = s.lon + jitter(rng);
    for (double r : {50.0, 300.0, 1000.0, 2500.0}) {
      auto const want = brute(f, ok, lat, lon, r);
      auto const got = index.near(lat, lon, r, 1'000'000);
      ASSERT_EQ(got.size(), want.size()) << lat << "," << lon << " r=" << r;
      for (std::size_t k = 0; k < got.size(); ++k) {
        EXPECT_EQ(got[k].stop, want[k].stop);
        EXPECT_DOUBLE_EQ(got[k].distance_m, want[k].distance_m);
      }
      auto const few = index.near(lat, lon, r, 3);
      ASSERT_EQ(few.size(), std::min<std::size_t>(3, want.size()));
      for (std::size_t k = 0; k < few.size(); ++k) EXPECT_EQ(few[k].stop, want[k].stop);
    }
  }
  EXPECT_TRUE(index.near(42.3, 140.9, 0, 10).empty());
  EXPECT_TRUE(index.near(0, 0, 1000, 10).empty());  // far from the feed
  EXPECT_EQ(index.near(42.35, 140.97, 100'000, 1'000'000).size(), index.size());  // whole feed
}

}  // namespace
}  // namespace cityos::mobility::journeys
