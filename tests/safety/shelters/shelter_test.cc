// SPDX-License-Identifier: Apache-2.0
// Reading shelters out of stored entities: which entities are shelters, and their
// name, capacity, occupancy and status.
#include "safety/shelters/shelter.h"

#include <gtest/gtest.h>

namespace cityos::safety::shelters {
namespace {

constexpr std::string_view kVocab = "https://uri.etsi.org/ngsi-ld/default-context/";

std::string iri(std::string_view name) { return std::string(kVocab) + std::string(name); }

json::array prop(json::value v) { return json::array{json::object{{"type", "Property"}, {"value", std::move(v)}}}; }

json::object stored(std::string_view type, json::object extra = {}) {
  json::object e{{"id", "urn:ngsi-ld:" + std::string(type) + ":s1"},
                 {"type", json::array{iri(type)}},
                 {"https://uri.etsi.org/ngsi-ld/location",
                  json::array{json::object{{"type", "GeoProperty"},
                                           {"value", json::object{{"type", "Point"},
                                                                  {"coordinates", json::array{141.02, 42.35}}}}}}}};
  for (auto& kv : extra) e[kv.key()] = std::move(kv.value());
  return e;
}

TEST(shelter, evacuation_shelter_with_language_name_capacity_and_occupancy) {
  auto s = read_shelter(stored("EvacuationShelter",
                               {{iri("name"), json::array{json::object{
                                                  {"type", "LanguageProperty"},
                                                  {"languageMap", json::object{{"ja", "中島避難所"}, {"en", "Nakajima"}}}}}},
                                {iri("capacity"), prop(300)},
                                {iri("occupancy"), prop(120)}}));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->id, "urn:ngsi-ld:EvacuationShelter:s1");
  EXPECT_EQ(s->name_ja, "中島避難所");
  EXPECT_EQ(s->name_en, "Nakajima");
  EXPECT_DOUBLE_EQ(s->lon, 141.02);
  EXPECT_DOUBLE_EQ(s->lat, 42.35);
  EXPECT_EQ(s->capacity, 300);
  EXPECT_EQ(s->occupancy, 120);
  EXPECT_TRUE(s->takes_people());
}

TEST(shelter, point_of_interest_only_with_a_shelter_category) {
  EXPECT_TRUE(read_shelter(stored("PointOfInterest", {{iri("category"), prop(json::array{"113", "floodShelter"})}})));
  EXPECT_TRUE(read_shelter(stored("PointOfInterest", {{iri("category"), prop(json::array{"指定避難所"})}})));
  EXPECT_TRUE(read_shelter(stored("PointOfInterest", {{iri("category"), prop("Evacuation Shelter")}})));
  EXPECT_FALSE(read_shelter(stored("PointOfInterest", {{iri("category"), prop(json::array{"113"})}})));
  EXPECT_FALSE(read_shelter(stored("PointOfInterest")));
  EXPECT_FALSE(read_shelter(stored("OffStreetParking", {{iri("category"), prop(json::array{"shelter"})}})));
}

TEST(shelter, a_type_from_another_context_counts_by_its_local_name) {
  auto e = stored("Shelter");
  e["type"] = json::array{"https://smartdatamodels.org/dataModel.PointOfInterest/PointOfInterest"};
  e["https://smartdatamodels.org/dataModel.PointOfInterest/category"] = prop(json::array{"shelter"});
  EXPECT_TRUE(read_shelter(e));
}

TEST(shelter, needs_a_point_location) {
  auto e = stored("EvacuationShelter");
  e.erase("https://uri.etsi.org/ngsi-ld/location");
  EXPECT_FALSE(read_shelter(e));
}

TEST(shelter, closed_full_or_without_room_takes_nobody) {
  EXPECT_FALSE(read_shelter(stored("Shelter", {{iri("status"), prop("closed")}}))->takes_people());
  EXPECT_FALSE(read_shelter(stored("Shelter", {{iri("status"), prop("full")}}))->takes_people());
  EXPECT_FALSE(
      read_shelter(stored("Shelter", {{iri("capacity"), prop(100)}, {iri("currentOccupancy"), prop(100)}}))->takes_people());
  EXPECT_TRUE(read_shelter(stored("Shelter", {{iri("capacity"), prop(100)}, {iri("currentOccupancy"), prop(99)}}))
                  ->takes_people());
  EXPECT_TRUE(read_shelter(stored("Shelter", {{iri("status"), prop("open")}}))->takes_people());
}

TEST(shelter, nearby_json_has_distances_and_availability) {
  auto s = read_shelter(stored("Shelter", {{iri("name"), prop("Gym")}, {iri("capacity"), prop(50)}}));
  ASSERT_TRUE(s);
  auto const o = nearby_json(nearby{*s, 1000.4, 1300.5, 17});
  EXPECT_EQ(o.at("distance").as_int64(), 1000);
  EXPECT_EQ(o.at("walkingDistance").as_int64(), 1301);
  EXPECT_EQ(o.at("walkingMinutes").as_int64(), 17);
  EXPECT_EQ(o.at("name").at("ja").as_string(), "Gym");
  EXPECT_EQ(o.at("capacity").as_int64(), 50);
  EXPECT_FALSE(o.contains("occupancy"));
  EXPECT_EQ(o.at("status").as_string(), "open");
  EXPECT_TRUE(o.at("available").as_bool());
}

}  // namespace
}  // namespace cityos::safety::shelters
