// SPDX-License-Identifier: Apache-2.0
#include "ngsild/geo/geojson.h"

#include <gtest/gtest.h>

namespace cityos::ngsild::geo {
namespace {

json::value parse(std::string_view text) { return parse_json(text).value(); }

void expect_valid(std::string_view text) {
  auto r = validate_geojson(parse(text));
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.err().detail);
}

std::string expect_invalid(std::string_view text) {
  auto r = validate_geojson(parse(text));
  EXPECT_FALSE(r.ok()) << text;
  if (r.ok()) return {};
  EXPECT_EQ(r.err().code, error_code::bad_request);
  return r.err().detail;
}

TEST(validate_geojson, accepts_every_supported_type) {
  expect_valid(R"({"type":"Point","coordinates":[140.974,42.315]})");
  expect_valid(R"({"type":"Point","coordinates":[-180,-90,12.5]})");
  expect_valid(R"({"type":"MultiPoint","coordinates":[[1,2],[3,4]]})");
  expect_valid(R"({"type":"LineString","coordinates":[[1,2],[3,4]]})");
  expect_valid(R"({"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[[5,6],[7,8,9]]]})");
  expect_valid(R"({"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],
                   [[4,4],[6,4],[6,6],[4,6],[4,4]]]})");
  expect_valid(R"({"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],
                   [[[5,5],[6,5],[6,6],[5,5]]]]})");
  expect_valid(R"({"type":"Point","coordinates":[1,2],"bbox":[1,2,1,2]})");
}

TEST(validate_geojson, rejects_bad_shapes) {
  expect_invalid(R"("Point")");
  expect_invalid(R"({"coordinates":[1,2]})");
  expect_invalid(R"({"type":"Point"})");
  EXPECT_NE(expect_invalid(R"({"type":"GeometryCollection","geometries":[]})")
                .find("Unsupported"),
            std::string::npos);
  expect_invalid(R"({"type":"point","coordinates":[1,2]})");
}

TEST(validate_geojson, rejects_bad_positions) {
  expect_invalid(R"({"type":"Point","coordinates":[1]})");
  expect_invalid(R"({"type":"Point","coordinates":[1,2,3,4]})");
  expect_invalid(R"({"type":"Point","coordinates":["8","40"]})");
  expect_invalid(R"({"type":"Point","coordinates":[8,null]})");
  EXPECT_NE(expect_invalid(R"({"type":"Point","coordinates":[8,91]})").find("latitude"),
            std::string::npos);
  EXPECT_NE(expect_invalid(R"({"type":"Point","coordinates":[180.5,0]})").find("longitude"),
            std::string::npos);
  expect_invalid(R"({"type":"MultiPoint","coordinates":[[1,2],["a",4]]})");
  expect_invalid(R"({"type":"LineString","coordinates":[[1,2],[3,-95]]})");
}

TEST(validate_geojson, rejects_wrong_nesting_depth) {
  expect_invalid(R"({"type":"Point","coordinates":[[1,2]]})");
  expect_invalid(R"({"type":"MultiPoint","coordinates":[1,2]})");
  expect_invalid(R"({"type":"LineString","coordinates":[[[1,2],[3,4]]]})");
  expect_invalid(R"({"type":"MultiLineString","coordinates":[[1,2],[3,4]]})");
  expect_invalid(R"({"type":"Polygon","coordinates":[[0,0],[1,0],[1,1],[0,0]]})");
  expect_invalid(R"({"type":"MultiPolygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]})");
}

TEST(validate_geojson, rejects_too_few_positions) {
  expect_invalid(R"({"type":"LineString","coordinates":[[1,2]]})");
  expect_invalid(R"({"type":"MultiPoint","coordinates":[]})");
  expect_invalid(R"({"type":"MultiLineString","coordinates":[]})");
  expect_invalid(R"({"type":"Polygon","coordinates":[]})");
  EXPECT_NE(expect_invalid(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]})")
                .find("at least 4"),
            std::string::npos);
}

TEST(validate_geojson, rejects_unclosed_rings) {
  auto detail = expect_invalid(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]})");
  EXPECT_NE(detail.find("ring 0 is not closed"), std::string::npos) << detail;
  detail = expect_invalid(R"({"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,0]],
                              [[4,4],[6,4],[6,6],[4,5]]]})");
  EXPECT_NE(detail.find("ring 1 is not closed"), std::string::npos) << detail;
  expect_invalid(R"({"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,2]]]]})");
}

TEST(geometry_box, covers_all_positions) {
  EXPECT_EQ(geometry_box(parse(R"({"type":"Point","coordinates":[8,40]})")),
            (bbox{8, 40, 8, 40}));
  EXPECT_EQ(geometry_box(parse(R"({"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],
             [0,0]]],[[[5,-5],[6,5],[6,6],[5,-5]]]]})")),
            (bbox{0, -5, 6, 6}));
  EXPECT_EQ(geometry_box(parse(R"({"type":"LineString","coordinates":[[0,85.6],[1,85,3]]})")),
            (bbox{0, 85, 1, 85.6}));
  EXPECT_FALSE(geometry_box(parse(R"({"type":"Point","coordinates":[8,400]})")));
  EXPECT_FALSE(geometry_box(parse(R"([1,2])")));
}

}  // namespace
}  // namespace cityos::ngsild::geo
