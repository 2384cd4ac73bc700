// SPDX-License-Identifier: Apache-2.0
#include "ngsild/geo/geo_query.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace cityos::ngsild::geo {
namespace {

constexpr std::string_view kLocation = "https://uri.etsi.org/ngsi-ld/location";
constexpr std::string_view kHoled =
    "[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]";
// Muroran, Hokkaido, and points 1 km north / east of it on the WGS84 ellipsoid.
constexpr double kLon = 140.974;
constexpr double kLat = 42.315;
constexpr double kNorthLat = kLat + 0.0090026;
constexpr double kEastLon = kLon + 0.0121317;

json::value geo(std::string_view text) { return parse_json(text).value(); }

json::value point(double lon, double lat) {
  return json::value{{"type", "Point"}, {"coordinates", json::array{lon, lat}}};
}

geo_query query(std::string_view georel, std::string_view geometry, std::string_view coords) {
  auto q = parse_geo_query(georel, geometry, coords, kLocation);
  EXPECT_TRUE(q.ok()) << georel << " " << geometry << " " << coords << ": "
                      << (q.ok() ? "" : q.err().detail);
  return std::move(q).value();
}

std::string muroran() { return "[" + std::to_string(kLon) + "," + std::to_string(kLat) + "]"; }

TEST(haversine, one_kilometer_in_muroran_within_half_a_percent) {
  EXPECT_NEAR(haversine_meters(kLon, kLat, kLon, kNorthLat), 1000, 5);
  EXPECT_NEAR(haversine_meters(kLon, kLat, kEastLon, kLat), 1000, 5);
  EXPECT_DOUBLE_EQ(haversine_meters(kLon, kLat, kLon, kLat), 0);
}

TEST(parse_geo_query, reads_url_parameters) {
  auto q = query("near;maxDistance==1.5e3", "Point", "[8,40]");
  EXPECT_EQ(q.relation(), georel::near);
  EXPECT_EQ(q.max_distance(), 1500);
  EXPECT_FALSE(q.min_distance());
  EXPECT_EQ(q.geoproperty(), kLocation);
  EXPECT_EQ(dump(q.geometry()), R"({"type":"Point","coordinates":[8,40]})");
  auto w = query("within", "Polygon", kHoled);
  EXPECT_EQ(w.relation(), georel::within);
  EXPECT_EQ(query("near;minDistance==500", "Point", "[8,40]").min_distance(), 500);
}

TEST(parse_geo_query, rejects_bad_georel_and_distances) {
  for (auto rel : {"near;maxDistance==0", "near;maxDistance==-100", "near;maxDistance==inf",
                   "near;maxDistance==1e400", "near;maxDistance==5;minDistance==1", "near",
                   "near;", "touches", "within;maxDistance==5", "near;maxDistance=5",
                   "near;maxDistance==abc", "near;distance==5", "near;maxDistance==+5", ""}) {
    auto q = parse_geo_query(rel, "Point", "[8,40]", kLocation);
    ASSERT_FALSE(q.ok()) << rel;
    EXPECT_EQ(q.err().code, error_code::bad_request) << rel;
    EXPECT_FALSE(q.err().detail.empty());
  }
}

TEST(parse_geo_query, rejects_bad_geometry_and_coordinates) {
  struct input {
    std::string_view geometry;
    std::string_view coordinates;
  };
  for (auto [g, c] : {input{"Point", ""}, input{"Point", "[8,"}, input{"Point", "8"},
                      input{"Circle", "[8,40]"}, input{"", "[8,40]"}, input{"Polygon", "[8,40]"},
                      input{"Point", "[8,95]"}, input{"Polygon", "[[[0,0],[1,0],[1,1],[0,1]]]"}}) {
    auto q = parse_geo_query("within", g, c, kLocation);
    ASSERT_FALSE(q.ok()) << g << " " << c;
    EXPECT_EQ(q.err().code, error_code::bad_request);
  }
}

TEST(parse_geo_query, reads_subscription_geoq) {
  auto q = parse_geo_query(
      geo(R"({"georel":"near;maxDistance==2000","geometry":"Point","coordinates":[-8.52,41.2],
              "geoproperty":"location"})"),
      kLocation);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->max_distance(), 2000);
  EXPECT_TRUE(matches(*q, point(-8.52, 41.21)));
  auto text = parse_geo_query(
      geo(R"({"georel":"within","geometry":"Polygon","coordinates":"[[[0,0],[1,0],[1,1],[0,0]]]"})"),
      "https://example.org/area");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->geoproperty(), "https://example.org/area");
  for (auto bad : {R"([1])", R"({"geometry":"Point","coordinates":[1,2]})",
                   R"({"georel":"within","coordinates":[1,2]})",
                   R"({"georel":"within","geometry":"Point"})",
                   R"({"georel":"within","geometry":"Point","coordinates":{"x":1}})",
                   R"({"georel":5,"geometry":"Point","coordinates":[1,2]})"}) {
    auto r = parse_geo_query(geo(bad), kLocation);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.err().code, error_code::bad_request);
  }
}

TEST(matches, near_point_to_point_max_and_min) {
  auto north = point(kLon, kNorthLat);
  auto east = point(kEastLon, kLat);
  EXPECT_TRUE(matches(query("near;maxDistance==1010", "Point", muroran()), north));
  EXPECT_TRUE(matches(query("near;maxDistance==1010", "Point", muroran()), east));
  EXPECT_FALSE(matches(query("near;maxDistance==990", "Point", muroran()), north));
  EXPECT_FALSE(matches(query("near;maxDistance==990", "Point", muroran()), east));
  EXPECT_TRUE(matches(query("near;minDistance==990", "Point", muroran()), north));
  EXPECT_FALSE(matches(query("near;minDistance==1010", "Point", muroran()), east));
  EXPECT_FALSE(matches(query("near;maxDistance==5000", "Point", muroran()), geo("[1,2]")));
}

TEST(matches, near_extended_geometries_in_meters) {
  // Conformance 019_30_09..12: distance to the closest point, measured metrically.
  auto east_probe = point(10.0, 60.009);
  EXPECT_TRUE(matches(query("near;maxDistance==2000", "LineString", "[[0,60],[10,60]]"),
                      east_probe));
  EXPECT_FALSE(matches(query("near;maxDistance==2000", "LineString", "[[0,61],[10,61]]"),
                       east_probe));
  auto highlat = geo(R"({"type":"LineString","coordinates":[[0.0,85.6],[1.0,85.0]]})");
  EXPECT_TRUE(matches(query("near;maxDistance==20000", "Point", "[0,85]"), highlat));
  EXPECT_FALSE(matches(query("near;maxDistance==5000", "Point", "[0,85]"), highlat));
  EXPECT_TRUE(matches(query("near;minDistance==5000", "Point", "[0,85]"), highlat));
  // A polygon 1 km east of Muroran's point: edge at ~1000 m.
  std::string square = "[[[" + std::to_string(kEastLon) + "," + std::to_string(kLat - 0.01) +
                       "],[" + std::to_string(kEastLon + 0.02) + "," +
                       std::to_string(kLat - 0.01) + "],[" + std::to_string(kEastLon + 0.02) +
                       "," + std::to_string(kLat + 0.01) + "],[" + std::to_string(kEastLon) +
                       "," + std::to_string(kLat + 0.01) + "],[" + std::to_string(kEastLon) +
                       "," + std::to_string(kLat - 0.01) + "]]]";
  auto area = geo(R"({"type":"Polygon","coordinates":)" + square + "}");
  EXPECT_TRUE(matches(query("near;maxDistance==1010", "Point", muroran()), area));
  EXPECT_FALSE(matches(query("near;maxDistance==980", "Point", muroran()), area));
}

TEST(matches, within_polygon_with_hole) {
  auto q = query("within", "Polygon", kHoled);
  EXPECT_TRUE(matches(q, point(2, 2)));    // shell probe
  EXPECT_FALSE(matches(q, point(5, 5)));   // hole probe
  EXPECT_FALSE(matches(q, point(20, 20)));
  EXPECT_FALSE(matches(q, point(0, 5)));   // on the boundary: not within
  EXPECT_TRUE(matches(q, geo(R"({"type":"LineString","coordinates":[[1,1],[3,3]]})")));
  EXPECT_FALSE(matches(q, geo(R"({"type":"LineString","coordinates":[[1,1],[5,5]]})")));
  EXPECT_TRUE(matches(q, geo(R"({"type":"Polygon","coordinates":[[[1,1],[3,1],[3,3],[1,3],[1,1]]]})")));
  EXPECT_TRUE(matches(q, geo(R"({"type":"MultiPoint","coordinates":[[1,1],[8,8]]})")));
  EXPECT_FALSE(matches(q, geo(R"({"type":"MultiPoint","coordinates":[[1,1],[5,5]]})")));
  EXPECT_FALSE(matches(q, geo(R"({"type":"Point","coordinates":"2,2"})")));
}

TEST(matches, contains_intersects_disjoint) {
  auto big = geo(R"({"type":"Polygon","coordinates":[[[-1,-1],[11,-1],[11,11],[-1,11],[-1,-1]]]})");
  auto small = geo(R"({"type":"Polygon","coordinates":[[[1,1],[3,1],[3,3],[1,3],[1,1]]]})");
  EXPECT_TRUE(matches(query("contains", "Polygon", kHoled), big));
  EXPECT_FALSE(matches(query("contains", "Polygon", kHoled), small));
  EXPECT_TRUE(matches(query("contains", "Point", "[2,2]"), small));
  EXPECT_FALSE(matches(query("contains", "Point", "[5,5]"), small));

  auto inter = query("intersects", "Polygon", kHoled);
  EXPECT_TRUE(matches(inter, geo(R"({"type":"LineString","coordinates":[[-5,5],[2,5]]})")));
  EXPECT_TRUE(matches(inter, point(0, 5)));
  EXPECT_FALSE(matches(inter, point(5, 5)));
  EXPECT_FALSE(matches(inter, point(20, 20)));

  auto disjoint = query("disjoint", "Polygon", kHoled);
  EXPECT_TRUE(matches(disjoint, point(20, 20)));
  EXPECT_TRUE(matches(disjoint, point(5, 5)));
  EXPECT_FALSE(matches(disjoint, point(2, 2)));
  EXPECT_FALSE(matches(disjoint, small));
  EXPECT_TRUE(matches(query("disjoint", "Point", "[1,1]"), point(1, 2)));
  EXPECT_FALSE(matches(query("disjoint", "Point", "[1,1]"), point(1, 1)));

  auto crossing = query("intersects", "LineString", "[[0,0],[10,10]]");
  EXPECT_TRUE(matches(crossing, geo(R"({"type":"LineString","coordinates":[[0,10],[10,0]]})")));
  EXPECT_FALSE(matches(crossing, geo(R"({"type":"LineString","coordinates":[[0,1],[9,10]]})")));
}

TEST(matches, overlaps_and_equals) {
  auto overlaps = query("overlaps", "Polygon", kHoled);
  EXPECT_TRUE(matches(overlaps, geo(R"({"type":"Polygon","coordinates":[[[8,8],[12,8],[12,12],[8,12],[8,8]]]})")));
  EXPECT_FALSE(matches(overlaps, geo(R"({"type":"Polygon","coordinates":[[[1,1],[3,1],[3,3],[1,3],[1,1]]]})")));
  EXPECT_FALSE(matches(overlaps, point(2, 2)));
  auto lines = query("overlaps", "LineString", "[[0,0],[10,0]]");
  EXPECT_TRUE(matches(lines, geo(R"({"type":"LineString","coordinates":[[5,0],[15,0]]})")));

  auto equals = query("equals", "Polygon", "[[[0,0],[10,0],[10,10],[0,10],[0,0]]]");
  EXPECT_TRUE(matches(equals, geo(R"({"type":"Polygon","coordinates":[[[10,0],[10,10],[0,10],[0,0],[10,0]]]})")));
  EXPECT_FALSE(matches(equals, geo(R"({"type":"Polygon","coordinates":[[[0,0],[9,0],[9,9],[0,9],[0,0]]]})")));
  EXPECT_TRUE(matches(query("equals", "Point", "[8,40]"), point(8, 40)));
  EXPECT_FALSE(matches(query("equals", "Point", "[8,40]"), point(8, 40.0001)));
  EXPECT_TRUE(matches(query("equals", "LineString", "[[0,0],[1,1]]"),
                      geo(R"({"type":"LineString","coordinates":[[1,1],[0,0]]})")));
}

TEST(candidate_box, per_relation) {
  EXPECT_EQ(candidate_box(query("within", "Polygon", kHoled)), (bbox{0, 0, 10, 10}));
  EXPECT_EQ(candidate_box(query("intersects", "LineString", "[[1,2],[3,-4]]")),
            (bbox{1, -4, 3, 2}));
  EXPECT_FALSE(candidate_box(query("disjoint", "Polygon", kHoled)));
  EXPECT_FALSE(candidate_box(query("near;minDistance==10", "Point", "[8,40]")));

  auto near = query("near;maxDistance==1010", "Point", muroran());
  auto box = candidate_box(near);
  ASSERT_TRUE(box);
  ASSERT_TRUE(matches(near, point(kLon, kNorthLat)));
  EXPECT_TRUE(contains(*box, kLon, kNorthLat));
  EXPECT_TRUE(contains(*box, kEastLon, kLat));
  EXPECT_TRUE(contains(*box, 2 * kLon - kEastLon, 2 * kLat - kNorthLat));
  EXPECT_FALSE(contains(*box, kLon, kLat + 0.0095));
  EXPECT_FALSE(contains(*box, kLon + 0.0135, kLat));

  auto high = candidate_box(query("near;maxDistance==20000", "Point", "[0,85]"));
  ASSERT_TRUE(high);
  EXPECT_TRUE(intersects(*high, bbox{0, 85, 1, 85.6}));
  EXPECT_GT(high->max_lon, 2.0);  // 20 km is ~2 degrees of longitude at 85 N
  EXPECT_LT(high->max_lon, 2.5);

  auto pole = candidate_box(query("near;maxDistance==20000", "Point", "[0,89.9]"));
  EXPECT_EQ(pole, (bbox{-180, pole->min_lat, 180, 90}));
  auto dateline = candidate_box(query("near;maxDistance==5000", "Point", "[179.99,0]"));
  EXPECT_EQ(dateline->min_lon, -180);
  EXPECT_EQ(dateline->max_lon, 180);
}

TEST(may_match_box, decides_points_against_near_a_point_as_matches_does) {
  auto within_1010 = query("near;maxDistance==1010", "Point", muroran());
  auto within_990 = query("near;maxDistance==990", "Point", muroran());
  auto beyond_1010 = query("near;minDistance==1010", "Point", muroran());
  bbox const north{kLon, kNorthLat, kLon, kNorthLat};
  for (auto const* q : {&within_1010, &within_990, &beyond_1010}) {
    EXPECT_EQ(may_match_box(*q, north), matches(*q, point(kLon, kNorthLat)));
  }
  EXPECT_TRUE(may_match_box(within_1010, north));
  EXPECT_FALSE(may_match_box(within_990, north));
  EXPECT_FALSE(may_match_box(beyond_1010, north));
  // A geometry of one position is as near as that position, so its box of
  // zero size may be judged the same way.
  auto one_position = geo(R"({"type":"MultiPoint","coordinates":[[)" + std::to_string(kLon) +
                          "," + std::to_string(kNorthLat) + "]]}");
  EXPECT_TRUE(matches(within_1010, one_position));
  EXPECT_FALSE(matches(within_990, one_position));
}

TEST(may_match_box, keeps_what_it_cannot_decide) {
  auto within_990 = query("near;maxDistance==990", "Point", muroran());
  // A box with extent: some geometry in it may be near.
  EXPECT_TRUE(may_match_box(within_990, bbox{kLon - 1, kLat - 1, kLon + 1, kLat + 1}));
  EXPECT_TRUE(may_match_box(within_990, bbox{kLon + 1, kLat + 1, kLon + 2, kLat + 2}));
  // near a LineString, and other relations: left to matches().
  auto near_line = query("near;maxDistance==10", "LineString", "[[0,60],[10,60]]");
  EXPECT_TRUE(may_match_box(near_line, bbox{50, 50, 50, 50}));
  auto within = query("within", "Polygon", kHoled);
  EXPECT_TRUE(may_match_box(within, bbox{5, 5, 5, 5}));
}

TEST(geo_query, movable_and_concurrent) {
  auto q = query("within", "Polygon", kHoled);
  geo_query moved = std::move(q);
  auto inside = geo(R"({"type":"LineString","coordinates":[[1,1],[3,3]]})");
  std::atomic<int> hits{0};
  std::vector<std::thread> threads;
  for (int t = 0; t != 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i != 200; ++i) {
        hits += matches(moved, inside) ? 1 : 0;
        hits += matches(moved, point(5, 5)) ? 1 : 0;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(hits, 800);
}

}  // namespace
}  // namespace cityos::ngsild::geo
