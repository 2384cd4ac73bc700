// SPDX-License-Identifier: Apache-2.0
#include "iot/measure_mapping.h"

#include <gtest/gtest.h>

namespace cityos::iot {
namespace {

std::string const kVocab = "https://uri.etsi.org/ngsi-ld/default-context/";

device sensor() {
  device d;
  d.device_id = "s1";
  d.entity_name = "urn:ngsi-ld:Sensor:s1";
  d.entity_type = "Sensor";
  d.attributes = {{"t", "temperature", "Number", "CEL"}, {"", "on", "Boolean", ""}};
  d.static_attributes = {{"serial", "Text", json::value("X-1")}};
  return d;
}

json::object const& first_instance(json::object const& attrs, std::string const& name) {
  return attrs.at(kVocab + name).as_array().at(0).as_object();
}

entity_update map(device const& d, service_group const* g, measure_set const& m) {
  auto u = map_measures(d, g, m, "2024-05-01T10:00:00.000Z", *ngsild::context::core());
  EXPECT_TRUE(u) << u.err().detail;
  return u ? std::move(*u) : entity_update{};
}

TEST(measure_mapping, maps_names_types_units_and_arrival_time) {
  auto u = map(sensor(), nullptr, {{"t", json::value("21.5")}, {"on", json::value("true")}});
  EXPECT_EQ(u.entity_id, "urn:ngsi-ld:Sensor:s1");
  EXPECT_EQ(u.entity_type, kVocab + "Sensor");
  auto const& t = first_instance(u.attributes, "temperature");
  EXPECT_EQ(t.at("type"), json::value("Property"));
  EXPECT_EQ(t.at("value"), json::value(21.5));
  EXPECT_EQ(t.at("unitCode"), json::value("CEL"));
  EXPECT_EQ(t.at("observedAt"), json::value("2024-05-01T10:00:00.000Z"));
  EXPECT_EQ(first_instance(u.attributes, "on").at("value"), json::value(true));
  EXPECT_EQ(first_instance(u.static_attributes, "serial").at("value"), json::value("X-1"));
  EXPECT_TRUE(u.rejected.empty());
}

TEST(measure_mapping, time_instant_sets_observed_at) {
  auto u = map(sensor(), nullptr, {{"t", json::value(3)}, {"TimeInstant", json::value("2020-01-02T03:04:05+01:00")}});
  EXPECT_EQ(first_instance(u.attributes, "temperature").at("observedAt"),
            json::value("2020-01-02T02:04:05.000Z"));
  EXPECT_FALSE(u.attributes.contains(kVocab + "TimeInstant"));
  auto bad = map_measures(sensor(), nullptr, {{"TimeInstant", json::value("yesterday")}}, "2024-05-01T10:00:00.000Z",
                          *ngsild::context::core());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.err().code, error_code::bad_request);
}

TEST(measure_mapping, group_mappings_and_unmapped_keys) {
  service_group g;
  g.entity_type = "Sensor";
  g.attributes = {{"p", "pressure", "Integer", "HPA"}};
  auto u = map(sensor(), &g, {{"p", json::value("1013")}, {"x", json::value("raw")}, {"id", json::value("no")}});
  EXPECT_EQ(first_instance(u.attributes, "pressure").at("value"), json::value(1013));
  EXPECT_EQ(first_instance(u.attributes, "pressure").at("unitCode"), json::value("HPA"));
  EXPECT_EQ(first_instance(u.attributes, "x").at("value"), json::value("raw"));
  EXPECT_EQ(u.attributes.size(), 2u);  // "id" ignored
  g.explicit_attrs = true;
  auto e = map(sensor(), &g, {{"p", json::value("1013")}, {"x", json::value("raw")}});
  EXPECT_EQ(e.attributes.size(), 1u);
}

TEST(measure_mapping, unconvertible_value_is_dropped_not_the_payload) {
  auto u = map(sensor(), nullptr, {{"t", json::value("warm")}, {"on", json::value("1")}});
  EXPECT_FALSE(u.attributes.contains(kVocab + "temperature"));
  EXPECT_EQ(first_instance(u.attributes, "on").at("value"), json::value(true));
  ASSERT_EQ(u.rejected.size(), 1u);
  EXPECT_NE(u.rejected[0].find("not a number"), std::string::npos);
}

TEST(measure_mapping, conversions) {
  auto geo = to_ngsi_attribute("geo:point", json::value("40.4, -3.7"));
  ASSERT_TRUE(geo) << geo.err().detail;
  EXPECT_EQ(geo->at("type"), json::value("GeoProperty"));
  EXPECT_EQ(geo->at("value").at("coordinates"), (json::array{-3.7, 40.4}));
  auto rel = to_ngsi_attribute("Relationship", json::value("urn:ngsi-ld:Building:1"));
  ASSERT_TRUE(rel);
  EXPECT_EQ(rel->at("object"), json::value("urn:ngsi-ld:Building:1"));
  auto integer = to_ngsi_attribute("Integer", json::value("4.5"));
  EXPECT_FALSE(integer);
  EXPECT_FALSE(to_ngsi_attribute("Boolean", json::value("maybe")));
  EXPECT_FALSE(to_ngsi_attribute("Text", json::value(nullptr)));
  EXPECT_FALSE(to_ngsi_attribute("geo:point", json::value("north")));
}

TEST(measure_mapping, apply_update_creates_then_appends) {
  auto u = map(sensor(), nullptr, {{"t", json::value(20)}});
  auto created = apply_update(nullptr, u, "2024-05-01T10:00:00.000Z");
  ASSERT_TRUE(created) << created.err().detail;
  EXPECT_EQ(created->at("id"), json::value("urn:ngsi-ld:Sensor:s1"));
  EXPECT_EQ(created->at("type"), (json::array{json::value(kVocab + "Sensor")}));
  EXPECT_TRUE(created->contains(kVocab + "serial"));
  EXPECT_TRUE(created->contains("createdAt"));
  auto next = map(sensor(), nullptr, {{"t", json::value(22)}});
  auto updated = apply_update(&*created, next, "2024-05-01T10:01:00.000Z");
  ASSERT_TRUE(updated) << updated.err().detail;
  EXPECT_EQ(first_instance(*updated, "temperature").at("value"), json::value(22));
  EXPECT_EQ(updated->at("modifiedAt"), json::value("2024-05-01T10:01:00.000Z"));
}

}  // namespace
}  // namespace cityos::iot
