// SPDX-License-Identifier: Apache-2.0
// One watched person: home-zone exit and return, no movement in daytime only,
// low battery with recovery hysteresis, position retention; and the configuration.
#include "safety/watch_over/person_watch.h"

#include <gtest/gtest.h>

#include "watch_fixture.h"

namespace cityos::safety::watch_over {
namespace {

using test::kHome;
using test::kMinute;
using test::kT0;

std::vector<std::string> kinds(std::vector<watch_alert> const& v) {
  std::vector<std::string> out;
  for (auto const& a : v) out.push_back(std::string(watch_kind_name(a.kind)) + (a.active ? "+" : "-"));
  return out;
}

TEST(geofence, inside_outside_and_distance) {
  auto const p = test::config().persons[0];
  EXPECT_TRUE(contains(p.home_zone, kHome));
  EXPECT_FALSE(contains(p.home_zone, {kHome.lon + 0.01, kHome.lat}));
  EXPECT_NEAR(distance_m({139.0, 35.0}, {139.0, 35.001}), 111.2, 0.5);
}

TEST(person_watch, zone_exit_and_return) {
  person_watch w(test::config().persons[0]);
  EXPECT_TRUE(w.observe_position(kT0, kHome).empty());
  auto const out = w.observe_position(kT0 + kMinute, {kHome.lon + 0.01, kHome.lat});
  EXPECT_EQ(kinds(out), (std::vector<std::string>{"leftHomeZone+"}));
  EXPECT_EQ(out[0].entity.at("subject").at("object").as_string(), "urn:ngsi-ld:Person:hanako");
  EXPECT_EQ(out[0].entity.at("type").as_string(), "WatchOverAlert");
  EXPECT_TRUE(w.observe_position(kT0 + 2 * kMinute, {kHome.lon + 0.011, kHome.lat}).empty());  // still out: no repeat
  auto const back = w.observe_position(kT0 + 3 * kMinute, kHome);
  ASSERT_EQ(kinds(back), (std::vector<std::string>{"leftHomeZone-"}));
  EXPECT_EQ(back[0].id, out[0].id);
}

TEST(person_watch, no_movement_in_daytime_only) {
  person_watch w(test::config().persons[0]);  // daytime 07:00-19:00 JST, 120 min
  epoch_ms const morning = kT0 + 1 * 60 * kMinute;  // 01:00Z = 10:00 JST
  w.observe_position(morning, kHome);
  EXPECT_TRUE(w.check(morning + 119 * kMinute).empty());
  EXPECT_TRUE(w.observe_position(morning + 60 * kMinute, {kHome.lon + 0.0001, kHome.lat}).empty());  // 9 m: no move
  auto const still = w.check(morning + 121 * kMinute);
  EXPECT_EQ(kinds(still), (std::vector<std::string>{"noMovement+"}));
  auto const moved = w.observe_position(morning + 130 * kMinute, {kHome.lon + 0.001, kHome.lat});  // 91 m
  EXPECT_EQ(kinds(moved), (std::vector<std::string>{"noMovement-"}));

  person_watch night(test::config().persons[0]);
  epoch_ms const evening = kT0 + 11 * 60 * kMinute;  // 11:00Z = 20:00 JST
  night.observe_position(evening, kHome);
  EXPECT_TRUE(night.check(evening + 5 * 60 * kMinute).empty());  // 01:00 JST: asleep, no alert
  EXPECT_EQ(kinds(night.check(evening + 11 * 60 * kMinute)), (std::vector<std::string>{"noMovement+"}));  // 07:00
}

TEST(person_watch, low_battery_with_hysteresis) {
  person_watch w(test::config().persons[0]);  // threshold 0.2
  EXPECT_TRUE(w.observe_battery(kT0, 0.5).empty());
  EXPECT_EQ(kinds(w.observe_battery(kT0 + kMinute, 0.15)), (std::vector<std::string>{"lowBattery+"}));
  EXPECT_TRUE(w.observe_battery(kT0 + 2 * kMinute, 0.22).empty());  // not yet recovered
  EXPECT_EQ(kinds(w.observe_battery(kT0 + 3 * kMinute, 90)), (std::vector<std::string>{"lowBattery-"}));  // percent
}

TEST(person_watch, positions_older_than_the_retention_are_erased) {
  person_watch w(test::config().persons[0]);  // 2 days
  for (int h = 0; h < 72; ++h) w.observe_position(kT0 + h * 60 * kMinute, kHome);
  ASSERT_FALSE(w.positions().empty());
  EXPECT_GE(w.positions().front().time, kT0 + 71 * 60 * kMinute - 2 * 1440 * kMinute);
  EXPECT_EQ(w.positions().size(), 49u);
  w.check(kT0 + 200 * 60 * kMinute);
  EXPECT_TRUE(w.positions().empty());
}

TEST(watch_config, errors_name_the_member) {
  auto bad = [](std::string_view text) {
    auto c = parse_watch_config(*parse_json(text));
    EXPECT_FALSE(c.ok()) << text;
    return c.ok() ? std::string() : c.err().detail;
  };
  EXPECT_EQ(bad(R"({"persons": []})"), "persons must be an array of at least one person");
  EXPECT_EQ(bad(R"({"persons": [{"person": "p", "device": "d", "carers": [],
    "homeZone": {"type": "Polygon", "coordinates": [[[1, 2], [3, 4]]]}}]})"),
            "persons[0].homeZone must be a GeoJSON Polygon with at least 3 points");
  EXPECT_EQ(bad(R"({"persons": [{"person": "p", "device": "d", "carers": ["k"], "lowBattery": 3,
    "homeZone": {"type": "Polygon", "coordinates": [[[1, 2], [3, 4], [5, 2]]]}}]})"),
            "persons[0].lowBattery must be a number from 0 to 0.95");
  EXPECT_EQ(bad(R"({"persons": [{"person": "p", "device": "d", "carers": ["k"], "daytime": {"from": "7am"},
    "homeZone": {"type": "Polygon", "coordinates": [[[1, 2], [3, 4], [5, 2]]]}}]})"),
            "persons[0].daytime.from must be a time of day \"HH:MM\"");
}

}  // namespace
}  // namespace cityos::safety::watch_over
