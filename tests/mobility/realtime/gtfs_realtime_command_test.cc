// SPDX-License-Identifier: Apache-2.0
// `cityos gtfs realtime` end to end: the MMRI 3b summary, bad input, and the
// King County Metro vehicle positions upserted into a broker on an ephemeral
// port and read back over HTTP.
#include "app/gtfs_realtime_command.h"

#include <gtest/gtest.h>

#include <sstream>

#include "api/http/http_client.h"
#include "app/instance.h"
#include "common/json.h"

namespace cityos::app {
namespace {

std::string const kOtp = std::string(CITYOS_SHARED_DIR) + "/data/gtfs/otp-test-feeds";

int run(gtfs_settings const& s, std::string& out) {
  std::ostringstream o, progress;
  int const rc = run_gtfs(s, o, progress);
  out = o.str();
  return rc;
}

gtfs_settings settings(std::string const& feed, std::string const& updates) {
  gtfs_settings s;
  s.command = "realtime";
  s.path = feed;
  s.updates = updates;
  s.quiet = true;
  return s;
}

TEST(gtfs_realtime_command, summary_of_trip_updates) {
  std::string out;
  ASSERT_EQ(run(settings(kOtp + "/mmri/3e", kOtp + "/mmri/3e.pb"), out), 0) << out;
  EXPECT_NE(out.find("1 trip updates, 0 vehicle positions"), std::string::npos) << out;
  EXPECT_NE(out.find("trips updated 0, canceled 1, skipped stops 0"), std::string::npos) << out;

  // SEPTA's updates name trips of another feed: all unmatched.
  ASSERT_EQ(run(settings(kOtp + "/mmri/3e", kOtp + "/septa.pbf"), out), 0) << out;
  EXPECT_NE(out.find("unmatched trip ids (35): AIR_4846_V55_M"), std::string::npos) << out;
}

TEST(gtfs_realtime_command, bad_input_exits_1) {
  std::string out;
  EXPECT_EQ(run(settings(kOtp + "/mmri/3e", kOtp + "/mmri/3e/trips.txt"), out), 1);
  EXPECT_NE(out.find("not a GTFS-Realtime FeedMessage"), std::string::npos) << out;
  EXPECT_EQ(run(settings(kOtp + "/mmri/3e", kOtp + "/missing.pb"), out), 1);
  EXPECT_NE(out.find("cannot read"), std::string::npos) << out;
  auto s = settings(kOtp + "/mmri/3e", kOtp + "/mmri/3e.pb");
  s.date = "2014-01-01";
  EXPECT_EQ(run(s, out), 1);
  EXPECT_NE(out.find("--date must be YYYYMMDD"), std::string::npos) << out;
  s = settings(kOtp + "/mmri/3e", kOtp + "/mmri/3e.pb");
  s.publish = true;
  s.broker = "ftp://example.org";
  EXPECT_EQ(run(s, out), 1);
  EXPECT_NE(out.find("http:// or https://"), std::string::npos) << out;
}

TEST(gtfs_realtime_command, vehicles_are_upserted) {
  instance broker;
  instance_options o;
  o.port = 0;
  o.threads = 2;
  auto started = broker.start(o);
  ASSERT_TRUE(started) << started.err().detail;

  auto s = settings(kOtp + "/kcm_gtfs.zip", kOtp + "/king-county-metro-1.pbf");
  s.publish = true;
  s.broker = "http://127.0.0.1:" + std::to_string(broker.port());
  s.tenant = "transit";
  std::string out;
  ASSERT_EQ(run(s, out), 0) << out;
  EXPECT_NE(out.find("627 vehicle positions"), std::string::npos) << out;
  EXPECT_NE(out.find(" Vehicle entities into "), std::string::npos) << out;
  EXPECT_NE(out.find(" 0 rejected"), std::string::npos) << out;

  api::http_client client(std::chrono::seconds(10));
  ASSERT_TRUE(client.connect("127.0.0.1", broker.port()));
  auto r = client.request("GET", "/ngsi-ld/v1/entities/urn:ngsi-ld:Vehicle:kcm_gtfs:4382", {{"NGSILD-Tenant", "transit"}});
  ASSERT_TRUE(r) << r.err().detail;
  ASSERT_EQ(r->status, 200) << r->body;
  auto e = parse_json(r->body);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->at("type").as_string(), "Vehicle");
  EXPECT_EQ(e->at("vehicleType").at("value").as_string(), "bus");
  EXPECT_EQ(e->at("refGtfsRoute").at("object").as_string(), "urn:ngsi-ld:GtfsRoute:kcm_gtfs:100001");
  EXPECT_EQ(e->at("location").at("type").as_string(), "GeoProperty");
}

}  // namespace
}  // namespace cityos::app
