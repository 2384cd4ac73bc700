// SPDX-License-Identifier: Apache-2.0
// Upstream gauges and rainfall in the flood-watch service: readings of an upstream
// gauge and rain reports written to the store lead to an earlier predicted Alert
// downstream, which says what it was predicted from; config errors name the member.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "flood_fixture.h"
#include "safety/flood_watch/flood_watch.h"
#include "store/memory/memory_store.h"
#include "store/publish/entity_publisher.h"

namespace cityos::safety::flood_watch {
namespace {

using test::kMinute;
using test::kT0;

constexpr std::string_view kUp = "urn:ngsi-ld:WaterObserved:up-01";
constexpr std::string_view kDown = "urn:ngsi-ld:WaterObserved:test-01";
constexpr std::string_view kRain = "urn:ngsi-ld:WeatherObserved:w1";
constexpr int kTravel = 60;

std::string station_doc(std::string_view id, std::string_view extra) {
  return R"({"id": ")" + std::string(id) + R"(", "name": {"ja": "試験川", "en": "Test river"},
    "location": [138.25, 34.87],
    "referenceLevels": {"standby": 1.5, "caution": 2.3, "evacuationJudgement": 3.0, "danger": 3.5, "bankHeight": 4.2},
    "observationStart": 1.2, "reporting": {"floodMinutes": 5})" +
         std::string(extra) + "}";
}

result<flood_config> config_of(std::string const& stations) {
  auto doc = parse_json(R"({"checkIntervalSeconds": 3600, "stations": [)" + stations + "]}");
  if (!doc) return std::move(doc).err();
  return parse_flood_config(*doc);
}

std::string const kLink = R"(, "upstream": [{"station": "urn:ngsi-ld:WaterObserved:up-01", "travelMinutes": 60}])";

json::object observed(std::string_view id, std::string_view type, std::string_view attribute, double value,
                      epoch_ms t) {
  return json::object{
      {"id", id},
      {"type", type},
      {attribute, json::object{{"type", "Property"}, {"value", value}, {"observedAt", format_iso8601(t)}}}};
}

class upstream_watch_test : public ::testing::Test {
 protected:
  void SetUp() override {
    auto st = store::memory_store::open({});
    ASSERT_TRUE(st);
    store = std::move(*st);
  }

  void write(json::object e, epoch_ms t) {
    now = t;
    ASSERT_TRUE(store::publish_entities(*store, "", {std::move(e)}, format_iso8601(t)));
  }

  // The predicted alerts of the downstream station, oldest issue first.
  static std::vector<json::object> predicted(flood_watch const& svc) {
    auto const a = svc.alerts({.all = true, .station = kDown, .episode = "predicted"});
    std::vector<json::object> out;
    for (auto const& e : a.at("alerts").as_array()) out.push_back(e.as_object());
    std::sort(out.begin(), out.end(), [](auto const& x, auto const& y) { return issued(x) < issued(y); });
    return out;
  }

  static std::string issued(json::object const& alert) {
    return std::string(alert.at("dateIssued").at("value").at("@value").as_string());
  }

  // Runs a wave that passes the upstream gauge kTravel before this one; returns the
  // issue time of the first predicted alert downstream (and keeps the service for checks).
  std::optional<std::string> first_prediction(flood_config c) {
    svc = std::make_unique<flood_watch>(std::move(c), *store, [this] { return now.load(); });
    EXPECT_TRUE(svc->start());
    auto up = [](double m) { return m <= 60 ? 1.0 : 1.0 + 0.02 * (m - 60); };
    for (int m = 0; m <= 200; m += 5) {
      write(observed(kUp, "WaterObserved", "waterLevel", up(m), kT0 + m * kMinute), kT0 + m * kMinute);
      write(observed(kDown, "WaterObserved", "waterLevel", up(m - kTravel), kT0 + m * kMinute), kT0 + m * kMinute);
    }
    svc->drain();
    EXPECT_EQ(svc->publish_errors(), 0u);  // every Alert was valid NGSI-LD
    auto const p = predicted(*svc);
    if (p.empty()) return std::nullopt;
    return issued(p.front());
  }

  std::unique_ptr<store::memory_store> store;
  std::unique_ptr<flood_watch> svc;
  std::atomic<epoch_ms> now{kT0};
};

TEST_F(upstream_watch_test, an_upstream_wave_raises_the_predicted_alert_earlier) {
  auto alone = config_of(station_doc(kUp, "") + "," + station_doc(kDown, ""));
  ASSERT_TRUE(alone) << alone.err().detail;
  auto const own_only = first_prediction(std::move(*alone));
  ASSERT_TRUE(own_only);
  svc.reset();
  SetUp();  // a fresh store

  auto linked = config_of(station_doc(kUp, "") + "," + station_doc(kDown, kLink));
  ASSERT_TRUE(linked) << linked.err().detail;
  auto const with_upstream = first_prediction(std::move(*linked));
  ASSERT_TRUE(with_upstream);
  auto const a = parse_iso8601(*with_upstream);
  auto const b = parse_iso8601(*own_only);
  ASSERT_TRUE(a && b);
  EXPECT_LT(*a, *b);
  // The downstream starts rising at kTravel + 60 min: the own readings cannot predict
  // before that; the upstream gauge predicts before it.
  EXPECT_GE(*b, kT0 + (kTravel + 60) * kMinute);
  EXPECT_LT(*a, kT0 + (kTravel + 60) * kMinute);

  auto const first = predicted(*svc).front();
  auto const& basis = first.at("predictionBasis").at("value").as_array();
  EXPECT_NE(std::find(basis.begin(), basis.end(), json::value("upstreamGauges")), basis.end());
  EXPECT_EQ(first.at("upstreamStations").at("value").as_array(), (json::array{json::string(kUp)}));
  std::string const en(first.at("description").at("languageMap").at("en").as_string());
  EXPECT_NE(en.find("upstream gauge"), std::string::npos) << en;

  auto const river = svc->river(kDown);
  ASSERT_TRUE(river);
  auto const& routing = river->at("routing").as_object();
  ASSERT_EQ(routing.at("upstream").as_array().size(), 1u);
  auto const& u = routing.at("upstream").as_array()[0].as_object();
  EXPECT_EQ(u.at("station").as_string(), kUp);
  EXPECT_EQ(u.at("travelMinutes").as_int64(), kTravel);
  EXPECT_EQ(u.at("status").as_string(), "used");
  EXPECT_EQ(u.at("change").as_array().size(), 3u);
  EXPECT_TRUE(routing.at("at").is_string());
  // The upstream station itself has no links: no routing member.
  EXPECT_FALSE(svc->river(kUp)->contains("routing"));
}

TEST_F(upstream_watch_test, rain_reports_raise_a_predicted_alert) {
  auto c = config_of(station_doc(kDown, R"(, "rainfall": {"entity": "urn:ngsi-ld:WeatherObserved:w1",
                                            "lagMinutes": 30, "metresPerMm": 0.02})"));
  ASSERT_TRUE(c) << c.err().detail;
  flood_watch w(std::move(*c), *store, [this] { return now.load(); });
  ASSERT_TRUE(w.start());
  for (int m = 0; m <= 35; m += 5) {
    double const level = 2.2 + ((m / 5) % 2 == 0 ? 0.002 : -0.002);
    write(observed(kDown, "WaterObserved", "waterLevel", level, kT0 + m * kMinute), kT0 + m * kMinute);
  }
  w.drain();
  EXPECT_TRUE(predicted(w).empty());  // flat: nothing
  // 8 mm at minute 36: +0.16 m from minute 66 -> 2.36 m, above the caution level (2.3 m).
  write(observed(kRain, "WeatherObserved", "precipitation", 8.0, kT0 + 36 * kMinute), kT0 + 36 * kMinute);
  w.drain();
  auto const p = predicted(w);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].at("dangerLevel").at("value").as_int64(), 2);
  EXPECT_EQ(p[0].at("predictionBasis").at("value").as_array(), (json::array{"rainfall"}));
  EXPECT_EQ(p[0].at("validTo").at("value").at("@value").as_string(), format_iso8601(kT0 + 66 * kMinute));
  EXPECT_EQ(w.publish_errors(), 0u);
  auto const river = w.river(kDown);
  ASSERT_TRUE(river);
  EXPECT_EQ(river->at("routing").at("rainfall").at("mm").as_array()[0].to_number<double>(), 8.0);
}

TEST_F(upstream_watch_test, links_to_unknown_stations_are_rejected) {
  auto c = config_of(station_doc(kDown, kLink));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.err().code, error_code::bad_request);
  EXPECT_EQ(c.err().detail,
            "stations[0].upstream[0].station 'urn:ngsi-ld:WaterObserved:up-01' is not a station of this watch");
  auto bad_gain = config_of(station_doc(kUp, "") + "," +
                            station_doc(kDown, R"(, "upstream": [{"station": "urn:ngsi-ld:WaterObserved:up-01",
                                                   "travelMinutes": 60, "gain": -1}])"));
  ASSERT_FALSE(bad_gain);
  EXPECT_EQ(bad_gain.err().detail, "stations[1].upstream[0].gain must be a number from 0 to 2");
}

}  // namespace
}  // namespace cityos::safety::flood_watch
