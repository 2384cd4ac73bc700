// SPDX-License-Identifier: Apache-2.0
// The Smart Data Models entities built from real feeds: expectations are read
// from the loaded feed itself (records, translations rows), not copied numbers.
#include "mobility/gtfs/publish.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "mobility/gtfs/feed_loader.h"

namespace cityos::mobility::gtfs {
namespace {

std::string const kGtfs = std::string(CITYOS_SHARED_DIR) + "/data/gtfs";

feed load(std::string const& name) {
  auto r = load_feed(kGtfs + "/" + name);
  EXPECT_TRUE(r.ok()) << r.err().detail;
  return r ? std::move(r->data) : feed{};
}

// Muroran loads in ~0.25 s (debug): once for all tests.
feed const& muroran() {
  static feed const f = load("donanbus-muroran");
  return f;
}

json::object const* find_entity(published_feed const& p, std::string const& id) {
  for (auto const& e : p.entities)
    if (e.at("id").as_string() == id) return &e;
  return nullptr;
}

// The text of the trans_id/lang translation of `original` into `lang`, or "".
std::string jp_translation(feed const& f, std::string const& original, std::string const& lang) {
  for (auto const& t : f.translations)
    if (t.table_name.empty() && t.field_value == original && t.language == lang) return t.text;
  return {};
}

publish_options options(std::string prefix) {
  publish_options o;
  o.prefix = std::move(prefix);
  return o;
}

std::string str(json::value const& v) { return std::string(v.as_string()); }

TEST(publish, muroran_counts_match_the_feed) {
  auto const& f = muroran();
  auto const p = publish_feed(f, options("muroran"));
  auto const stations =
      std::count_if(f.stops.begin(), f.stops.end(), [](stop const& s) { return s.location_type == 1; });
  EXPECT_EQ(p.agencies, f.agencies.size());
  EXPECT_EQ(p.stations, static_cast<std::size_t>(stations));
  EXPECT_EQ(p.stops, f.stops.size() - static_cast<std::size_t>(stations));
  EXPECT_EQ(p.routes, f.routes.size());
  EXPECT_EQ(p.entities.size(), p.agencies + p.stations + p.stops + p.routes);
}

TEST(publish, muroran_stop_with_parent_station_and_japanese_names) {
  auto const& f = muroran();
  auto const p = publish_feed(f, options("muroran"));
  // A platform of the feed with a parent station and a ja-Hrkt reading of its name.
  auto const it = std::find_if(f.stops.begin(), f.stops.end(), [&f](stop const& s) {
    return s.location_type == 0 && s.parent != no_index && !jp_translation(f, s.name, "ja-Hrkt").empty();
  });
  ASSERT_NE(it, f.stops.end());
  auto const& st = *it;
  auto const& stop_id = f.stop_ids.name(static_cast<index_t>(it - f.stops.begin()));
  auto const& parent_id = f.stop_ids.name(st.parent);

  auto const* e = find_entity(p, "urn:ngsi-ld:GtfsStop:muroran:" + stop_id);
  ASSERT_NE(e, nullptr) << stop_id;
  EXPECT_EQ(str(e->at("type")), "GtfsStop");
  auto const& name = e->at("name").as_object();
  EXPECT_EQ(str(name.at("type")), "LanguageProperty");
  auto const& map = name.at("languageMap").as_object();
  EXPECT_EQ(str(map.at("ja")), st.name);
  EXPECT_EQ(str(map.at("ja-Hrkt")), jp_translation(f, st.name, "ja-Hrkt"));
  auto const& coords = e->at("location").at("value").at("coordinates").as_array();
  EXPECT_EQ(str(e->at("location").at("type")), "GeoProperty");
  EXPECT_DOUBLE_EQ(coords[0].as_double(), st.lon);
  EXPECT_DOUBLE_EQ(coords[1].as_double(), st.lat);
  auto const station_urn = "urn:ngsi-ld:GtfsStation:muroran:" + parent_id;
  EXPECT_EQ(str(e->at("hasParentStation").at("type")), "Relationship");
  EXPECT_EQ(str(e->at("hasParentStation").at("object")), station_urn);
  if (st.zone != no_index) {
    EXPECT_EQ(str(e->at("zoneCode").at("value")), f.zone_ids.name(st.zone));
  }
  // The stop is served, so it is operated by the feed's (only) agency.
  ASSERT_EQ(f.agencies.size(), 1u);
  auto const& operated = e->at("operatedBy").as_object();
  EXPECT_EQ(str(operated.at("type")), "ListRelationship");
  EXPECT_EQ(str(operated.at("objectList").as_array().at(0)), "urn:ngsi-ld:GtfsAgency:muroran:" + f.agency_ids.name(0));

  auto const* station = find_entity(p, station_urn);
  ASSERT_NE(station, nullptr);
  EXPECT_EQ(str(station->at("type")), "GtfsStation");
  EXPECT_EQ(str(station->at("name").at("languageMap").at("ja")), f.stops[st.parent].name);
  auto const& children = station->at("hasStop").at("objectList").as_array();
  EXPECT_NE(std::find(children.begin(), children.end(), json::value(e->at("id"))), children.end());
  EXPECT_FALSE(station->contains("hasParentStation"));
}

TEST(publish, muroran_route_and_its_agency) {
  auto const& f = muroran();
  auto const p = publish_feed(f, options("muroran"));
  ASSERT_FALSE(f.routes.empty());
  auto const& rt = f.routes[0];
  ASSERT_NE(rt.agency, no_index);
  auto const* e = find_entity(p, "urn:ngsi-ld:GtfsRoute:muroran:" + f.route_ids.name(0));
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(str(e->at("type")), "GtfsRoute");
  EXPECT_EQ(str(e->at("routeType").at("value")), std::to_string(rt.type));
  EXPECT_EQ(str(e->at("name").at("value")), rt.long_name);
  EXPECT_EQ(e->contains("shortName"), !rt.short_name.empty());
  auto const agency_urn = "urn:ngsi-ld:GtfsAgency:muroran:" + f.agency_ids.name(rt.agency);
  EXPECT_EQ(str(e->at("operatedBy").at("type")), "Relationship");
  EXPECT_EQ(str(e->at("operatedBy").at("object")), agency_urn);

  auto const* a = find_entity(p, agency_urn);
  ASSERT_NE(a, nullptr);
  auto const& ag = f.agencies[rt.agency];
  EXPECT_EQ(str(a->at("agencyName").at("value")), ag.name);
  EXPECT_EQ(str(a->at("timezone").at("value")), ag.timezone);
  EXPECT_EQ(str(a->at("page").at("value")), ag.url);
  EXPECT_EQ(str(a->at("language").at("value")), ag.lang);
  EXPECT_EQ(str(a->at("source").at("value")), f.feed_infos.at(0).publisher_url);
}

TEST(publish, english_names_from_gtfs_jp_translations) {
  auto const f = load("mlit-sample-rinkobus");
  auto const p = publish_feed(f, options("rinko"));
  std::size_t checked = 0;
  for (index_t s = 0; s < f.stops.size(); ++s) {
    auto const en = jp_translation(f, f.stops[s].name, "en");
    if (en.empty()) continue;
    auto const type = f.stops[s].location_type == 1 ? "GtfsStation" : "GtfsStop";
    auto const* e = find_entity(p, gtfs_entity_id(type, "rinko", f.stop_ids.name(s)));
    ASSERT_NE(e, nullptr);
    auto const& map = e->at("name").at("languageMap").as_object();
    EXPECT_EQ(str(map.at("ja")), f.stops[s].name);
    EXPECT_EQ(str(map.at("en")), en);
    ++checked;
  }
  EXPECT_GT(checked, 0u);
}

TEST(publish, gtfs_translations_by_record_id_and_field_value) {
  auto const f = load("sample-gtfs-feed/gtfs");
  auto const p = publish_feed(f, options("sample"));
  std::string const base = f.feed_infos.at(0).lang;
  std::size_t by_record = 0, by_value = 0;
  for (auto const& t : f.translations) {
    if (t.table_name == "stops" && t.field_name == "stop_name" && !t.record_id.empty()) {
      auto const s = f.stop_ids.find(t.record_id);
      ASSERT_TRUE(s);
      auto const type = f.stops[*s].location_type == 1 ? "GtfsStation" : "GtfsStop";
      auto const* e = find_entity(p, gtfs_entity_id(type, "sample", t.record_id));
      ASSERT_NE(e, nullptr);
      auto const& map = e->at("name").at("languageMap").as_object();
      EXPECT_EQ(str(map.at(t.language)), t.text);
      EXPECT_EQ(str(map.at(base)), f.stops[*s].name);
      ++by_record;
    }
    if (t.table_name == "routes" && t.field_name == "route_long_name" && !t.field_value.empty()) {
      for (index_t r = 0; r < f.routes.size(); ++r) {
        if (f.routes[r].long_name != t.field_value) continue;
        auto const* e = find_entity(p, gtfs_entity_id("GtfsRoute", "sample", f.route_ids.name(r)));
        ASSERT_NE(e, nullptr);
        EXPECT_EQ(str(e->at("name").at("languageMap").at(t.language)), t.text);
        ++by_value;
      }
    }
  }
  EXPECT_GT(by_record, 0u);
  EXPECT_GT(by_value, 0u);
}

TEST(publish, entity_ids_are_percent_encoded) {
  EXPECT_EQ(gtfs_entity_id("GtfsStop", "feed 1", "a/b é"), "urn:ngsi-ld:GtfsStop:feed%201:a%2Fb%20%C3%A9");
  EXPECT_EQ(gtfs_entity_id("GtfsAgency", "f", ""), "urn:ngsi-ld:GtfsAgency:f:default");
  EXPECT_EQ(gtfs_entity_id("GtfsRoute", "", "0001_A.x~-"), "urn:ngsi-ld:GtfsRoute:0001_A.x~-");
}

}  // namespace
}  // namespace cityos::mobility::gtfs
