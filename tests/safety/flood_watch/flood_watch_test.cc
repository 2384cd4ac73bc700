// SPDX-License-Identifier: Apache-2.0
// The flood-watch service on a memory store: WaterObserved writes -> Alert entities
// in the store, the API, the timer, and a restart closing what the last run left open.
#include "safety/flood_watch/flood_watch.h"

#include <gtest/gtest.h>

#include <atomic>

#include "flood_fixture.h"
#include "safety/flood_watch/routes.h"
#include "store/memory/memory_store.h"
#include "store/publish/entity_publisher.h"

namespace cityos::safety::flood_watch {
namespace {

using test::kMinute;
using test::kT0;

constexpr std::string_view kEntity = "urn:ngsi-ld:WaterObserved:test-01";
constexpr std::string_view kAlertIri = "https://uri.etsi.org/ngsi-ld/default-context/Alert";

json::object water_observed(std::string_view id, std::string_view attribute, river::reading r) {
  return json::object{{"id", id},
                      {"type", "WaterObserved"},
                      {attribute, json::object{{"type", "Property"}, {"value", r.level_m}, {"unitCode", "MTR"},
                                               {"observedAt", format_iso8601(r.time)}}}};
}

class flood_watch_test : public ::testing::Test {
 protected:
  void SetUp() override {
    auto st = store::memory_store::open({});
    ASSERT_TRUE(st);
    store = std::move(*st);
  }

  void write(std::string_view id, river::reading r, std::string_view attribute = "waterLevel") {
    now = r.time;
    ASSERT_TRUE(store::publish_entities(*store, "", {water_observed(id, attribute, r)}, format_iso8601(r.time)));
  }

  // The stored alerts: id -> alertStatus value.
  std::map<std::string, std::string> stored_alerts() const {
    std::map<std::string, std::string> out;
    store->scan("", [&](json::object const& e) {
      auto const& types = e.at("type").as_array();
      if (std::find(types.begin(), types.end(), json::value(kAlertIri)) == types.end()) return true;
      for (auto const& kv : e) {
        if (std::string_view(kv.key()).ends_with("/alertStatus")) {
          out[std::string(e.at("id").as_string())] = std::string(kv.value().as_array()[0].at("value").as_string());
        }
      }
      return true;
    });
    return out;
  }

  api::http_response get(api::router const& r, std::string path, std::vector<std::pair<std::string, std::string>> q = {}) {
    api::http_request req;
    req.method = "GET";
    req.path = path;
    req.target = path;
    for (auto const& [k, v] : q) req.target += (req.target == path ? "?" : "&") + k + "=" + v;
    req.query = std::move(q);
    return r.handle(req);
  }

  std::unique_ptr<store::memory_store> store;
  std::atomic<epoch_ms> now{kT0};
};

TEST_F(flood_watch_test, readings_become_alert_entities_and_api_state) {
  flood_watch svc(test::test_config(), *store, [this] { return now.load(); });
  ASSERT_TRUE(svc.start());
  for (auto const& r : test::series(300, 5, test::flood_curve)) write(kEntity, r);
  write("urn:ngsi-ld:WaterObserved:other", {kT0 + 301 * kMinute, 9.9});  // not watched
  svc.drain();
  EXPECT_EQ(svc.readings(), 61u);
  EXPECT_EQ(svc.publish_errors(), 0u);  // every Alert was valid NGSI-LD
  auto const alerts = stored_alerts();
  std::size_t active = 0;
  for (auto const& [id, status] : alerts) active += status == "active" ? 1 : 0;
  EXPECT_GE(alerts.size(), 4u);  // the flood episode and predictions for levels 1-4 (+5)
  EXPECT_EQ(active, 2u);         // the flood episode (level 4, held) and the level-5 prediction

  api::router r;
  add_flood_watch_routes(r, &svc);
  auto const rivers = parse_json(get(r, "/api/v1/safety/rivers").body);
  ASSERT_TRUE(rivers);
  auto const& st = rivers->at("stations").as_array()[0].as_object();
  EXPECT_EQ(st.at("dangerLevel").as_int64(), 4);  // 3.4 m at minute 300: not below 3.5 - 0.1 yet, held
  EXPECT_NEAR(st.at("reading").at("level").to_number<double>(), 3.4, 1e-9);
  auto const& horizons = st.at("forecast").at("horizons").as_array();
  ASSERT_EQ(horizons.size(), 3u);
  EXPECT_EQ(horizons[0].at("minutes").as_int64(), 30);
  EXPECT_LE(horizons[0].at("low").to_number<double>(), horizons[0].at("high").to_number<double>());
  EXPECT_TRUE(st.at("health").at("trusted").as_bool());
  EXPECT_EQ(rivers->at("stations").as_array()[1].at("reading"), json::value(nullptr));  // masuda: no reading yet

  auto const one = get(r, "/api/v1/safety/rivers/urn:ngsi-ld:WaterObserved:test-01");
  EXPECT_EQ(one.status, 200);
  EXPECT_EQ(get(r, "/api/v1/safety/rivers/urn:nothing").status, 404);

  auto const act = parse_json(get(r, "/api/v1/safety/alerts").body);
  EXPECT_EQ(act->at("alerts").as_array().size(), 2u);
  auto const all = parse_json(get(r, "/api/v1/safety/alerts", {{"all", "true"}}).body);
  EXPECT_EQ(all->at("alerts").as_array().size(), alerts.size());
  auto const floods = parse_json(get(r, "/api/v1/safety/alerts", {{"episode", "flood"}}).body);
  EXPECT_EQ(floods->at("alerts").as_array().size(), 1u);
  // By area: the station is at 34.87 N 138.25 E; 0.05 degrees north is 5.6 km away.
  auto const here = parse_json(get(r, "/api/v1/safety/alerts", {{"near", "34.87,138.25"}, {"maxDistance", "100"}}).body);
  EXPECT_EQ(here->at("alerts").as_array().size(), 2u);
  auto const away = parse_json(get(r, "/api/v1/safety/alerts", {{"near", "34.92,138.25"}}).body);
  EXPECT_EQ(away->at("alerts").as_array().size(), 0u);  // default radius 5 km
  auto const wider = parse_json(get(r, "/api/v1/safety/alerts", {{"near", "34.92,138.25"}, {"maxDistance", "6000"}}).body);
  EXPECT_EQ(wider->at("alerts").as_array().size(), 2u);
  EXPECT_EQ(get(r, "/api/v1/safety/alerts", {{"near", "34.92"}}).status, 400);
  EXPECT_EQ(get(r, "/api/v1/safety/alerts", {{"maxDistance", "10"}}).status, 400);
  EXPECT_EQ(get(r, "/api/v1/safety/alerts", {{"all", "yes"}}).status, 400);
  EXPECT_EQ(get(r, "/api/v1/safety/alerts", {{"episode", "rain"}}).status, 400);
}

TEST_F(flood_watch_test, flood_alerts_list_the_nearest_shelters_that_take_people) {
  auto shelter = [](std::string const& id, double lat, std::string_view status) {
    auto prop = [](json::value v) { return json::object{{"type", "Property"}, {"value", std::move(v)}}; };
    return json::object{{"id", "urn:ngsi-ld:EvacuationShelter:" + id},
                        {"type", "EvacuationShelter"},
                        {"capacity", prop(200)},
                        {"status", prop(json::value(status))},
                        {"location", json::object{{"type", "GeoProperty"},
                                                  {"value", json::object{{"type", "Point"},
                                                                         {"coordinates", json::array{138.25, lat}}}}}}};
  };
  // The station is at 34.87 N: "closed" is the nearest, "school" next, "hall" far.
  ASSERT_TRUE(store::publish_entities(*store, "",
                                      {shelter("closed", 34.871, "closed"), shelter("school", 34.875, "open"),
                                       shelter("hall", 34.89, "open")},
                                      format_iso8601(kT0)));
  shelters::shelter_directory directory;
  ASSERT_TRUE(directory.start(*store, ""));
  auto config = test::test_config();
  config.shelters.count = 1;
  flood_watch svc(std::move(config), *store, [this] { return now.load(); }, &directory);
  ASSERT_TRUE(svc.start());
  for (auto const& r : test::series(200, 5, test::flood_curve)) write(kEntity, r);
  svc.drain();
  auto const floods = svc.alerts({.episode = "flood"}).at("alerts").as_array();
  ASSERT_EQ(floods.size(), 1u);
  auto const& listed = floods[0].at("nearestShelters").at("json").as_array();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].at("id").as_string(), "urn:ngsi-ld:EvacuationShelter:school");
  EXPECT_GT(listed[0].at("walkingMinutes").as_int64(), 0);
  // Stored like the rest of the alert, so subscriptions deliver it.
  auto const stored = store->get("", floods[0].at("id").as_string());
  ASSERT_TRUE(stored);
  EXPECT_TRUE(stored->contains("https://uri.etsi.org/ngsi-ld/default-context/nearestShelters"));
  // Device faults list none.
  svc.check(kT0 + 400 * kMinute);
  auto const faults = svc.alerts({.episode = "fault"}).at("alerts").as_array();
  ASSERT_FALSE(faults.empty());
  EXPECT_FALSE(faults[0].as_object().contains("nearestShelters"));
}

TEST_F(flood_watch_test, height_attribute_and_timer_fault) {
  flood_watch svc(test::test_config(), *store, [this] { return now.load(); });
  ASSERT_TRUE(svc.start());
  write(kEntity, {kT0, 1.6}, "height");  // Smart Data Models' other name for the level
  svc.drain();
  EXPECT_EQ(svc.readings(), 1u);
  svc.check(kT0 + 20 * kMinute);  // flood mode: 5 min expected, 2x allowed
  auto const faults = svc.alerts({.episode = "fault"}).at("alerts").as_array();
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_EQ(faults[0].at("faultKind").at("value").as_string(), "missingReports");
}

TEST_F(flood_watch_test, restart_closes_alerts_left_active) {
  {
    flood_watch svc(test::test_config(), *store, [this] { return now.load(); });
    ASSERT_TRUE(svc.start());
    write(kEntity, {kT0, 2.5});
    svc.drain();
  }
  auto before = stored_alerts();
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before.begin()->second, "active");
  flood_watch again(test::test_config(), *store, [this] { return now.load(); });
  ASSERT_TRUE(again.start());
  EXPECT_EQ(stored_alerts().begin()->second, "closed");
}

TEST(flood_watch_routes, answer_503_without_configuration) {
  api::router r;
  add_flood_watch_routes(r, nullptr);
  for (auto const* path : {"/api/v1/safety/rivers", "/api/v1/safety/rivers/x", "/api/v1/safety/alerts"}) {
    api::http_request req;
    req.method = "GET";
    req.path = req.target = path;
    EXPECT_EQ(r.handle(req).status, 503) << path;
  }
}

}  // namespace
}  // namespace cityos::safety::flood_watch
