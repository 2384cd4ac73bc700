// SPDX-License-Identifier: Apache-2.0
#include "store/memory/entity_codec.h"

#include <gtest/gtest.h>

#include <string>

namespace cityos::store {
namespace {

json::object sample() {
  auto v = parse_json(R"({"id":"urn:ngsi-ld:Thing:1","type":["https://example.org/Thing"],
    "https://example.org/name":[{"type":"Property","value":"Bus \"7\" \u6c34","observedAt":"2026-11-27T06:00:00Z"}],
    "https://example.org/size":[{"type":"Property","value":{"w":1.5,"h":[2,3,null,true]}}]})");
  return v->as_object();
}

TEST(entity_codec, decodes_what_it_encoded_on_the_heap_and_in_an_arena) {
  entity_encoder enc;
  auto const e = sample();
  auto const blob = enc.encode(dump(e));
  EXPECT_LT(blob.size(), dump(e).size() + 4);
  EXPECT_EQ(decode_entity(blob), e);
  auto in_arena = decode_entity_in_arena(blob);
  ASSERT_NE(in_arena, nullptr);
  EXPECT_EQ(*in_arena, e);
  EXPECT_EQ(dump(*in_arena), dump(e));
  // A copy with its own storage outlives the arena.
  json::object const copy(*in_arena, json::storage_ptr());
  std::weak_ptr<json::object const> const weak = in_arena;
  in_arena.reset();
  EXPECT_TRUE(weak.expired());
  EXPECT_EQ(copy, e);
}

TEST(entity_codec, decodes_entities_as_deep_as_a_request_can_make_them) {
  // A request body may nest kMaxRequestDepth levels; stored, its deepest value
  // sits one level deeper (the attribute's instances are an array).
  json::value deep = 1;
  for (std::size_t n = 0; n + 3 < kMaxRequestDepth; ++n) deep = json::array{deep};
  json::object e = sample();
  e["https://example.org/deep"] = json::array{json::object{{"type", "Property"}, {"value", deep}}};
  auto const blob = entity_encoder().encode(dump(e));
  EXPECT_EQ(decode_entity(blob), e);
  EXPECT_EQ(*decode_entity_in_arena(blob), e);
}

TEST(entity_codec, decodes_strings_that_are_not_utf8_as_they_were) {
  // A device's raw bytes may reach the store without passing a JSON parser.
  json::object e = sample();
  e["https://example.org/raw"] =
      json::array{json::object{{"type", "Property"}, {"value", std::string("ab\xff\xfe c")}}};
  auto const blob = entity_encoder().encode(dump(e));
  EXPECT_EQ(decode_entity(blob), e);
  EXPECT_EQ(*decode_entity_in_arena(blob), e);
}

TEST(entity_codec, a_corrupt_blob_decodes_to_an_empty_object) {
  entity_encoder enc;
  auto blob = enc.encode(dump(sample()));
  blob.resize(blob.size() / 2);
  EXPECT_TRUE(decode_entity(blob).empty());
  EXPECT_TRUE(decode_entity_in_arena(blob)->empty());
  EXPECT_TRUE(decode_entity("ab").empty());
  EXPECT_TRUE(decode_entity_in_arena("")->empty());
}

}  // namespace
}  // namespace cityos::store
