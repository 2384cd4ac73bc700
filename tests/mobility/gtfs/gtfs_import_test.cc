// SPDX-License-Identifier: Apache-2.0
// `cityos gtfs import` end to end: a broker on an ephemeral port, the import
// through its public API, and the entities read back over HTTP.
#include "app/gtfs_import.h"

#include <gtest/gtest.h>

#include <sstream>

#include "api/http/http_client.h"
#include "app/instance.h"
#include "common/json.h"
#include "mobility/gtfs/feed_loader.h"
#include "mobility/gtfs/publish.h"

namespace cityos::app {
namespace {

std::string const kRinko = std::string(CITYOS_SHARED_DIR) + "/data/gtfs/mlit-sample-rinkobus";

class gtfs_import : public ::testing::Test {
 protected:
  void SetUp() override {
    instance_options o;
    o.port = 0;
    o.threads = 2;
    auto r = broker_.start(o);
    ASSERT_TRUE(r) << r.err().detail;
    ASSERT_TRUE(client_.connect("127.0.0.1", broker_.port()));
  }

  gtfs_settings settings() const {
    gtfs_settings s;
    s.command = "import";
    s.path = kRinko;
    s.broker = "http://127.0.0.1:" + std::to_string(broker_.port());
    s.tenant = "transit";
    s.prefix = "rinko";
    return s;
  }

  int run(gtfs_settings const& s, std::string& out) {
    std::ostringstream o, progress;
    int const rc = run_gtfs(s, o, progress);
    out = o.str();
    return rc;
  }

  json::value get(std::string const& path) {
    auto r = client_.request("GET", path, {{"NGSILD-Tenant", "transit"}});
    EXPECT_TRUE(r) << r.err().detail;
    if (!r) return {};
    EXPECT_EQ(r->status, 200) << path << ": " << r->body;
    auto v = parse_json(r->body);
    return v ? std::move(*v) : json::value{};
  }

  instance broker_;
  api::http_client client_;
};

// The translation of `original` into `lang` (GTFS-JP trans_id form), or "".
std::string translation_of(mobility::gtfs::feed const& f, std::string const& original, std::string const& lang) {
  for (auto const& t : f.translations)
    if (t.field_value == original && t.language == lang) return t.text;
  return {};
}

TEST_F(gtfs_import, muroran_stops_come_back_with_their_names) {
  std::string const muroran = std::string(CITYOS_SHARED_DIR) + "/data/gtfs/donanbus-muroran";
  auto loaded = mobility::gtfs::load_feed(muroran);
  ASSERT_TRUE(loaded);
  auto const& f = loaded->data;
  // Expected: a platform with a parent station and a reading (ja-Hrkt) of its name.
  mobility::gtfs::index_t stop = mobility::gtfs::no_index;
  for (mobility::gtfs::index_t s = 0; s < f.stops.size() && stop == mobility::gtfs::no_index; ++s)
    if (f.stops[s].location_type == 0 && f.stops[s].parent != mobility::gtfs::no_index &&
        !translation_of(f, f.stops[s].name, "ja-Hrkt").empty())
      stop = s;
  ASSERT_NE(stop, mobility::gtfs::no_index);

  auto s = settings();
  s.path = muroran;
  s.prefix.clear();  // default: the folder's name
  std::string out;
  ASSERT_EQ(run(s, out), 0) << out;
  auto const total = f.agencies.size() + f.stops.size() + f.routes.size();
  EXPECT_NE(out.find(std::to_string(total) + " created, 0 updated, 0 rejected"), std::string::npos) << out;

  auto const id = mobility::gtfs::gtfs_entity_id("GtfsStop", "donanbus-muroran", f.stop_ids.name(stop));
  auto e = get("/ngsi-ld/v1/entities/" + id);
  ASSERT_TRUE(e.is_object());
  EXPECT_EQ(e.at("type").as_string(), "GtfsStop");
  auto const& names = e.at("name").at("languageMap");
  EXPECT_EQ(names.at("ja").as_string(), f.stops[stop].name);
  EXPECT_EQ(names.at("ja-Hrkt").as_string(), translation_of(f, f.stops[stop].name, "ja-Hrkt"));
  EXPECT_EQ(e.at("hasParentStation").at("object").as_string(),
            mobility::gtfs::gtfs_entity_id("GtfsStation", "donanbus-muroran", f.stop_ids.name(f.stops[stop].parent)));
  auto reading = get("/ngsi-ld/v1/entities/" + id + "?options=keyValues&lang=ja-Hrkt");
  EXPECT_EQ(reading.at("name").as_string(), translation_of(f, f.stops[stop].name, "ja-Hrkt")) << dump(reading);
}

TEST_F(gtfs_import, english_names_and_a_second_import_updates_in_place) {
  auto loaded = mobility::gtfs::load_feed(kRinko);
  ASSERT_TRUE(loaded);
  auto const& f = loaded->data;
  // Expected: a stop or station with an English name in translations.txt.
  mobility::gtfs::index_t stop = mobility::gtfs::no_index;
  for (mobility::gtfs::index_t s = 0; s < f.stops.size() && stop == mobility::gtfs::no_index; ++s)
    if (!translation_of(f, f.stops[s].name, "en").empty()) stop = s;
  ASSERT_NE(stop, mobility::gtfs::no_index);
  auto const en = translation_of(f, f.stops[stop].name, "en");

  std::string out;
  ASSERT_EQ(run(settings(), out), 0) << out;
  auto const total = f.agencies.size() + f.stops.size() + f.routes.size();
  EXPECT_NE(out.find(std::to_string(total) + " created, 0 updated, 0 rejected"), std::string::npos) << out;

  auto const type = f.stops[stop].location_type == 1 ? "GtfsStation" : "GtfsStop";
  auto const id = mobility::gtfs::gtfs_entity_id(type, "rinko", f.stop_ids.name(stop));
  auto e = get("/ngsi-ld/v1/entities/" + id + "?options=keyValues&lang=en");
  EXPECT_EQ(e.at("name").as_string(), en) << dump(e);
  auto routes = get("/ngsi-ld/v1/entities?type=GtfsRoute&limit=1000");
  EXPECT_EQ(routes.as_array().size(), f.routes.size());

  ASSERT_EQ(run(settings(), out), 0) << out;
  EXPECT_NE(out.find("0 created, " + std::to_string(total) + " updated, 0 rejected"), std::string::npos) << out;
}

TEST_F(gtfs_import, small_batches_reach_the_same_result) {
  auto s = settings();
  s.batch_size = 7;
  s.tenant = "small";
  std::string out;
  ASSERT_EQ(run(s, out), 0) << out;
  auto r = client_.request("GET", "/ngsi-ld/v1/entities?type=GtfsStop,GtfsStation&limit=1000",
                           {{"NGSILD-Tenant", "small"}});
  ASSERT_TRUE(r);
  auto v = parse_json(r->body);
  ASSERT_TRUE(v && v->is_array());
  auto loaded = mobility::gtfs::load_feed(kRinko);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(v->as_array().size(), loaded->data.stops.size());
}

TEST_F(gtfs_import, failures_exit_1_with_a_message) {
  std::string out;
  auto s = settings();
  s.broker = "ftp://127.0.0.1:1";
  EXPECT_EQ(run(s, out), 1);
  EXPECT_NE(out.find("http://"), std::string::npos) << out;

  s = settings();
  s.path = kRinko + "-missing";
  EXPECT_EQ(run(s, out), 1);
  EXPECT_NE(out.find("cannot open feed"), std::string::npos) << out;

  s = settings();
  s.tenant = "bad tenant!";  // the broker answers 400 to the whole batch
  EXPECT_EQ(run(s, out), 1);
  EXPECT_NE(out.find("import failed after 0 of"), std::string::npos) << out;
  EXPECT_NE(out.find("400"), std::string::npos) << out;
}

}  // namespace
}  // namespace cityos::app
