// SPDX-License-Identifier: Apache-2.0
// /api/v1/drt through a router on a memory store: bookings answered 201/200,
// bad input 400 with nothing written, cancellations, vehicle plans and
// events, 404/422 cases, 503 without a fleet, and the Vehicle / DrtRequest
// entities published into the store as things change. Also the fleet file.
#include <gtest/gtest.h>

#include <string>

#include "mobility/drt_service/fleet_config.h"
#include "mobility/drt_service/routes.h"
#include "store/memory/memory_store.h"

namespace cityos::mobility::drt_service {
namespace {

epoch_ms const kNow = *parse_iso8601("2026-11-26T08:00:00+09:00");

std::string const kFleet = R"({"vehicles": [
  {"id": "f1", "seats": 4, "wheelchairs": 1, "volume": 10, "depot": {"lat": 34.8675, "lon": 138.2570},
   "shiftStart": "2026-11-26T07:00:00+09:00", "shiftEnd": "2026-11-26T20:00:00+09:00"},
  {"id": "f2", "seats": 4, "depot": {"lat": 34.8800, "lon": 138.2600},
   "shiftStart": "2026-11-26T07:00:00+09:00", "shiftEnd": "2026-11-26T20:00:00+09:00"}],
  "settings": {"speedKmh": 30}})";

std::string const kBooking = R"({"id": "b1", "kind": "passenger",
  "pickup": {"lat": 34.8700, "lon": 138.2500}, "dropoff": {"lat": 34.8900, "lon": 138.2700},
  "pickupTime": "2026-11-26T09:00:00+09:00", "passengers": 2})";

class drt_api : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::memory_store::open({});
    ASSERT_TRUE(s);
    store_ = std::move(*s);
    auto fleet = parse_fleet(*parse_json(kFleet));
    ASSERT_TRUE(fleet.ok()) << fleet.err().detail;
    auto d = drt::dispatcher::make(fleet->vehicles, fleet->settings);
    ASSERT_TRUE(d.ok());
    service_ = std::make_unique<drt_service>(std::move(*d), *store_, "", [] { return kNow; });
    ASSERT_TRUE(service_->publish_fleet().ok());
    add_drt_routes(router_, service_.get());
  }

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
  store::entity_ptr entity(std::string const& id) { return store_->get("", id); }

  std::unique_ptr<store::memory_store> store_;
  std::unique_ptr<drt_service> service_;
  api::router router_;
};

TEST_F(drt_api, booking_accepted_published_and_followed) {
  ASSERT_NE(entity("urn:ngsi-ld:Vehicle:drt:f1"), nullptr);  // the fleet at start
  auto r = call("POST", "/api/v1/drt/requests", kBooking);
  ASSERT_EQ(r.status, 201) << r.body;
  auto d = body(r);
  EXPECT_EQ(d.at("id"), "b1");
  EXPECT_TRUE(d.at("accepted").as_bool());
  std::string const vehicle(d.at("vehicle").as_string());
  EXPECT_TRUE(d.at("pickupWindow").as_object().contains("from"));
  ASSERT_NE(entity("urn:ngsi-ld:DrtRequest:b1"), nullptr);

  auto g = call("GET", "/api/v1/drt/requests/b1");
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(body(g).at("status"), "scheduled");
  auto plan = call("GET", "/api/v1/drt/vehicles/" + vehicle + "/plan");
  ASSERT_EQ(plan.status, 200);
  EXPECT_EQ(body(plan).at("plan").as_array().size(), 2u);
  auto list = call("GET", "/api/v1/drt/vehicles");
  EXPECT_EQ(body(list).at("vehicles").as_array().size(), 2u);

  auto ev = call("POST", "/api/v1/drt/vehicles/" + vehicle + "/events", R"({"type": "pickedUp", "requestId": "b1"})");
  ASSERT_EQ(ev.status, 200) << ev.body;
  EXPECT_EQ(body(call("GET", "/api/v1/drt/requests/b1")).at("status"), "onboard");
  EXPECT_EQ(call("DELETE", "/api/v1/drt/requests/b1").status, 422);
  auto pos = call("POST", "/api/v1/drt/vehicles/" + vehicle + "/events",
                  R"({"type": "position", "location": {"lat": 34.875, "lon": 138.26}})");
  EXPECT_EQ(pos.status, 200);
  ASSERT_EQ(call("POST", "/api/v1/drt/vehicles/" + vehicle + "/events", R"({"type": "droppedOff", "requestId": "b1"})").status, 200);
  EXPECT_EQ(body(call("GET", "/api/v1/drt/requests/b1")).at("status"), "completed");
  // The published request follows its status.
  auto const e = entity("urn:ngsi-ld:DrtRequest:b1");
  ASSERT_NE(e, nullptr);
  EXPECT_NE(dump(json::value(*e)).find("completed"), std::string::npos);
  // ... and carries what the ridership KPIs read: the asked pickup time, when it happened, the party.
  std::string const stored = dump(json::value(*e));
  EXPECT_NE(stored.find("requestedPickupTime"), std::string::npos);
  EXPECT_NE(stored.find(R"("value":")" + format_iso8601(*parse_iso8601("2026-11-26T09:00:00+09:00"))), std::string::npos);
  EXPECT_NE(stored.find("pickedUpAt"), std::string::npos);
  EXPECT_NE(stored.find(R"("seats":2)"), std::string::npos);
}

TEST_F(drt_api, cancel_and_not_found) {
  ASSERT_EQ(call("POST", "/api/v1/drt/requests", kBooking).status, 201);
  EXPECT_EQ(call("POST", "/api/v1/drt/requests", kBooking).status, 409);  // same id again
  EXPECT_EQ(call("DELETE", "/api/v1/drt/requests/b1").status, 204);
  EXPECT_EQ(body(call("GET", "/api/v1/drt/requests/b1")).at("status"), "cancelled");
  EXPECT_EQ(call("DELETE", "/api/v1/drt/requests/b1").status, 422);
  EXPECT_EQ(call("GET", "/api/v1/drt/requests/nope").status, 404);
  EXPECT_EQ(call("GET", "/api/v1/drt/vehicles/nope/plan").status, 404);
  EXPECT_EQ(call("POST", "/api/v1/drt/vehicles/nope/events", R"({"type": "breakdown"})").status, 404);
}

TEST_F(drt_api, bad_input_is_refused_and_writes_nothing) {
  auto count = [&] { return store_->entity_count(""); };
  auto const before = count();
  EXPECT_EQ(call("POST", "/api/v1/drt/requests", "").status, 400);
  EXPECT_EQ(call("POST", "/api/v1/drt/requests", "{not json").status, 400);
  auto r = call("POST", "/api/v1/drt/requests", R"({"kind": "passenger"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("pickup"), std::string::npos);
  EXPECT_EQ(call("POST", "/api/v1/drt/vehicles/f1/events", R"({"type": "teleport"})").status, 400);
  EXPECT_EQ(call("POST", "/api/v1/drt/vehicles/f1/events", R"({"type": "pickedUp"})").status, 400);
  EXPECT_EQ(call("POST", "/api/v1/drt/vehicles/f1/events", R"({"type": "pickedUp", "requestId": "x"})").status, 404);
  // A rejected booking (party of 9: no vehicle has the seats) is an answer, not an error; it leaves only
  // its DrtRequest with status "rejected" (for the ridership service rate), nothing in the plans.
  auto big = call("POST", "/api/v1/drt/requests",
                  R"({"kind": "passenger", "pickup": {"lat": 34.87, "lon": 138.25}, "dropoff": {"lat": 34.89, "lon": 138.27},
                      "pickupTime": "2026-11-26T09:00:00+09:00", "passengers": 9})");
  ASSERT_EQ(big.status, 200) << big.body;
  EXPECT_FALSE(body(big).at("accepted").as_bool());
  EXPECT_FALSE(body(big).at("reason").as_string().empty());
  EXPECT_EQ(count(), before + 1);
  auto const rejected = entity("urn:ngsi-ld:DrtRequest:" + std::string(body(big).at("id").as_string()));
  ASSERT_NE(rejected, nullptr);
  EXPECT_NE(dump(json::value(*rejected)).find(R"("value":"rejected")"), std::string::npos);
  EXPECT_EQ(call("GET", "/api/v1/drt/vehicles/f1/plan").status, 200);
  EXPECT_EQ(dump(body(call("GET", "/api/v1/drt/vehicles/f1/plan")).at("plan")), "[]");
}

TEST(drt_routes, no_fleet_answers_503) {
  api::router r;
  add_drt_routes(r, nullptr);
  api::http_request q;
  q.method = "GET";
  q.path = q.target = "/api/v1/drt/vehicles";
  EXPECT_EQ(r.handle(q).status, 503);
}

TEST(fleet_config, errors_name_the_vehicle) {
  auto err = [](std::string const& text) {
    auto f = parse_fleet(*parse_json(text));
    return f.ok() ? std::string("ok") : f.err().detail;
  };
  EXPECT_EQ(err(R"({"vehicles": []})"), "the fleet file needs a non-empty 'vehicles' array");
  EXPECT_EQ(err(R"({"vehicles": [{"seats": 4}]})"), "vehicle 0 needs a non-empty string 'id'");
  EXPECT_EQ(err(R"({"vehicles": [{"id": "a", "seats": -1}]})"), "vehicle 'a' 'seats' must be from 0.000000 to 1000.000000");
  EXPECT_EQ(err(R"({"vehicles": [{"id": "a", "depot": {"lat": 1, "lon": 2}, "shiftStart": "2026-11-26T10:00:00Z",
                   "shiftEnd": "2026-11-26T09:00:00Z"}]})"),
            "vehicle 'a' has a shift ending before it starts");
  auto ok = parse_fleet(*parse_json(kFleet));
  ASSERT_TRUE(ok.ok());
  EXPECT_NEAR(ok->settings.speed_mps, 30 / 3.6, 1e-9);
  EXPECT_EQ(ok->vehicles[1].capacity, (drt::load{4, 0, 0}));
}

}  // namespace
}  // namespace cityos::mobility::drt_service
