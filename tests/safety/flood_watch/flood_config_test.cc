// SPDX-License-Identifier: Apache-2.0
#include "safety/flood_watch/flood_config.h"

#include <gtest/gtest.h>

#include "flood_fixture.h"

namespace cityos::safety::flood_watch {
namespace {

result<flood_config> parse(std::string_view text) {
  auto doc = parse_json(text);
  EXPECT_TRUE(doc.ok());
  return parse_flood_config(*doc);
}

TEST(flood_config, stations_presets_and_entities) {
  auto const c = test::test_config();
  ASSERT_EQ(c.stations.size(), 2u);
  EXPECT_EQ(c.stations[0].entity, "urn:ngsi-ld:WaterObserved:test-01");  // defaults to the id
  EXPECT_EQ(c.stations[1].station.id, "urn:ngsi-ld:FloodMonitoring:jp-322041-demo-01");
  EXPECT_EQ(c.stations[1].entity, "urn:ngsi-ld:WaterObserved:masuda-b");
  EXPECT_EQ(c.names.edition, "jma-2026");
  EXPECT_EQ(c.check_interval_ms, 3'600'000);
}

TEST(flood_config, shelter_settings) {
  auto const defaults = test::test_config().shelters;
  EXPECT_EQ(defaults.count, 3u);
  EXPECT_DOUBLE_EQ(defaults.detour_factor, 1.3);
  auto c = parse(R"({"shelters": {"count": 5, "maxDistanceMetres": 2500, "detourFactor": 1.2,
    "walkingMetresPerMinute": 60}, "stations": [{"preset": "masuda_demo"}]})");
  ASSERT_TRUE(c.ok()) << c.err().detail;
  EXPECT_EQ(c->shelters.count, 5u);
  EXPECT_DOUBLE_EQ(c->shelters.max_distance_m, 2500);
  EXPECT_DOUBLE_EQ(c->shelters.detour_factor, 1.2);
  EXPECT_DOUBLE_EQ(c->shelters.metres_per_minute, 60);
  auto err = [](std::string_view shelters) {
    auto r = parse(std::string(R"({"stations": [{"preset": "masuda_demo"}], "shelters": )") + std::string(shelters) + "}");
    return r.ok() ? std::string() : r.err().detail;
  };
  EXPECT_EQ(err(R"({"count": 1.5})"), "shelters.count must be a whole number");
  EXPECT_EQ(err(R"({"count": 21})"), "shelters.count must be a number from 0 to 20");
  EXPECT_EQ(err(R"({"detourFactor": 0.5})"), "shelters.detourFactor must be a number from 1 to 3");
  EXPECT_EQ(err(R"({"walk": 1})"), "shelters.walk is not a known member");
  EXPECT_EQ(err("[]"), "shelters must be an object");
}

TEST(flood_config, errors_name_the_member) {
  auto bad = [](std::string_view text) {
    auto c = parse(text);
    EXPECT_FALSE(c.ok()) << text;
    return c.ok() ? std::string() : c.err().detail;
  };
  EXPECT_EQ(bad(R"({"stations": []})"), "stations must be an array of at least one station");
  EXPECT_EQ(bad(R"({"stations": [{"preset": "nowhere"}]})"), "stations[0].preset 'nowhere' is not a preset");
  EXPECT_EQ(bad(R"({"stations": [{"preset": "masuda_demo"}, {"preset": "masuda_demo"}]})"), "stations[1].id is used twice");
  EXPECT_EQ(bad(R"({"levelNames": "jma_1999", "stations": [{"preset": "masuda_demo"}]})"),
            "levelNames 'jma_1999' is not a preset");
  EXPECT_EQ(bad(R"({"colour": 1, "stations": [{"preset": "masuda_demo"}]})"), "colour is not a known member");
  auto const nested = bad(R"({"stations": [{"preset": "masuda_demo"}, {"id": "urn:x", "name": {"ja": "a", "en": "b"},
    "location": [1, 2], "referenceLevels": {"standby": 2, "caution": 1}}]})");
  EXPECT_EQ(nested.rfind("stations[1].referenceLevels.caution", 0), 0u) << nested;
}

}  // namespace
}  // namespace cityos::safety::flood_watch
