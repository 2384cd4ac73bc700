// SPDX-License-Identifier: Apache-2.0
// The ridership service on a memory store beside the real on-demand service:
// what the dispatcher publishes (a booking accepted, picked up, dropped off; a
// booking rejected) updates the published KeyPerformanceIndicator entities.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "mobility/drt_service/drt_service.h"
#include "mobility/drt_service/fleet_config.h"
#include "mobility/ridership/ridership_service.h"
#include "ngsild/entity/stored_attributes.h"
#include "store/memory/memory_store.h"

namespace cityos::mobility::ridership {
namespace {

epoch_ms const kStart = *parse_iso8601("2026-11-26T08:00:00+09:00");
epoch_ms const kAsked = *parse_iso8601("2026-11-26T09:00:00+09:00");
constexpr int kParty = 2;

std::string const kFleet = R"({"vehicles": [
  {"id": "f1", "seats": 4, "wheelchairs": 1, "volume": 10, "depot": {"lat": 34.8675, "lon": 138.2570},
   "shiftStart": "2026-11-26T07:00:00+09:00", "shiftEnd": "2026-11-26T20:00:00+09:00"}],
  "settings": {"speedKmh": 30}})";

std::string booking(std::string const& id, int party) {
  return R"({"id": ")" + id + R"(", "kind": "passenger",
    "pickup": {"lat": 34.8700, "lon": 138.2500}, "dropoff": {"lat": 34.8900, "lon": 138.2700},
    "pickupTime": ")" + format_iso8601(kAsked) + R"(", "passengers": )" + std::to_string(party) + "}";
}

class ridership_service_test : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::memory_store::open({});
    ASSERT_TRUE(s);
    store_ = std::move(*s);
    auto clock = [t = now_] { return t->load(); };
    ridership_settings rs;
    rs.publish_interval = std::chrono::milliseconds(0);  // publish after every counted change
    ridership_ = std::make_unique<ridership_service>(*store_, clock, rs);
    ASSERT_TRUE(ridership_->start().ok());
    auto fleet = drt_service::parse_fleet(*parse_json(kFleet));
    ASSERT_TRUE(fleet.ok()) << fleet.err().detail;
    auto d = drt::dispatcher::make(fleet->vehicles, fleet->settings);
    ASSERT_TRUE(d.ok());
    drt_ = std::make_unique<drt_service::drt_service>(std::move(*d), *store_, "", clock);
  }

  // The published kpiValue of KPI `slug`, or nullopt (no entity or no value).
  std::optional<double> kpi(std::string const& slug) {
    ridership_->drain();
    auto e = store_->get("", "urn:ngsi-ld:KeyPerformanceIndicator:" + slug);
    if (!e) return std::nullopt;
    auto const* v = ngsild::find_attribute(*e, "kpiValue");
    return v ? ngsild::number_value(*v) : std::nullopt;
  }

  std::shared_ptr<std::atomic<epoch_ms>> now_ = std::make_shared<std::atomic<epoch_ms>>(kStart);
  std::unique_ptr<store::memory_store> store_;
  std::unique_ptr<ridership_service> ridership_;
  std::unique_ptr<drt_service::drt_service> drt_;
};

TEST_F(ridership_service_test, dispatcher_statuses_update_the_published_kpis) {
  // Published at start, before anything happened.
  EXPECT_EQ(kpi("drt-ridership"), 0.0);
  EXPECT_EQ(kpi("transit-ridership"), 0.0);
  EXPECT_EQ(kpi("drt-service-rate"), std::nullopt);

  auto accepted = drt_->submit(*parse_json(booking("b1", kParty)));
  ASSERT_TRUE(accepted.ok()) << accepted.err().detail;
  ASSERT_TRUE(accepted->at("accepted").as_bool());
  auto rejected = drt_->submit(*parse_json(booking("b2", 9)));  // larger than any vehicle
  ASSERT_TRUE(rejected.ok());
  ASSERT_FALSE(rejected->at("accepted").as_bool());
  EXPECT_EQ(kpi("drt-service-rate"), 100.0 * 1 / 2);

  std::string const vehicle(accepted->at("vehicle").as_string());
  epoch_ms const picked = kAsked + 4 * 60'000;
  now_->store(picked);
  ASSERT_TRUE(drt_->event(vehicle, *parse_json(R"({"type": "pickedUp", "requestId": "b1"})")).ok());
  EXPECT_EQ(kpi("drt-wait"), (picked - kAsked) / 60'000.0);
  EXPECT_EQ(kpi("drt-ridership"), 0.0);  // not there yet

  now_->store(picked + 15 * 60'000);
  ASSERT_TRUE(drt_->event(vehicle, *parse_json(R"({"type": "droppedOff", "requestId": "b1"})")).ok());
  EXPECT_EQ(kpi("drt-ridership"), static_cast<double>(kParty));
  EXPECT_EQ(ridership_->today().drt_riders, kParty);
}

}  // namespace
}  // namespace cityos::mobility::ridership
