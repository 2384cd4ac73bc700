// SPDX-License-Identifier: Apache-2.0
// The demo city's data files: the flood-watch configuration of the two gauges
// parses and names the entities the simulator writes, the rain event drives the
// Chiribetsu through its levels with predicted crossings (backtest), the
// on-demand fleet file loads, and the demo city starts at a given sim time.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <thread>
#include <vector>

#include "api/http/http_client.h"
#include "app/instance.h"
#include "mobility/drt_service/fleet_config.h"
#include "mobility/gtfs/feed_loader.h"
#include "safety/flood_watch/flood_config.h"
#include "safety/river/backtest.h"
#include "sim/river_gauges.h"

namespace cityos::sim {
namespace {

constexpr char const* kData = CITYOS_SOURCE_DIR "/data/muroran";

TEST(DemoData, FloodWatchConfigNamesTheSimulatedGauges) {
  auto c = safety::flood_watch::load_flood_config(std::string(kData) + "/flood-watch.json");
  ASSERT_TRUE(c) << c.err().detail;
  ASSERT_EQ(c->stations.size(), 2u);
  EXPECT_EQ(c->stations[0].entity, "urn:ngsi-ld:WaterObserved:muroran-chiribetsu");
  EXPECT_EQ(c->stations[1].entity, "urn:ngsi-ld:WaterObserved:muroran-chimaibetsu");
}

TEST(DemoData, TheRainEventRaisesTheChiribetsuToLevel4WithWarningAndNotTheOther) {
  auto c = safety::flood_watch::load_flood_config(std::string(kData) + "/flood-watch.json");
  ASSERT_TRUE(c) << c.err().detail;
  epoch_ms const start = 1'795'000'000'000;
  river_gauges g(start, 30 * 60'000);
  for (int gauge : {0, 1}) {
    std::vector<safety::river::reading> rs;
    for (epoch_ms t = start; t <= start + 12 * 3'600'000; t += 10 * 60'000) rs.push_back({t, g.level(gauge, t)});
    auto rep = safety::river::run_backtest(c->stations[static_cast<std::size_t>(gauge)].station, rs);
    if (gauge == 0) {
      ASSERT_FALSE(rep.crossings.empty());
      EXPECT_EQ(rep.crossings.back().level, 4);
      EXPECT_GT(rep.predicted_alerts, 0u);
      EXPECT_GT(rep.mean_lead_ms(), 0);
    } else {
      EXPECT_TRUE(rep.crossings.empty());
    }
  }
  EXPECT_NEAR(g.level(0, start + 12 * 3'600'000), 0.55, 1e-9);  // back to normal
}

TEST(DemoData, TheExpiredCalendarRunsOnWhenAsked) {
  mobility::gtfs::load_options o;
  o.extend_calendars_to = 21'000;  // 2027-07-01
  auto f = mobility::gtfs::load_feed(std::string(kData) + "/gtfs", o);
  ASSERT_TRUE(f) << f.err().detail;
  ASSERT_EQ(f->data.calendars.size(), 2u);
  for (auto const& c : f->data.calendars) EXPECT_EQ(c.end_date, 21'000);
  auto plain = mobility::gtfs::load_feed(std::string(kData) + "/gtfs");
  ASSERT_TRUE(plain);
  EXPECT_LT(plain->data.calendars[0].end_date, 19'000);  // 2021-04-01 as published
}

TEST(DemoData, FleetFileLoads) {
  auto f = mobility::drt_service::load_fleet(std::string(kData) + "/drt-fleet.json");
  ASSERT_TRUE(f) << f.err().detail;
  EXPECT_EQ(f->vehicles.size(), 3u);
}

}  // namespace
}  // namespace cityos::sim

namespace cityos::sim {
namespace {

// `cityos serve --demo --demo-start T`: the simulator and the services' clock start at T.
TEST(DemoCity, StartsAtTheGivenSimTime) {
  auto const dir = std::filesystem::temp_directory_path() /
                   ("cityos-demo-start-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  app::instance_options opt;
  opt.port = 0;
  opt.data_dir = dir;
  opt.demo = true;
  opt.demo_speed = 60;
  opt.demo_start = *parse_iso8601("2026-11-25T07:30:00+09:00");  // a Wednesday morning
  app::instance city;
  auto started = city.start(opt);
  ASSERT_TRUE(started) << started.err().detail;
  api::http_client client;
  ASSERT_TRUE(client.connect("127.0.0.1", city.port()));
  std::optional<epoch_ms> seen;
  for (int i = 0; i < 100 && !seen; ++i) {
    auto r = client.request("GET", "/ngsi-ld/v1/entities/urn:ngsi-ld:WaterObserved:muroran-chiribetsu");
    if (r && r->status == 200) {
      auto e = parse_json(r->body);
      if (e && e->at("height").as_object().contains("observedAt")) {
        seen = parse_iso8601(std::string_view(e->at("height").at("observedAt").as_string()));
      }
    }
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  city.stop();
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(seen.has_value());
  EXPECT_GE(*seen, opt.demo_start);
  EXPECT_LT(*seen, opt.demo_start + 30 * 60'000);  // not today's wall-clock time
}

}  // namespace
}  // namespace cityos::sim
