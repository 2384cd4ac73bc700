// SPDX-License-Identifier: Apache-2.0
// The live feed: changes pushed to the streams whose filter they match, as
// server-sent events in keyValues form; slow streams ended, not buffered forever.
#include "api/live/live_feed.h"

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include <gtest/gtest.h>

#include "api/static_files.h"
#include "ngsild/entity/entity_input.h"
#include "ngsild/entity/entity_ops.h"
#include "ngsild/jsonld/context.h"
#include "store/memory/memory_store.h"

namespace cityos::api {
namespace {

class live_feed_test : public ::testing::Test {
 protected:
  void SetUp() override {
    auto st = store::memory_store::open({});
    ASSERT_TRUE(st);
    store_ = std::move(*st);
    live_options o;
    o.max_queue = 5;
    o.keep_alive = std::chrono::milliseconds(50);
    hub_ = std::make_unique<live_hub>(*store_, o);
  }
  void put(std::string const& id, std::string const& type, double value) {
    json::object e{{"id", id}, {"type", type}, {"speed", json::object{{"type", "Property"}, {"value", value}}}};
    auto x = ngsild::expand_entity(e, *ngsild::context::core());
    ASSERT_TRUE(x) << x.err().detail;
    auto r = store_->modify("", id, [&](json::object const* cur) -> result<store::mutation> {
      auto up = ngsild::upsert_entity(cur, *x, ngsild::upsert_mode::replace, "2026-01-01T00:00:00Z");
      if (!up) return std::move(up).err();
      return store::mutation{store::mutation::kind::put, std::move(*up)};
    });
    ASSERT_TRUE(r);
  }
  // The next chunk of `s`, waiting up to 2 s.
  std::optional<std::string> next(response_stream& s) {
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    std::optional<std::string> out;
    s.next([&](std::optional<std::string> c) {
      std::lock_guard lock(m);
      out = std::move(c);
      done = true;
      cv.notify_all();
    });
    std::unique_lock lock(m);
    if (!cv.wait_for(lock, std::chrono::seconds(2), [&] { return done; })) {
      s.cancel();
      return std::string("(timeout)");
    }
    return out;
  }
  std::unique_ptr<store::memory_store> store_;
  std::unique_ptr<live_hub> hub_;
};

TEST_F(live_feed_test, matching_changes_arrive_as_events_in_key_values) {
  auto s = hub_->open("", {"Vehicle"}, nullptr);
  EXPECT_EQ(next(*s), ": connected\n\n");
  put("urn:ngsi-ld:OffStreetParking:p1", "OffStreetParking", 1);  // filtered out
  put("urn:ngsi-ld:Vehicle:bus1", "Vehicle", 12.5);
  auto e = next(*s);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->rfind("event: entity\ndata: ", 0), 0u) << *e;
  EXPECT_EQ(e->find("OffStreetParking"), std::string::npos) << *e;
  auto data = parse_json(e->substr(e->find("data: ") + 6));
  ASSERT_TRUE(data) << *e;
  EXPECT_EQ(data->at("op").as_string(), "upsert");
  EXPECT_EQ(data->at("type").as_string(), "Vehicle");
  EXPECT_EQ(data->at("entity").at("speed").as_double(), 12.5);
  EXPECT_EQ(hub_->streams(), 1u);
  EXPECT_GE(hub_->delivered(), 1u);
}

TEST_F(live_feed_test, idle_streams_get_keep_alives_and_slow_ones_are_ended) {
  auto s = hub_->open("", {}, nullptr);
  EXPECT_EQ(next(*s), ": connected\n\n");
  EXPECT_EQ(next(*s), ": keep-alive\n\n");
  for (int i = 0; i < 20; ++i) put("urn:ngsi-ld:Vehicle:v" + std::to_string(i), "Vehicle", i);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(next(*s), std::nullopt);  // fell more than 5 events behind: ended
}

TEST_F(live_feed_test, other_tenants_are_not_seen) {
  auto s = hub_->open("city2", {}, nullptr);
  EXPECT_EQ(next(*s), ": connected\n\n");
  put("urn:ngsi-ld:Vehicle:bus1", "Vehicle", 1);
  EXPECT_EQ(next(*s), ": keep-alive\n\n");
}

TEST(static_files_test, serves_the_built_files_with_their_types) {
  namespace fs = std::filesystem;
  fs::path const dir = fs::temp_directory_path() / "cityos-web-test";
  fs::create_directories(dir / "assets");
  std::ofstream(dir / "index.html") << "<!doctype html><title>CityOS</title>";
  std::ofstream(dir / "assets" / "app-1a2b.js") << "console.log(1)";
  auto files = static_files::open(dir);
  ASSERT_TRUE(files) << files.err().detail;
  http_request root;
  root.method = "GET";
  root.path = "/";
  auto r = files->serve(root);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->content_type, "text/html; charset=utf-8");
  EXPECT_NE(r->body.find("CityOS"), std::string::npos);
  http_request js = root;
  js.path = "/assets/app-1a2b.js";
  r = files->serve(js);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->content_type, "text/javascript; charset=utf-8");
  http_request missing = root;
  missing.path = "/ngsi-ld/v1/entities";
  EXPECT_FALSE(files->serve(missing));
  http_request post = js;
  post.method = "POST";
  EXPECT_FALSE(files->serve(post));
  EXPECT_EQ(static_files::open(dir / "assets").err().code, error_code::not_found);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cityos::api
