// SPDX-License-Identifier: Apache-2.0
#include "ngsild/entity/entity_input.h"

#include <gtest/gtest.h>

#include "ngsild/entity/stored_entity.h"
#include "test_util.h"

namespace cityos::ngsild {
namespace {

using test::dflt;
using test::obj;
using test::suite;

class entity_input : public ::testing::Test {
 protected:
  std::shared_ptr<context const> ctx_ = test::suite_context();

  result<json::object> expand(std::string_view text, input_options o = {}) {
    return expand_entity(obj(text), *ctx_, o);
  }
  // Expands an entity with one attribute "a" = `attr` and returns its instances.
  json::array attr(std::string_view attr_text, input_options o = {}) {
    auto r = expand(R"({"id":"urn:x:1","type":"T","a":)" + std::string(attr_text) + "}", o);
    EXPECT_TRUE(r.ok()) << attr_text << ": " << (r.ok() ? "" : r.err().detail);
    if (!r.ok()) return {};
    return r->at(dflt("a")).as_array();
  }
  void expect_rejected(std::string_view text, std::string_view detail_part) {
    auto r = expand(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.err().code, error_code::bad_request);
    EXPECT_NE(r.err().detail.find(detail_part), std::string::npos) << r.err().detail;
  }
  void expect_attr_rejected(std::string_view attr_text, std::string_view detail_part) {
    expect_rejected(R"({"id":"urn:x:1","type":"T","a":)" + std::string(attr_text) + "}",
                    detail_part);
  }
};

TEST_F(entity_input, minimal_entity_expands_type_and_drops_context) {
  auto r = expand(R"({"id":"urn:ngsi-ld:Building:1","type":"Building","@context":"http://x/c",
                      "createdAt":"2020-01-01T00:00:00Z"})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, obj(R"({"id":"urn:ngsi-ld:Building:1",
                        "type":["https://ngsi-ld-test-suite/context#Building"]})"));
}

TEST_F(entity_input, several_types_are_expanded_and_deduplicated) {
  auto r = expand(R"({"id":"urn:x:1","type":["Building","Vehicle","Building"]})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->at("type"), (json::array{json::value(suite("Building")), json::value(suite("Vehicle"))}));
}

TEST_F(entity_input, rejects_bad_id_and_type) {
  expect_rejected(R"({"type":"T"})", "id is missing");
  expect_rejected(R"({"id":"not a uri","type":"T"})", "id must be a URI");
  expect_rejected(R"({"id":"nocolon","type":"T"})", "id must be a URI");
  expect_rejected(R"({"id":"urn:","type":"T"})", "id must be a URI");
  expect_rejected(R"({"id":42,"type":"T"})", "id must be a URI");
  expect_rejected(R"({"id":"urn:x:1"})", "type is missing");
  expect_rejected(R"({"id":"urn:x:1","type":[]})", "entity type");
  expect_rejected(R"({"id":"urn:x:1","type":3})", "entity type");
  expect_rejected(R"({"id":"urn:x:1","type":"Bad Type"})", "entity type");
}

TEST_F(entity_input, scope_becomes_an_array_and_is_checked) {
  auto r = expand(R"({"id":"urn:x:1","type":"T","scope":"/Madrid/Gardens"})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->at("scope"), json::array{"/Madrid/Gardens"});
  expect_rejected(R"({"id":"urn:x:1","type":"T","scope":"Madrid"})", "scope");
  expect_rejected(R"({"id":"urn:x:1","type":"T","scope":["/a",1]})", "scope");
}

TEST_F(entity_input, normalized_attributes_keep_their_members) {
  auto a = attr(R"({"type":"Property","value":21.5,"unitCode":"CEL",
                    "observedAt":"2020-09-09T16:40:00.000Z","createdAt":"x"})");
  EXPECT_EQ(a, json::array{obj(R"({"type":"Property","value":21.5,"unitCode":"CEL",
                                   "observedAt":"2020-09-09T16:40:00.000Z"})")});
}

TEST_F(entity_input, concise_forms_infer_the_attribute_type) {
  EXPECT_EQ(attr(R"("hello")")[0], obj(R"({"type":"Property","value":"hello"})"));
  EXPECT_EQ(attr("[1,2]")[0], obj(R"({"type":"Property","value":[1,2]})"));
  EXPECT_EQ(attr(R"({"street":"x"})")[0], obj(R"({"type":"Property","value":{"street":"x"}})"));
  EXPECT_EQ(attr(R"({"value":5,"unitCode":"KMH"})")[0],
            obj(R"({"type":"Property","value":5,"unitCode":"KMH"})"));
  EXPECT_EQ(attr(R"({"object":"urn:x:2"})")[0], obj(R"({"type":"Relationship","object":"urn:x:2"})"));
  EXPECT_EQ(attr(R"({"languageMap":{"fr":"a","en":["b","c"]}})")[0],
            obj(R"({"type":"LanguageProperty","languageMap":{"fr":"a","en":["b","c"]}})"));
  EXPECT_EQ(attr(R"({"json":{"k":null}})")[0], obj(R"({"type":"JsonProperty","json":{"k":null}})"));
  EXPECT_EQ(attr(R"({"valueList":[1,"a"]})")[0], obj(R"({"type":"ListProperty","valueList":[1,"a"]})"));
  EXPECT_EQ(attr(R"({"objectList":["urn:a:1",{"object":"urn:a:2"}]})")[0],
            obj(R"({"type":"ListRelationship","objectList":["urn:a:1","urn:a:2"]})"));
  EXPECT_EQ(attr(R"({"vocab":"monument"})")[0],
            obj(R"({"type":"VocabProperty","vocab":")" + dflt("monument") + R"("})"));
  EXPECT_EQ(attr(R"({"type":"Point","coordinates":[1,2]})")[0],
            obj(R"({"type":"GeoProperty","value":{"type":"Point","coordinates":[1,2]}})"));
  EXPECT_EQ(attr(R"({"value":{"type":"Point","coordinates":[1,2]}})")[0],
            obj(R"({"type":"GeoProperty","value":{"type":"Point","coordinates":[1,2]}})"));
}

TEST_F(entity_input, bare_location_geometry_is_a_geoproperty) {
  auto r = expand(R"({"id":"urn:x:1","type":"T","location":{"type":"Point","coordinates":[2,48]}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->at(kLocationIri).as_array()[0].at("type"), "GeoProperty");
  expect_rejected(R"({"id":"urn:x:1","type":"T","location":"here"})", "must be a GeoProperty");
}

TEST_F(entity_input, sub_attributes_recurse_with_expanded_names) {
  auto a = attr(R"({"type":"Property","value":1,"source":{"value":"s","speed":3},
                    "providedBy":{"type":"Relationship","object":"urn:p:1"}})");
  ASSERT_EQ(a.size(), 1u);
  auto const& i = a[0].as_object();
  EXPECT_EQ(i.at(suite("source")),
            obj(R"({"type":"Property","value":"s",")" + suite("speed") +
                R"(":{"type":"Property","value":3}})"));
  EXPECT_EQ(i.at(dflt("providedBy")), obj(R"({"type":"Relationship","object":"urn:p:1"})"));
  expect_attr_rejected(R"({"value":1,"sub":{"type":"Property","value":null}})", "a.sub");
  expect_attr_rejected(R"({"value":1,"sub":[{"value":1,"datasetId":"urn:d:1"},{"value":2}]})",
                       "several instances");
}

TEST_F(entity_input, multi_instance_attributes_put_the_default_first) {
  auto a = attr(R"([{"type":"Property","value":1,"datasetId":"urn:d:1"},
                   {"type":"Property","value":2}])");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_FALSE(a[0].as_object().contains("datasetId"));
  EXPECT_EQ(a[1].at("datasetId"), "urn:d:1");
}

TEST_F(entity_input, rejects_invalid_attribute_content) {
  expect_attr_rejected("null", "must not be null");
  expect_attr_rejected(R"({"type":"Property","value":null})", "must not be null");
  expect_attr_rejected(R"({"type":"Property"})", "needs a 'value'");
  expect_attr_rejected(R"({"type":"Relationship","value":"urn:x:2"})", "needs a 'object'");
  expect_attr_rejected(R"({"type":"Relationship","object":"no uri"})", "URI");
  expect_attr_rejected(R"({"type":"Relationship","object":"urn:x:2","value":1})", "not allowed");
  expect_attr_rejected(R"({"type":"GeoProperty","value":{"type":"Point","coordinates":[1]}})", "attribute 'a'");
  expect_attr_rejected(R"({"type":"GeoProperty","value":"x"})", "attribute 'a'");
  expect_attr_rejected(R"({"value":1,"observedAt":"yesterday"})", "observedAt");
  expect_attr_rejected(R"({"value":1,"unitCode":5})", "unitCode");
  expect_attr_rejected(R"({"value":1,"datasetId":"nope"})", "datasetId");
  expect_attr_rejected(R"({"type":"LanguageProperty","languageMap":"fr"})", "languageMap");
  expect_attr_rejected(R"({"type":"LanguageProperty","languageMap":{"fr":1}})", "languageMap");
  expect_attr_rejected(R"({"type":"VocabProperty","vocab":3})", "vocab");
  expect_attr_rejected(R"({"type":"ListProperty","valueList":3})", "valueList");
  expect_attr_rejected(R"({"type":"Propertee","value":3})", "unknown attribute type");
  expect_attr_rejected(R"({"value":1,"objectType":"T"})", "objectType");
  expect_attr_rejected(R"("urn:ngsi-ld:null")", "must not be null");
}

TEST_F(entity_input, rejects_bad_datasets) {
  expect_attr_rejected(R"([{"value":1,"datasetId":"urn:d:1"},{"value":2,"datasetId":"urn:d:1"}])",
                       "duplicate datasetId");
  expect_attr_rejected(R"([{"value":1},{"type":"Property","value":2}])", "more than one");
}

TEST_F(entity_input, rejects_bad_attribute_names) {
  for (auto name : {"", "a b", "a<b", "a>b", "a\\\"b", "a'b", "a=b", "a;b", "a(b", "a)b",
                    "a\\\\b", "a\\tb", "a\\u0001b"}) {
    expect_rejected(R"({"id":"urn:x:1","type":"T",")" + std::string(name) + R"(":1})",
                    "invalid attribute name");
  }
  EXPECT_TRUE(is_valid_attribute_name("https://example.org/a#b"));
  EXPECT_FALSE(is_valid_attribute_name("a b"));
  EXPECT_FALSE(is_valid_attribute_name("a\x7f"));
  EXPECT_FALSE(is_valid_attribute_name("\x1f"));
  EXPECT_TRUE(is_valid_attribute_name("\xe6\xb0\xb4\xe4\xbd\x8d"));  // 水位
}

TEST_F(entity_input, relationship_object_type_is_expanded) {
  auto a = attr(R"({"object":"urn:x:2","objectType":"Building"})");
  EXPECT_EQ(a[0].at("objectType"), json::value(suite("Building")));
}

TEST_F(entity_input, merge_option_keeps_null_markers) {
  input_options merge;
  merge.merge = true;
  auto a = attr("null", merge);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_TRUE(is_null_marker(a[0].as_object()));
  EXPECT_TRUE(is_null_marker(attr(R"({"object":"urn:ngsi-ld:null"})", merge)[0].as_object()));
  EXPECT_TRUE(is_null_marker(attr(R"({"type":"Property","value":null})", merge)[0].as_object()));
  EXPECT_FALSE(is_null_marker(attr(R"({"value":1})", merge)[0].as_object()));
}

TEST_F(entity_input, fragment_keeps_checked_id_and_type) {
  auto r = expand_fragment(obj(R"({"speed":{"value":3},"type":"Vehicle"})"), *ctx_);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->contains("id"));
  EXPECT_EQ(r->at("type"), json::array{json::value(suite("Vehicle"))});
  EXPECT_EQ(r->at(suite("speed")), json::array{obj(R"({"type":"Property","value":3})")});
  auto bad = expand_fragment(obj(R"({"id":"bad id","speed":3})"), *ctx_);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.err().code, error_code::bad_request);
  auto bad_attr = expand_fragment(obj(R"({"speed":{"type":"Property"}})"), *ctx_);
  EXPECT_FALSE(bad_attr.ok());
}

input_options partial_options() {
  input_options o;
  o.partial = true;
  return o;
}

TEST_F(entity_input, single_attribute_expansion) {
  auto r = expand_attribute("speed", json::value(obj(R"({"value":3})")), *ctx_);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, obj(R"({")" + suite("speed") + R"(":[{"type":"Property","value":3}]})"));
  auto partial = expand_attribute("speed", json::value(obj(R"({"observedAt":"2020-01-01T00:00:00Z"})")),
                                  *ctx_, partial_options());
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->at(suite("speed")).as_array()[0],
            obj(R"({"observedAt":"2020-01-01T00:00:00Z"})"));
  EXPECT_FALSE(expand_attribute("id", json::value(obj(R"({"value":3})")), *ctx_).ok());
  EXPECT_FALSE(expand_attribute("a b", json::value(obj(R"({"value":3})")), *ctx_).ok());
  EXPECT_FALSE(expand_attribute("speed", json::value(3), *ctx_).ok());
}

TEST(is_uri, accepts_schemes_and_rejects_the_rest) {
  EXPECT_TRUE(is_uri("urn:ngsi-ld:Vehicle:A1"));
  EXPECT_TRUE(is_uri("http://example.org/x"));
  EXPECT_TRUE(is_uri("x:y"));
  EXPECT_FALSE(is_uri("x:"));
  EXPECT_FALSE(is_uri(":y"));
  EXPECT_FALSE(is_uri("1x:y"));
  EXPECT_FALSE(is_uri("urn:a b"));
  EXPECT_FALSE(is_uri("plain"));
  // Spaces and control characters anywhere (DEL too); UTF-8 (IRIs) passes.
  for (std::string_view bad : {"urn:a\tb", "urn:a\nb", "urn:a\x7f", "urn:\x01a", "urn:a\x1f"}) {
    EXPECT_FALSE(is_uri(bad)) << bad;
  }
  EXPECT_TRUE(is_uri("urn:ngsi-ld:Shelter:\xe6\x9c\xad\xe5\xb9\x8c-1"));
  EXPECT_TRUE(is_uri("urn:a!b~c"));
}

}  // namespace
}  // namespace cityos::ngsild
