// SPDX-License-Identifier: Apache-2.0
// /api/v1/drt/requests/batch (next-day bookings decided together: decisions in
// input order, a bad booking anywhere -> 400 and nothing applied, a repeated id
// -> 409), /api/v1/drt/improve, the background improvement thread (runs slices
// while requests are open, keeps every promise, stops with the service) and
// the fleet file's "improvement" settings.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "mobility/drt_service/fleet_config.h"
#include "mobility/drt_service/routes.h"
#include "store/memory/memory_store.h"

namespace cityos::mobility::drt_service {
namespace {

epoch_ms const kNow = *parse_iso8601("2026-11-26T07:00:00+09:00");

std::string const kFleet = R"({"vehicles": [
  {"id": "f1", "seats": 4, "wheelchairs": 1, "volume": 10, "depot": {"lat": 34.8675, "lon": 138.2570},
   "shiftStart": "2026-11-26T07:00:00+09:00", "shiftEnd": "2026-11-26T20:00:00+09:00"},
  {"id": "f2", "seats": 4, "depot": {"lat": 34.8800, "lon": 138.2600},
   "shiftStart": "2026-11-26T07:00:00+09:00", "shiftEnd": "2026-11-26T20:00:00+09:00"}],
  "improvement": {"sliceMs": 2, "intervalMs": 5}})";

std::string booking(std::string const& id, double lat, double lon, double lat2, double lon2, std::string const& hhmm,
                    int passengers = 1) {
  return R"({"id": ")" + id + R"(", "kind": "passenger", "pickup": {"lat": )" + std::to_string(lat) +
         R"(, "lon": )" + std::to_string(lon) + R"(}, "dropoff": {"lat": )" + std::to_string(lat2) + R"(, "lon": )" +
         std::to_string(lon2) + R"(}, "pickupTime": "2026-11-26T)" + hhmm + R"(:00+09:00", "passengers": )" +
         std::to_string(passengers) + "}";
}

// Six trips criss-crossing the town between 8:00 and 9:00, one party too big.
std::string day_batch(std::string const& extra = {}) {
  return R"({"timeLimitMs": 50, "requests": [)" + booking("d1", 34.86, 138.24, 34.89, 138.28, "08:00") + "," +
         booking("d2", 34.89, 138.28, 34.86, 138.24, "08:10") + "," +
         booking("d3", 34.87, 138.25, 34.88, 138.27, "08:20") + "," +
         booking("d4", 34.88, 138.27, 34.87, 138.25, "08:30") + "," +
         booking("d5", 34.86, 138.26, 34.89, 138.25, "08:40", 9) + "," +
         booking("d6", 34.89, 138.25, 34.86, 138.26, "09:00") + extra + "]}";
}

class drt_planning_api : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::memory_store::open({});
    ASSERT_TRUE(s);
    store_ = std::move(*s);
    fleet_ = *parse_fleet(*parse_json(kFleet));
    auto d = drt::dispatcher::make(fleet_.vehicles, fleet_.settings);
    ASSERT_TRUE(d.ok());
    service_ = std::make_unique<drt_service>(std::move(*d), *store_, "", [] { return kNow; });
    ASSERT_TRUE(service_->publish_fleet().ok());
    add_drt_routes(router_, service_.get());
  }
  void TearDown() override { service_.reset(); }  // stops the thread before the store goes

  api::http_response call(std::string method, std::string path, std::string body = {}) {
    api::http_request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.target = r.path;
    r.body = std::move(body);
    r.has_content_length = !r.body.empty();
    return router_.handle(r);
  }
  json::object body(api::http_response const& r) { return parse_json(r.body)->as_object(); }

  std::unique_ptr<store::memory_store> store_;
  fleet_config fleet_;
  std::unique_ptr<drt_service> service_;
  api::router router_;
};

TEST_F(drt_planning_api, batch_decides_together_in_input_order) {
  auto r = call("POST", "/api/v1/drt/requests/batch", day_batch());
  ASSERT_EQ(r.status, 200) << r.body;
  auto const b = body(r);
  auto const& ds = b.at("decisions").as_array();
  ASSERT_EQ(ds.size(), 6u);
  for (std::size_t k = 0; k < ds.size(); ++k)
    EXPECT_EQ(ds[k].as_object().at("id").as_string(), "d" + std::to_string(k + 1));
  EXPECT_EQ(b.at("accepted").as_int64(), 5);
  EXPECT_EQ(b.at("rejected").as_int64(), 1);
  EXPECT_FALSE(ds[4].as_object().at("accepted").as_bool());  // party of 9
  EXPECT_FALSE(ds[4].as_object().at("reason").as_string().empty());
  auto const& d1 = ds[0].as_object();
  ASSERT_TRUE(d1.at("accepted").as_bool());
  EXPECT_TRUE(d1.contains("pickupWindow"));
  // Accepted ones are requests like any other: readable, published.
  auto g = call("GET", "/api/v1/drt/requests/d1");
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(body(g).at("status").as_string(), "scheduled");
  EXPECT_EQ(body(g).at("vehicle"), d1.at("vehicle"));
  EXPECT_NE(store_->get("", "urn:ngsi-ld:DrtRequest:d1"), nullptr);
  EXPECT_EQ(call("GET", "/api/v1/drt/requests/d5").status, 404);
  // The rejection is published (status "rejected", for the ridership service rate), nothing else of it kept.
  auto const d5 = store_->get("", "urn:ngsi-ld:DrtRequest:d5");
  ASSERT_NE(d5, nullptr);
  EXPECT_NE(dump(json::value(*d5)).find(R"("value":"rejected")"), std::string::npos);
}

TEST_F(drt_planning_api, a_bad_batch_applies_nothing) {
  auto const before = store_->entity_count("");
  auto bad = call("POST", "/api/v1/drt/requests/batch", day_batch(R"(, {"kind": "passenger"})"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("requests[6]"), std::string::npos) << bad.body;
  EXPECT_EQ(call("GET", "/api/v1/drt/requests/d1").status, 404);
  EXPECT_EQ(call("POST", "/api/v1/drt/requests/batch", R"({"requests": []})").status, 400);
  EXPECT_EQ(call("POST", "/api/v1/drt/requests/batch", "[1]").status, 400);
  EXPECT_EQ(call("POST", "/api/v1/drt/requests/batch", "").status, 400);
  auto slow = day_batch();
  slow.replace(slow.find("50"), 2, "-5");
  EXPECT_EQ(call("POST", "/api/v1/drt/requests/batch", slow).status, 400);
  auto twice = call("POST", "/api/v1/drt/requests/batch",
                    day_batch("," + booking("d1", 34.86, 138.24, 34.89, 138.28, "10:00")));
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_EQ(call("GET", "/api/v1/drt/requests/d2").status, 404);
  EXPECT_EQ(store_->entity_count(""), before);
}

TEST_F(drt_planning_api, improve_reports_and_validates) {
  ASSERT_EQ(call("POST", "/api/v1/drt/requests/batch", day_batch()).status, 200);
  auto r = call("POST", "/api/v1/drt/improve", R"({"timeMs": 20})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto const b = body(r);
  EXPECT_GT(b.at("iterations").as_int64(), 0);
  EXPECT_LE(b.at("distanceAfterM").to_number<double>(), b.at("distanceBeforeM").to_number<double>());
  EXPECT_TRUE(b.at("vehiclesChanged").is_array());
  EXPECT_EQ(call("POST", "/api/v1/drt/improve").status, 200);  // default time
  EXPECT_EQ(call("POST", "/api/v1/drt/improve", R"({"timeMs": 0})").status, 400);
  EXPECT_EQ(call("POST", "/api/v1/drt/improve", R"({"timeMs": "soon"})").status, 400);
  EXPECT_EQ(call("POST", "/api/v1/drt/improve", "[]").status, 400);
}

TEST_F(drt_planning_api, background_improvement_runs_while_requests_are_open) {
  service_->start_improvement(fleet_.improvement);
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_EQ(service_->improvement().slices, 0u);  // nothing open: nothing to do
  for (auto const& id : {"s1", "s2", "s3", "s4"}) {
    auto const t = std::string(id) == "s1" ? "08:00" : std::string(id) == "s2" ? "08:05" : std::string(id) == "s3" ? "08:10" : "08:15";
    auto r = call("POST", "/api/v1/drt/requests",
                  booking(id, 34.86 + 0.01 * (id[1] - '0'), 138.24, 34.89 - 0.01 * (id[1] - '0'), 138.28, t));
    ASSERT_EQ(r.status, 201) << r.body;
  }
  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (service_->improvement().slices < 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_GE(service_->improvement().slices, 3u);
  // Every plan still matches the promises the requests show.
  for (auto const& v : {"f1", "f2"}) {
    auto p = body(call("GET", std::string("/api/v1/drt/vehicles/") + v + "/plan"));
    for (auto const& s : p.at("plan").as_array()) {
      auto const& stop = s.as_object();
      auto req = body(call("GET", "/api/v1/drt/requests/" + std::string(stop.at("requestId").as_string())));
      EXPECT_EQ(req.at("vehicle").as_string(), v);
      auto const& w = req.at(stop.at("action").as_string() == "pickup" ? "pickupWindow" : "dropoffWindow").as_object();
      if (w.contains("to")) {
        EXPECT_LE(stop.at("eta").as_string(), w.at("to").as_string());  // ISO UTC sorts as time
      }
    }
  }
  service_.reset();  // joins the thread
}

TEST(fleet_config, improvement_settings) {
  auto f = parse_fleet(*parse_json(kFleet));
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->improvement.enabled);
  EXPECT_DOUBLE_EQ(f->improvement.slice_ms, 2);
  EXPECT_DOUBLE_EQ(f->improvement.interval_ms, 5);
  auto with = [](std::string const& improvement) {
    std::string text = kFleet;
    text.replace(text.find(R"({"sliceMs": 2, "intervalMs": 5})"), 31, improvement);
    auto g = parse_fleet(*parse_json(text));
    return g.ok() ? std::string("ok") : g.err().detail;
  };
  EXPECT_EQ(with(R"({"enabled": false})"), "ok");
  EXPECT_EQ(with(R"({"enabled": "yes"})"), "improvement 'enabled' must be true or false");
  EXPECT_EQ(with(R"({"sliceMs": 0})"), "improvement 'sliceMs' must be from 0.100000 to 1000.000000");
  EXPECT_EQ(with(R"([])"), "'improvement' must be an object");
}

}  // namespace
}  // namespace cityos::mobility::drt_service
