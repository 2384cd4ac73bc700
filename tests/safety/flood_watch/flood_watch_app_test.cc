// SPDX-License-Identifier: Apache-2.0
// The safety services wired into a running CityOS (`serve --flood-watch FILE
// --watch-over FILE`): a WaterObserved written through the NGSI-LD API becomes an
// Alert that a subscription delivers, and the safety routes answer.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "../../api/subscriptions/notification_receiver.h"
#include "api/http/http_client.h"
#include "app/flood_command.h"
#include "app/instance.h"
#include "flood_fixture.h"

namespace cityos::safety::flood_watch {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kWatchConfig = R"({"persons": [{"person": "urn:ngsi-ld:Person:hanako",
  "device": "urn:ngsi-ld:Device:tag-01", "carers": ["carer-key"],
  "homeZone": {"type": "Polygon", "coordinates": [[[131.848, 34.668], [131.852, 34.668], [131.852, 34.672]]]}}]})";

fs::path write_temp(std::string const& name, std::string_view text) {
  auto const p = fs::temp_directory_path() /
                 (name + "-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".json");
  std::ofstream(p) << text;
  return p;
}

class safety_app_test : public ::testing::Test {
 protected:
  void SetUp() override {
    flood_file = write_temp("flood-watch", test::kConfig);
    watch_file = write_temp("watch-over", kWatchConfig);
    app::instance_options opt;
    opt.port = 0;
    opt.flood_watch = flood_file;
    opt.watch_over = watch_file;
    auto started = server.start(opt);
    ASSERT_TRUE(started) << started.err().detail;
    ASSERT_TRUE(client.connect("127.0.0.1", server.port()));
  }
  void TearDown() override {
    server.stop();
    fs::remove(flood_file);
    fs::remove(watch_file);
  }

  api::client_response call(std::string_view method, std::string_view target, std::string const& body = {}) {
    api::client_headers h;
    if (!body.empty()) h.emplace_back("Content-Type", "application/json");
    auto r = client.request(method, target, h, body);
    EXPECT_TRUE(r) << (r ? "" : r.err().detail);
    return r ? *r : api::client_response{};
  }

  fs::path flood_file, watch_file;
  app::instance server;
  api::http_client client;
};

TEST_F(safety_app_test, water_level_write_raises_an_alert_delivered_by_subscription) {
  api::testing::notification_receiver receiver;
  ASSERT_TRUE(receiver.started());
  auto const sub = call("POST", "/ngsi-ld/v1/subscriptions",
                        R"({"id": "urn:ngsi-ld:Subscription:alerts", "type": "Subscription",
                            "entities": [{"type": "Alert"}],
                            "notification": {"endpoint": {"uri": ")" + receiver.url() + R"(", "accept": "application/json"}}})");
  ASSERT_EQ(sub.status, 201) << sub.body;
  auto const shelter = call("POST", "/ngsi-ld/v1/entities",
                            R"({"id": "urn:ngsi-ld:PointOfInterest:school", "type": "PointOfInterest",
                                "category": {"type": "Property", "value": ["floodShelter"]},
                                "capacity": {"type": "Property", "value": 250},
                                "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [138.25, 34.872]}}})");
  ASSERT_EQ(shelter.status, 201) << shelter.body;
  auto const created = call("POST", "/ngsi-ld/v1/entities",
                            R"({"id": "urn:ngsi-ld:WaterObserved:test-01", "type": "WaterObserved",
                                "waterLevel": {"type": "Property", "value": 2.5, "observedAt": ")" +
                                format_iso8601(now_ms()) + R"("}})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto const got = receiver.wait_for(1);
  ASSERT_GE(got.size(), 1u);
  EXPECT_NE(got[0].body.find("urn:ngsi-ld:Alert:river:WaterObserved:test-01:flood:"), std::string::npos) << got[0].body;
  EXPECT_NE(got[0].body.find("nearestShelters"), std::string::npos) << got[0].body;
  EXPECT_NE(got[0].body.find("urn:ngsi-ld:PointOfInterest:school"), std::string::npos) << got[0].body;

  auto const river = call("GET", "/api/v1/safety/rivers/urn:ngsi-ld:WaterObserved:test-01");
  ASSERT_EQ(river.status, 200) << river.body;
  EXPECT_EQ(parse_json(river.body)->at("dangerLevel").as_int64(), 2);
  auto const alerts = call("GET", "/api/v1/safety/alerts");
  EXPECT_EQ(parse_json(alerts.body)->at("alerts").as_array().size(), 1u);
  EXPECT_EQ(call("GET", "/api/v1/safety/watch/alerts").status, 200);
  auto const near = call("GET", "/api/v1/safety/shelters?near=34.87,138.25");
  ASSERT_EQ(near.status, 200) << near.body;
  auto const near_doc = parse_json(near.body);
  ASSERT_TRUE(near_doc);
  auto const& listed = near_doc->at("shelters").as_array();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].at("id").as_string(), "urn:ngsi-ld:PointOfInterest:school");
  EXPECT_EQ(call("GET", "/api/v1/safety/shelters").status, 400);
}

TEST_F(safety_app_test, a_watched_tag_keeps_no_attribute_history) {
  auto const at = format_iso8601(now_ms());
  auto tag = [&](std::string const& id) {
    return R"({"id": ")" + id + R"(", "type": "Device",
               "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [131.85, 34.67]},
                            "observedAt": ")" + at + R"("}})";
  };
  ASSERT_EQ(call("POST", "/ngsi-ld/v1/entities", tag("urn:ngsi-ld:Device:tag-01")).status, 201);
  ASSERT_EQ(call("POST", "/ngsi-ld/v1/entities", tag("urn:ngsi-ld:Device:other")).status, 201);
  // The history is written on its own thread: the other device's appears first.
  for (int i = 0; i < 100 && call("GET", "/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:other").status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(call("GET", "/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:other").status, 200);
  EXPECT_EQ(call("GET", "/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Device:tag-01").status, 404);
}

TEST(flood_command, backtest_prints_leads_and_rejects_bad_input) {
  std::string csv = "time,level\n";
  for (auto const& r : test::series(400, 10, [](double m) { return 1.0 + 0.008 * m; })) {
    csv += format_iso8601(r.time) + "," + std::to_string(r.level_m) + "\n";
  }
  auto const file = write_temp("readings", csv);
  app::flood_settings s;
  s.command = "backtest";
  s.station = "masuda_demo";  // 1.5 / 2.3 / 3.0 / 3.5 m, every 10 min
  s.readings = file.string();
  std::ostringstream out, err;
  EXPECT_EQ(app::run_flood(s, out, err), 0) << err.str();
  EXPECT_NE(out.str().find("crossings: 4"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("lead 90 min"), std::string::npos) << out.str();
  s.station = "nowhere";
  EXPECT_EQ(app::run_flood(s, out, err), 2);
  EXPECT_NE(err.str().find("unknown station preset 'nowhere' (presets: fujieda_demo, masuda_demo)"), std::string::npos);
  s.station.clear();
  EXPECT_EQ(app::run_flood(s, out, err), 2);  // neither --station nor --config
  fs::remove(file);
}

}  // namespace
}  // namespace cityos::safety::flood_watch
