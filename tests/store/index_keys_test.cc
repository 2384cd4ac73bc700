// SPDX-License-Identifier: Apache-2.0
#include "store/memory/index_keys.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "store/memory/entity_codec.h"

namespace cityos::store {
namespace {

namespace fs = std::filesystem;

// Expects the reader's keys of `e` stored to equal those of the decoded tree.
void expect_keys_of_tree(index_key_reader& reader, json::object const& e, std::size_t boxes) {
  entity_encoder enc;
  auto const blob = enc.encode(dump(e));
  auto const tree = decode_entity(blob);
  auto const keys = reader.read(blob);
  EXPECT_EQ(keys.types, types_of(tree)) << dump(e);
  EXPECT_EQ(keys.boxes, geo_index::boxes_of(tree)) << dump(e);
  EXPECT_EQ(keys.boxes.size(), boxes) << dump(e);
}

json::object object_of(std::string_view text) {
  auto v = parse_json(text);
  EXPECT_TRUE(v && v->is_object()) << text;
  return v ? v->as_object() : json::object();
}

TEST(index_keys, are_those_of_the_decoded_entity_for_every_geometry_and_attribute_shape) {
  index_key_reader reader;
  // Types and a Point (the common case), read twice with the same reader.
  auto const vehicle = object_of(R"({"id":"urn:ngsi-ld:Vehicle:1",
    "type":["https://ex.org/Vehicle","https://ex.org/Car"],"createdAt":"2026-11-28T05:00:00Z",
    "https://ex.org/speed":[{"type":"Property","value":80}],
    "https://ex.org/location":[{"type":"GeoProperty","value":{"type":"Point","coordinates":[139.7671234,35.681]}}]})");
  expect_keys_of_tree(reader, vehicle, 1);
  expect_keys_of_tree(reader, vehicle, 1);
  // Extents, integer and negative coordinates, several instances, an escaped name.
  expect_keys_of_tree(reader, object_of(R"({"id":"urn:x:2","type":["https://ex.org/Zone"],
    "https://ex.org/area":[
      {"type":"GeoProperty","value":{"type":"Polygon","coordinates":[[[139,35],[140,35],[140,36.5],[139,35]]]}},
      {"type":"GeoProperty","datasetId":"urn:d:1","value":{"type":"MultiPolygon",
        "coordinates":[[[[-1.5,-2],[3,-2],[3,4e1],[-1.5,-2]]],[[[10,10],[11,10],[11,11],[10,10]]]]}}],
    "https://ex.org/route \"7\" \u6c34":[{"type":"GeoProperty","value":{"type":"LineString","coordinates":[[1,2],[3,4]]}}],
    "https://ex.org/stops":[{"type":"GeoProperty","value":{"type":"MultiPoint","coordinates":[[5,6],[7,8]]}}]})"),
                      4);
  // No box: no coordinates, non-numeric or short positions, a collection, a
  // Property with coordinates, a GeoProperty as a sub-attribute, a non-array member.
  expect_keys_of_tree(reader, object_of(R"j({"id":"urn:x:3","type":"https://ex.org/Odd",
    "https://ex.org/a":[{"type":"GeoProperty","value":{"type":"Point"}}],
    "https://ex.org/b":[{"type":"GeoProperty","value":{"type":"Point","coordinates":["139","35"]}}],
    "https://ex.org/c":[{"type":"GeoProperty","value":{"type":"Point","coordinates":[139]}}],
    "https://ex.org/d":[{"type":"GeoProperty","value":{"type":"GeometryCollection","geometries":[
      {"type":"Point","coordinates":[1,2]}]}}],
    "https://ex.org/e":[{"type":"Property","value":{"type":"Point","coordinates":[1,2]}}],
    "https://ex.org/f":[{"type":"Property","value":1,
      "https://ex.org/where":{"type":"GeoProperty","value":{"type":"Point","coordinates":[1,2]}}}],
    "https://ex.org/g":[{"type":"GeoProperty","value":"POINT(1 2)"}, 7, null, [1,2]],
    "https://ex.org/h":{"type":"GeoProperty","value":{"type":"Point","coordinates":[1,2]}}})j"),
                      0);
  // Positions with a third (altitude) number and mixed nesting.
  expect_keys_of_tree(reader, object_of(R"({"id":"urn:x:4","type":[],
    "https://ex.org/a":[{"type":"GeoProperty","value":{"type":"LineString",
      "coordinates":[[1,2,300],[[-4,5],[6,"x"]],[7]]}}]})"),
                      1);
}

TEST(index_keys, of_a_corrupt_or_non_object_blob_are_none) {
  index_key_reader reader;
  EXPECT_TRUE(reader.read("").types.empty());
  auto const garbage = reader.read(std::string("\x10\x00\x00\x00garbage-bytes", 17));
  EXPECT_TRUE(garbage.types.empty());
  EXPECT_TRUE(garbage.boxes.empty());
  entity_encoder enc;
  auto const array = reader.read(enc.encode(R"([{"type":["x"]}])"));
  EXPECT_TRUE(array.types.empty());
  EXPECT_TRUE(array.boxes.empty());
}

TEST(index_keys, of_a_text_simdjson_refuses_come_from_the_tree) {
  // 1e999 is out of double range: simdjson refuses the text, Boost.JSON reads it.
  index_key_reader reader;
  expect_keys_of_tree(reader, object_of(R"({"id":"urn:x:5","type":["https://ex.org/T"],
    "https://ex.org/a":[{"type":"GeoProperty","value":{"type":"Point","coordinates":[1,2]}}]})"),
                      1);
  entity_encoder enc;
  std::string const text = R"({"id":"urn:x:6","type":["https://ex.org/T"],"https://ex.org/n":[{"type":"Property","value":1e999}],)"
                           R"("https://ex.org/a":[{"type":"GeoProperty","value":{"type":"Point","coordinates":[3,4]}}]})";
  auto const blob = enc.encode(text);
  auto const tree = decode_entity(blob);
  ASSERT_FALSE(tree.empty());
  auto const keys = reader.read(blob);
  EXPECT_EQ(keys.types, types_of(tree));
  EXPECT_EQ(keys.boxes, geo_index::boxes_of(tree));
  EXPECT_EQ(keys.boxes.size(), 1u);
}

TEST(index_keys, are_those_of_the_decoded_entity_for_the_smart_data_models_examples) {
  // Each example in the stored shape: every attribute an array of instances.
  fs::path const dir = fs::path(CITYOS_SHARED_DIR) / "data/smart-data-models";
  ASSERT_TRUE(fs::exists(dir)) << dir;
  index_key_reader reader;
  std::size_t files = 0, boxes = 0;
  for (auto const& f : fs::directory_iterator(dir)) {
    if (f.path().string().find("normalized") == std::string::npos) continue;
    std::ifstream in(f.path());
    std::stringstream text;
    text << in.rdbuf();
    auto v = parse_json(text.str());
    if (!v || !v->is_object()) continue;
    json::object stored;
    for (auto const& [k, x] : v->as_object()) {
      if (k == "type") stored[k] = json::array{x};
      else if (x.is_object()) stored[k] = json::array{x};
      else stored[k] = x;
    }
    entity_encoder enc;
    auto const blob = enc.encode(dump(stored));
    auto const tree = decode_entity(blob);
    auto const keys = reader.read(blob);
    EXPECT_EQ(keys.types, types_of(tree)) << f.path();
    EXPECT_EQ(keys.boxes, geo_index::boxes_of(tree)) << f.path();
    ++files;
    boxes += keys.boxes.size();
  }
  EXPECT_GT(files, 50u);
  EXPECT_GT(boxes, 20u);  // the examples do locate things
}

}  // namespace
}  // namespace cityos::store
