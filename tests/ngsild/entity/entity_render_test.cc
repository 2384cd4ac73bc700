// SPDX-License-Identifier: Apache-2.0
#include "ngsild/entity/entity_render.h"

#include <gtest/gtest.h>

#include "ngsild/entity/entity_input.h"
#include "ngsild/entity/entity_ops.h"
#include "test_util.h"

namespace cityos::ngsild {
namespace {

using test::obj;

constexpr std::string_view kBuilding = R"({
  "id": "urn:ngsi-ld:Building:1", "type": "Building", "scope": "/Paris",
  "name": {"type": "Property", "value": "Eiffel Tower", "observedAt": "2020-09-09T16:40:00.000Z",
           "source": {"type": "Property", "value": "Speedometer"}},
  "locatedAt": {"type": "Relationship", "object": "urn:ngsi-ld:City:Paris"},
  "street": {"type": "LanguageProperty", "languageMap": {"fr": "Grand Place", "nl": "Grote Markt"}},
  "category": {"type": "VocabProperty", "vocab": "monument"},
  "speed": [{"type": "Property", "value": 1, "datasetId": "urn:d:1"},
            {"type": "Property", "value": 2}],
  "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [2.29, 48.85]}}
})";

class entity_render : public ::testing::Test {
 protected:
  std::shared_ptr<context const> ctx_ = test::suite_context();
  json::object stored_;

  void SetUp() override {
    auto r = expand_entity(obj(kBuilding), *ctx_);
    ASSERT_TRUE(r.ok()) << r.err().detail;
    stored_ = make_created(std::move(*r), test::kNow);
  }
  json::object render(render_options const& o) { return render_entity(stored_, *ctx_, o); }
  static render_options sys_attrs() {
    render_options o;
    o.sys_attrs = true;
    return o;
  }
  static render_options fmt(render_format f) {
    render_options o;
    o.format = f;
    return o;
  }
  static render_options lang(std::string tag, render_format f = render_format::normalized) {
    auto o = fmt(f);
    o.lang = std::move(tag);
    return o;
  }
};

TEST_F(entity_render, normalized_compacts_names_and_keeps_order) {
  auto out = render({});
  std::vector<std::string> keys;
  for (auto const& m : out) keys.emplace_back(m.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "type", "scope", "name", "locatedAt", "street",
                                            "category", "speed", "location"}));
  EXPECT_EQ(out.at("type"), "Building");
  EXPECT_EQ(out.at("scope"), "/Paris");
  EXPECT_EQ(out.at("name"), obj(R"({"type":"Property","value":"Eiffel Tower",
      "observedAt":"2020-09-09T16:40:00.000Z","source":{"type":"Property","value":"Speedometer"}})"));
  EXPECT_EQ(out.at("category"), obj(R"({"type":"VocabProperty","vocab":"monument"})"));
  ASSERT_TRUE(out.at("speed").is_array());
  EXPECT_EQ(out.at("speed").as_array().size(), 2u);
  EXPECT_FALSE(out.at("name").as_object().contains("createdAt"));
}

TEST_F(entity_render, several_types_render_as_array) {
  stored_["type"] = json::array{test::suite("Building"), test::suite("Vehicle")};
  EXPECT_EQ(render({}).at("type"), (json::array{"Building", "Vehicle"}));
}

TEST_F(entity_render, sys_attrs_on_entity_attributes_and_sub_attributes_last) {
  auto out = render(sys_attrs());
  EXPECT_EQ(out.at("createdAt"), json::value(test::kNow));
  EXPECT_EQ(out.at("modifiedAt"), json::value(test::kNow));
  EXPECT_EQ(std::prev(out.end())->key(), "modifiedAt");
  auto const& name = out.at("name").as_object();
  EXPECT_EQ(name.at("createdAt"), json::value(test::kNow));
  EXPECT_EQ(name.at("source").at("modifiedAt"), json::value(test::kNow));
  EXPECT_EQ(std::prev(name.end())->key(), "modifiedAt");
}

TEST_F(entity_render, simplified_renders_values) {
  auto out = render(fmt(render_format::simplified));
  EXPECT_EQ(out.at("name"), "Eiffel Tower");
  EXPECT_EQ(out.at("locatedAt"), "urn:ngsi-ld:City:Paris");
  EXPECT_EQ(out.at("street"), obj(R"({"fr":"Grand Place","nl":"Grote Markt"})"));
  EXPECT_EQ(out.at("category"), "monument");
  EXPECT_EQ(out.at("speed"), (json::array{2, 1}));
  EXPECT_EQ(out.at("location"), obj(R"({"type":"Point","coordinates":[2.29,48.85]})"));
}

TEST_F(entity_render, concise_drops_inferable_types) {
  auto out = render(fmt(render_format::concise));
  EXPECT_EQ(out.at("name"), obj(R"({"value":"Eiffel Tower","observedAt":"2020-09-09T16:40:00.000Z",
                                    "source":"Speedometer"})"));
  EXPECT_EQ(out.at("locatedAt"), obj(R"({"object":"urn:ngsi-ld:City:Paris"})"));
  EXPECT_EQ(out.at("location"), obj(R"({"value":{"type":"Point","coordinates":[2.29,48.85]}})"));
  EXPECT_EQ(out.at("category"), obj(R"({"vocab":"monument"})"));
  // Concise output expands back to the same stored form.
  auto again = expand_entity(out, *ctx_);
  ASSERT_TRUE(again.ok()) << again.err().detail;
  EXPECT_EQ(render_entity(*again, *ctx_, {}), render({}));
}

TEST_F(entity_render, lang_picks_one_string) {
  auto fr = render(lang("fr"));
  EXPECT_EQ(fr.at("street"), obj(R"({"type":"Property","value":"Grand Place","lang":"fr"})"));
  EXPECT_EQ(render(lang("fr-CH,fr")).at("street").at("value"), "Grand Place");
  EXPECT_EQ(render(lang("fr-CH,fr;q=0.5,nl;q=0.8")).at("street").at("lang"), "nl");
  EXPECT_EQ(render(lang("*")).at("street").at("lang"), "fr");
  EXPECT_EQ(render(lang("de")).at("street").at("value"), "Grand Place");
  EXPECT_EQ(render(lang("nl", render_format::simplified)).at("street"), "Grote Markt");
  EXPECT_EQ(render(lang("nl", render_format::concise)).at("street"),
            obj(R"({"value":"Grote Markt","lang":"nl"})"));
}

TEST_F(entity_render, attrs_pick_and_omit_project) {
  render_options o;
  o.attrs = std::vector<std::string>{test::suite("name")};
  auto attrs = render(o);
  EXPECT_EQ(attrs.size(), 4u);  // id, type, scope, name
  EXPECT_TRUE(attrs.contains("name"));
  EXPECT_TRUE(attrs.contains("id"));

  o = {};
  o.pick = std::vector<std::string>{"id", test::suite("name")};
  auto pick = render(o);
  EXPECT_EQ(pick.size(), 2u);
  EXPECT_TRUE(pick.contains("id") && pick.contains("name"));

  o.pick = std::vector<std::string>{test::suite("name")};
  auto pick_name = render(o);
  EXPECT_EQ(pick_name.size(), 1u);

  o = {};
  o.omit = {"type", test::suite("name"), std::string(kLocationIri)};
  auto omit = render(o);
  EXPECT_FALSE(omit.contains("type"));
  EXPECT_FALSE(omit.contains("name"));
  EXPECT_FALSE(omit.contains("location"));
  EXPECT_TRUE(omit.contains("id"));
  EXPECT_TRUE(omit.contains("speed"));
}

TEST_F(entity_render, geojson_feature_uses_location) {
  auto f = render_geojson_feature(stored_, *ctx_, {});
  EXPECT_EQ(f.at("id"), "urn:ngsi-ld:Building:1");
  EXPECT_EQ(f.at("type"), "Feature");
  EXPECT_EQ(f.at("geometry"), obj(R"({"type":"Point","coordinates":[2.29,48.85]})"));
  auto const& p = f.at("properties").as_object();
  EXPECT_EQ(p.at("type"), "Building");
  EXPECT_FALSE(p.contains("id"));
  EXPECT_TRUE(p.contains("location"));

  render_options none_options;
  none_options.geometry_property = "urn:none";
  auto none = render_geojson_feature(stored_, *ctx_, none_options);
  EXPECT_TRUE(none.at("geometry").is_null());
  auto simple = render_geojson_feature(stored_, *ctx_, fmt(render_format::simplified));
  EXPECT_EQ(simple.at("properties").at("name"), "Eiffel Tower");
  auto fc = make_feature_collection(json::array{f});
  EXPECT_EQ(fc.at("type"), "FeatureCollection");
  EXPECT_EQ(fc.at("features").as_array().size(), 1u);
}

TEST_F(entity_render, concise_writes_plain_values_bare_but_keeps_what_needs_a_type) {
  auto e = expand_entity(obj(R"({"id": "urn:ngsi-ld:Thing:1", "type": "Thing",
      "count": {"type": "Property", "value": 3},
      "tags": {"type": "Property", "value": ["a", "b"]},
      "shape": {"type": "Property", "value": {"type": "Point", "coordinates": [1, 2]}},
      "nested": {"type": "Property", "value": [{"k": 1}]},
      "speed": [{"type": "Property", "value": 1, "datasetId": "urn:d:1"},
                {"type": "Property", "value": 2}]})"),
                         *ctx_);
  ASSERT_TRUE(e.ok()) << e.err().detail;
  auto out = render_entity(*e, *ctx_, fmt(render_format::concise));
  EXPECT_EQ(out.at("count"), 3);
  EXPECT_EQ(out.at("tags"), (json::array{"a", "b"}));
  // A geometry in a Property reads as a GeoProperty without its type.
  EXPECT_EQ(out.at("shape"), obj(R"({"type":"Property","value":{"type":"Point","coordinates":[1,2]}})"));
  EXPECT_EQ(out.at("nested"), obj(R"({"value":[{"k":1}]})"));
  // Several instances stay objects: bare values would read as one array value.
  EXPECT_EQ(out.at("speed").as_array()[0], obj(R"({"value":2})"));
  // With sysAttrs an instance has more members, so it is never bare.
  auto sys = fmt(render_format::concise);
  sys.sys_attrs = true;
  auto timed = render_entity(make_created(std::move(*e), test::kNow), *ctx_, sys);
  EXPECT_EQ(timed.at("count").at("value"), 3);
}

TEST_F(entity_render, tree_keeps_deep_values_and_bytes_that_are_not_utf8) {
  json::value deep = 1;
  for (std::size_t n = 0; n + 3 < kMaxRequestDepth; ++n) deep = json::array{deep};
  stored_[test::suite("deep")] = json::array{json::object{{"type", "Property"}, {"value", deep}}};
  stored_[test::suite("raw")] =
      json::array{json::object{{"type", "Property"}, {"value", std::string("ab\xff c")}}};
  auto out = render({});
  EXPECT_EQ(out.at(ctx_->compact_iri(test::suite("deep"))).at("value"), deep);
  EXPECT_EQ(out.at(ctx_->compact_iri(test::suite("raw"))).at("value").as_string(), "ab\xff c");
}

TEST_F(entity_render, one_writer_for_many_entities_writes_what_each_would_alone) {
  // The writer keeps compacted names between entities: entities that share
  // some names and not others, in every format, must not get each other's.
  auto other = expand_entity(obj(R"({"id": "urn:ngsi-ld:Vehicle:7", "type": "Vehicle",
      "name": {"type": "Property", "value": "Bus \"7\"\n"},
      "category": {"type": "VocabProperty", "vocab": ["monument", "urn:x"]},
      "https://example.org/speed": {"type": "Property", "value": 2.5}})"),
                             *ctx_);
  ASSERT_TRUE(other.ok()) << other.err().detail;
  std::vector<json::object> const entities{stored_, *other, stored_, *other};
  for (auto f : {render_format::normalized, render_format::concise, render_format::simplified}) {
    auto const o = fmt(f);
    entity_writer writer(*ctx_, o);
    std::string together;
    std::string alone;
    for (auto const& e : entities) {
      writer.append(e, together);
      append_rendered_entity(e, *ctx_, o, alone);
      together += '\n';
      alone += '\n';
    }
    EXPECT_EQ(together, alone);
    EXPECT_NE(together.find(R"("name":)"), std::string::npos);
    EXPECT_NE(together.find(R"("https://example.org/speed":)"), std::string::npos) << together;
  }
}

}  // namespace
}  // namespace cityos::ngsild
