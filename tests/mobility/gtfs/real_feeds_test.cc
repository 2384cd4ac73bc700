// SPDX-License-Identifier: Apache-2.0
// The real feeds of ../shared/data/gtfs load completely. Expected row counts are
// computed here from the files (non-blank lines minus the header), and known
// records are checked against the text of the files.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "mobility/gtfs/feed_loader.h"
#include "mobility/gtfs/time_parse.h"

namespace cityos::mobility::gtfs {
namespace {

std::string const kGtfs = std::string(CITYOS_SHARED_DIR) + "/data/gtfs";

std::size_t data_lines(std::string const& file) {
  std::ifstream in(file);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line))
    if (!line.empty() && line != "\r") ++n;
  return n == 0 ? 0 : n - 1;
}

std::string issues(load_result const& r) {
  std::string s;
  for (auto const& i : r.report.kept()) s += i.to_string() + "\n";
  return s;
}

TEST(real_feeds, donanbus_muroran_gtfs_jp) {
  std::string const dir = kGtfs + "/donanbus-muroran";
  auto r = load_feed(dir);
  ASSERT_TRUE(r.ok()) << r.err().detail;
  auto const& f = r->data;
  EXPECT_TRUE(r->usable());
  EXPECT_EQ(r->report.errors(), 0u) << issues(*r);
  EXPECT_EQ(f.stops.size(), data_lines(dir + "/stops.txt"));
  EXPECT_EQ(f.routes.size(), data_lines(dir + "/routes.txt"));
  EXPECT_EQ(f.trips.size(), data_lines(dir + "/trips.txt"));
  EXPECT_EQ(f.stop_times.size(), data_lines(dir + "/stop_times.txt"));
  EXPECT_EQ(f.fare_rules.size(), data_lines(dir + "/fare_rules.txt"));
  EXPECT_EQ(f.fare_attributes.size(), data_lines(dir + "/fare_attributes.txt"));
  EXPECT_EQ(f.translations.size(), data_lines(dir + "/translations.txt"));
  EXPECT_EQ(f.shape_points.size(), data_lines(dir + "/shapes.txt"));
  EXPECT_EQ(f.routes_jp.size(), data_lines(dir + "/routes_jp.txt"));
  ASSERT_EQ(f.agencies_jp.size(), 1u);
  EXPECT_EQ(f.agencies_jp[0].official_name, "道南バス株式会社");

  // stops.txt: "0001,,絵鞆団地,...,1,," and "0001_A,...,0001_A,,0,0001,,,"
  auto const station = f.stop_ids.find("0001"), platform = f.stop_ids.find("0001_A");
  ASSERT_TRUE(station && platform);
  EXPECT_EQ(f.stops[*station].name, "絵鞆団地");
  EXPECT_EQ(f.stops[*station].location_type, 1);
  EXPECT_EQ(f.stops[*platform].parent, *station);
  EXPECT_EQ(f.zone_ids.name(f.stops[*platform].zone), "0001_A");

  // stop_times.txt: trip 100310_weekday_1 starts at 0391_A at 06:55:00.
  auto const& trip = f.trips[*f.trip_ids.find("100310_weekday_1")];
  ASSERT_GT(trip.stop_time_count, 1u);
  auto const& first = f.stop_times[trip.first_stop_time];
  EXPECT_EQ(f.stop_ids.name(first.stop), "0391_A");
  EXPECT_EQ(first.departure, *parse_time("06:55:00"));
  EXPECT_EQ(f.route_ids.name(trip.route), "100310");

  // fare_attributes.txt "k_160,160,JPY,..."; fare_rules.txt "k_210,100310,0391_A,0384_A,"
  auto const k160 = f.fare_ids.find("k_160");
  ASSERT_TRUE(k160);
  EXPECT_EQ(f.fare_attributes[*k160].price, 160);
  EXPECT_EQ(f.fare_attributes[*k160].currency, "JPY");
  auto const& rule = f.fare_rules[0];
  EXPECT_EQ(f.fare_ids.name(rule.fare), "k_210");
  EXPECT_EQ(f.zone_ids.name(rule.origin), "0391_A");
  EXPECT_EQ(f.zone_ids.name(rule.destination), "0384_A");
  EXPECT_EQ(rule.contains, no_index);

  // translations.txt is the GTFS-JP v2 trans_id/lang form.
  EXPECT_EQ(f.translations[0].field_value, "絵鞆団地");
  EXPECT_EQ(f.translations[0].language, "ja");
}

TEST(real_feeds, mlit_sample_with_office_jp) {
  std::string const dir = kGtfs + "/mlit-sample-rinkobus";
  auto r = load_feed(dir);
  ASSERT_TRUE(r.ok());
  auto const& f = r->data;
  EXPECT_TRUE(r->usable()) << issues(*r);
  EXPECT_EQ(f.stops.size(), data_lines(dir + "/stops.txt"));
  EXPECT_EQ(f.stop_times.size(), data_lines(dir + "/stop_times.txt"));
  ASSERT_EQ(f.offices_jp.size(), 1u);
  EXPECT_EQ(f.offices_jp[0].name, "神明町営業所");
  auto const& trip = f.trips[*f.trip_ids.find("25000-1-平日（月～金）-001")];
  EXPECT_EQ(trip.jp_office_id, "神明町");
  EXPECT_EQ(f.stop_times[trip.first_stop_time].arrival, *parse_time("06:28:00"));  // written "6:28:00"
  EXPECT_EQ(f.stops[*f.stop_ids.find("1510-51")].parent, *f.stop_ids.find("1510"));
}

TEST(real_feeds, sample_feed_folder_and_zip_agree) {
  auto dir = load_feed(kGtfs + "/sample-gtfs-feed/gtfs");
  auto zip = load_feed(kGtfs + "/sample-gtfs-feed/gtfs.zip");
  ASSERT_TRUE(dir.ok() && zip.ok());
  EXPECT_TRUE(dir->usable()) << issues(*dir);
  EXPECT_EQ(dir->data.stop_times.size(), data_lines(kGtfs + "/sample-gtfs-feed/gtfs/stop_times.txt"));
  EXPECT_EQ(dir->data.frequencies.size(), data_lines(kGtfs + "/sample-gtfs-feed/gtfs/frequencies.txt"));
  EXPECT_EQ(dir->data.transfers.size(), data_lines(kGtfs + "/sample-gtfs-feed/gtfs/transfers.txt"));
  EXPECT_EQ(dir->data.translations.size(), data_lines(kGtfs + "/sample-gtfs-feed/gtfs/translations.txt"));
  EXPECT_EQ(dir->data.translations[0].table_name, "feed_info");  // the GTFS table_name form
  EXPECT_EQ(zip->data.stop_times.size(), dir->data.stop_times.size());
  EXPECT_EQ(zip->data.stops.size(), dir->data.stops.size());
  EXPECT_EQ(zip->data.trips.size(), dir->data.trips.size());
  EXPECT_EQ(zip->report.errors(), dir->report.errors());
}

TEST(real_feeds, zipped_feeds_load) {
  for (auto const* name : {"/otp-test-feeds/caltrain_gtfs.zip", "/otp-test-feeds/kcm_gtfs.zip",
                           "/porto-alegre-sao-paulo/poa_eptc.zip"}) {
    auto r = load_feed(kGtfs + name);
    ASSERT_TRUE(r.ok()) << name;
    EXPECT_TRUE(r->usable()) << name << "\n" << issues(*r);
    EXPECT_GT(r->data.stop_times.size(), 1000u) << name;
    EXPECT_EQ(r->files.at("stop_times.txt").skipped, 0u) << name << "\n" << issues(*r);
  }
}

}  // namespace
}  // namespace cityos::mobility::gtfs
