// SPDX-License-Identifier: Apache-2.0
#include "ngsild/query/q_evaluator.h"

#include <gtest/gtest.h>

#include "ngsild/query/q_parser.h"
#include "test_expand.h"

namespace cityos::ngsild {
namespace {

using testing::expander;
using testing::kVocab;

// A stored-form entity written with short attribute names for readability:
// every key other than id/type/scope is expanded, types too.
json::object stored(std::string_view compact_json) {
  json::object in = json::parse(compact_json).as_object();
  json::object out;
  for (auto const& kv : in) {
    std::string key(kv.key());
    if (key == "id" || key == "scope") out[key] = kv.value();
    else if (key == "type") out[key] = json::array{std::string(kVocab) + kv.value().as_string().c_str()};
    else out[std::string(kVocab) + key] = kv.value();
  }
  return out;
}

bool q(std::string_view text, json::object const& entity) {
  auto e = parse_q(text, expander());
  EXPECT_TRUE(e.ok()) << text << ": " << e.err().detail;
  return e.ok() && matches(*e, entity);
}

// Sub-attribute keys inside instances are expanded IRIs in the stored form.
std::string sub(std::string_view term) { return std::string(kVocab) + std::string(term); }

class q_evaluator_test : public ::testing::Test {
 protected:
  json::object e_ = stored(R"({
    "id": "urn:ngsi-ld:Building:1", "type": "Building",
    "height": [{"type": "Property", "value": 42, "unitCode": "MTR",
                "observedAt": "2020-03-01T10:00:00Z"}],
    "ratio": [{"type": "Property", "value": 0.75}],
    "name": [{"type": "Property", "value": "Pisa Tower"}],
    "open": [{"type": "Property", "value": true}],
    "built": [{"type": "Property", "value": "2019-06-15"}],
    "inspected": [{"type": "Property", "value": "2021-02-01T08:30:00Z"}],
    "opensAt": [{"type": "Property", "value": "08:00:00"}],
    "tags": [{"type": "Property", "value": ["old", "tall", "stone"]}],
    "address": [{"type": "Property", "value": {"city": "Berlin", "street": "Ulrich Strasse",
                                                "geo": {"zip": 10115}}}],
    "managedBy": [{"type": "Relationship", "object": "urn:ngsi-ld:Building:target"}],
    "owners": [{"type": "ListRelationship", "objectList": ["urn:a", "urn:b"]}],
    "floors": [{"type": "ListProperty", "valueList": [1, 2, 3]}],
    "color": [{"type": "LanguageProperty", "languageMap": {"fr": "rouge", "en": "red"}}],
    "category": [{"type": "VocabProperty", "vocab": "https://example.org/commercial"}],
    "config": [{"type": "JsonProperty", "json": {"mode": "eco", "level": 3}}],
    "temperature": [{"type": "Property", "value": 20, "datasetId": "urn:ds:a"},
                    {"type": "Property", "value": 30, "datasetId": "urn:ds:b"}]
  })");

  void SetUp() override {
    json::object accuracy{{"type", "Property"}, {"value", 0.5}, {"unitCode", "MTR"}};
    e_[sub("height")].as_array()[0].as_object()[sub("accuracy")] = accuracy;
  }
};

TEST_F(q_evaluator_test, numbers_compare_as_numbers) {
  EXPECT_TRUE(q("height==42", e_));
  EXPECT_TRUE(q("height==42.0", e_));
  EXPECT_FALSE(q("height==41", e_));
  EXPECT_TRUE(q("height!=41", e_));
  EXPECT_FALSE(q("height!=42", e_));
  EXPECT_TRUE(q("height>41", e_));
  EXPECT_FALSE(q("height>42", e_));
  EXPECT_TRUE(q("height>=42", e_));
  EXPECT_TRUE(q("height<42.5", e_));
  EXPECT_FALSE(q("height<42", e_));
  EXPECT_TRUE(q("height<=42", e_));
  EXPECT_TRUE(q("ratio>-1", e_));
  EXPECT_TRUE(q("ratio==0.75", e_));
}

TEST_F(q_evaluator_test, strings_compare_as_strings) {
  EXPECT_TRUE(q("name==\"Pisa Tower\"", e_));
  EXPECT_FALSE(q("name==\"pisa tower\"", e_));
  EXPECT_TRUE(q("name!=\"Eiffel\"", e_));
  EXPECT_TRUE(q("name>\"Eiffel\"", e_));
  EXPECT_FALSE(q("name<\"Eiffel\"", e_));
  EXPECT_TRUE(q("name<=\"Pisa Tower\"", e_));
}

TEST_F(q_evaluator_test, type_mismatch_does_not_match) {
  EXPECT_FALSE(q("height==\"42\"", e_));
  EXPECT_FALSE(q("name==42", e_));
  EXPECT_FALSE(q("name>1", e_));
  EXPECT_FALSE(q("open==1", e_));
  EXPECT_FALSE(q("height==true", e_));
}

TEST_F(q_evaluator_test, booleans_only_compare_for_equality) {
  EXPECT_TRUE(q("open==true", e_));
  EXPECT_FALSE(q("open==false", e_));
  EXPECT_TRUE(q("open!=false", e_));
  EXPECT_FALSE(q("open>false", e_));
}

TEST_F(q_evaluator_test, dates_and_times_compare_as_time_points) {
  EXPECT_TRUE(q("built==2019-06-15", e_));
  EXPECT_TRUE(q("built>2019-01-01", e_));
  EXPECT_FALSE(q("built<2019-01-01", e_));
  EXPECT_TRUE(q("inspected>=2021-02-01T08:30:00Z", e_));
  EXPECT_TRUE(q("inspected<2021-02-01T09:00:00+00:00", e_));
  EXPECT_TRUE(q("inspected==2021-02-01T09:30:00+01:00", e_));
  EXPECT_TRUE(q("inspected>2021-01-31", e_));
  EXPECT_TRUE(q("opensAt<09:00:00", e_));
  EXPECT_FALSE(q("opensAt>09:00:00", e_));
  EXPECT_TRUE(q("height.observedAt>=2020-03-01T00:00:00Z", e_));
  EXPECT_FALSE(q("height.observedAt>2020-03-02T00:00:00Z", e_));
}

TEST_F(q_evaluator_test, ranges) {
  EXPECT_TRUE(q("height==40..45", e_));
  EXPECT_TRUE(q("height==42..42", e_));
  EXPECT_FALSE(q("height==43..45", e_));
  EXPECT_TRUE(q("height!=43..45", e_));
  EXPECT_FALSE(q("height!=40..45", e_));
  EXPECT_TRUE(q("built==2019-01-01..2019-12-31", e_));
  EXPECT_FALSE(q("inspected==2020-01-01T00:00:00Z..2020-12-31T00:00:00Z", e_));
  EXPECT_TRUE(q("name==\"A\"..\"Q\"", e_));
}

TEST_F(q_evaluator_test, value_lists) {
  EXPECT_TRUE(q("height==1,42,3", e_));
  EXPECT_FALSE(q("height==1,2,3", e_));
  EXPECT_TRUE(q("height!=1,2,3", e_));
  EXPECT_FALSE(q("height!=1,42", e_));
  EXPECT_TRUE(q("name==\"x\",\"Pisa Tower\"", e_));
}

TEST_F(q_evaluator_test, patterns) {
  EXPECT_TRUE(q("name~=Pisa", e_));
  EXPECT_TRUE(q("name~=^Pisa.*r$", e_));
  EXPECT_FALSE(q("name~=^Tower", e_));
  EXPECT_TRUE(q("name~=(?i)^pisa", e_));
  EXPECT_TRUE(q("name!~=^Tower", e_));
  EXPECT_FALSE(q("name!~=Tower", e_));
  EXPECT_FALSE(q("height~=42", e_));
  EXPECT_TRUE(q("tags~=^st", e_));
}

TEST_F(q_evaluator_test, existence) {
  EXPECT_TRUE(q("height", e_));
  EXPECT_FALSE(q("weight", e_));
  EXPECT_TRUE(q("height.unitCode", e_));
  EXPECT_FALSE(q("name.unitCode", e_));
  EXPECT_TRUE(q("height.accuracy", e_));
  EXPECT_FALSE(q("weight!=3", e_));
  EXPECT_FALSE(q("weight!~=x", e_));
}

TEST_F(q_evaluator_test, arrays_match_if_any_element_matches) {
  EXPECT_TRUE(q("tags==\"tall\"", e_));
  EXPECT_FALSE(q("tags==\"short\"", e_));
  EXPECT_FALSE(q("tags!=\"tall\"", e_));
  EXPECT_TRUE(q("tags!=\"short\"", e_));
  EXPECT_TRUE(q("floors==3", e_));
  EXPECT_TRUE(q("floors>2", e_));
  EXPECT_FALSE(q("floors>3", e_));
}

TEST_F(q_evaluator_test, compound_value_trailing_path) {
  EXPECT_TRUE(q("address[city]==\"Berlin\"", e_));
  EXPECT_FALSE(q("address[postcode]==\"Berlin\"", e_));
  EXPECT_TRUE(q("address[city]", e_));
  EXPECT_FALSE(q("address[postcode]", e_));
  EXPECT_TRUE(q("address[geo][zip]==10115", e_));
  EXPECT_TRUE(q("address[geo.zip]>10000", e_));
  EXPECT_FALSE(q("address[city][x]", e_));
  EXPECT_TRUE(q("config[mode]==\"eco\"", e_));
  // Dotted keys fall back to the compound value when no such sub-attribute.
  EXPECT_TRUE(q("address.city==\"Berlin\"", e_));
  EXPECT_TRUE(q("address.geo.zip==10115", e_));
}

TEST_F(q_evaluator_test, sub_attributes_and_members) {
  EXPECT_TRUE(q("height.accuracy==0.5", e_));
  EXPECT_TRUE(q("height.accuracy<1", e_));
  EXPECT_FALSE(q("height.accuracy>1", e_));
  EXPECT_TRUE(q("height.accuracy.unitCode==\"MTR\"", e_));
  EXPECT_TRUE(q("height.unitCode==\"MTR\"", e_));
  EXPECT_TRUE(q("temperature.datasetId==\"urn:ds:b\"", e_));
}

TEST_F(q_evaluator_test, relationships_support_equality_only) {
  EXPECT_TRUE(q("managedBy==\"urn:ngsi-ld:Building:target\"", e_));
  EXPECT_TRUE(q("managedBy==urn:ngsi-ld:Building:target", e_));
  EXPECT_FALSE(q("managedBy==urn:ngsi-ld:Building:other", e_));
  EXPECT_TRUE(q("managedBy!=urn:ngsi-ld:Building:other", e_));
  EXPECT_FALSE(q("managedBy>\"urn:a\"", e_));
  EXPECT_FALSE(q("managedBy~=Building", e_));
  EXPECT_TRUE(q("owners==urn:b", e_));
  EXPECT_FALSE(q("owners!=urn:b", e_));
}

TEST_F(q_evaluator_test, multi_instance_attributes_match_any_instance) {
  EXPECT_TRUE(q("temperature==30", e_));
  EXPECT_TRUE(q("temperature<25", e_));
  EXPECT_FALSE(q("temperature>30", e_));
  EXPECT_FALSE(q("temperature!=20", e_));
  EXPECT_TRUE(q("temperature!=25", e_));
}

TEST_F(q_evaluator_test, language_property) {
  EXPECT_TRUE(q("color==\"rouge\"", e_));
  EXPECT_TRUE(q("color[en]==\"red\"", e_));
  EXPECT_FALSE(q("color[en]==\"rouge\"", e_));
  EXPECT_TRUE(q("color[*]==\"rouge\"", e_));
  EXPECT_FALSE(q("color[*]!=\"red\"", e_));
  EXPECT_FALSE(q("color[de]", e_));
  EXPECT_TRUE(q("color[fr]~=^rou", e_));
}

TEST_F(q_evaluator_test, vocab_and_json_properties) {
  EXPECT_TRUE(q("category==\"https://example.org/commercial\"", e_));
  EXPECT_FALSE(q("category==\"commercial\"", e_));
  EXPECT_TRUE(q("config[level]>=3", e_));
}

TEST_F(q_evaluator_test, logical_operators_and_precedence) {
  EXPECT_TRUE(q("height==42;name~=Pisa", e_));
  EXPECT_FALSE(q("height==42;name~=Eiffel", e_));
  EXPECT_TRUE(q("height==1|name~=Pisa", e_));
  // a|b;c is a|(b;c): true | (false;...) -> true
  EXPECT_TRUE(q("height==42|height==1;name==\"x\"", e_));
  // (a|b);c with c false -> false
  EXPECT_FALSE(q("(height==42|height==1);name==\"x\"", e_));
  EXPECT_TRUE(q("(weight|height);(open==true|open==false)", e_));
}

TEST(q_evaluator, fully_expanded_attribute_names_work) {
  json::object e = stored(R"({"id": "urn:x", "type": "T",
                              "speed": [{"type": "Property", "value": 3}]})");
  EXPECT_TRUE(q("https://uri.etsi.org/ngsi-ld/default-context/speed==3", e));
}

TEST(q_evaluator, date_time_values_wrapped_in_at_value) {
  json::object e = stored(R"({"id": "urn:x", "type": "T", "seen": [{"type": "Property",
      "value": {"@type": "DateTime", "@value": "2022-01-01T00:00:00Z"}}]})");
  EXPECT_TRUE(q("seen>2021-12-31T00:00:00Z", e));
  EXPECT_FALSE(q("seen<2021-12-31T00:00:00Z", e));
}

}  // namespace
}  // namespace cityos::ngsild
