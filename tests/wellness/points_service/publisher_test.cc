// SPDX-License-Identifier: Apache-2.0
// What the points service publishes into the broker: each changed person's
// HealthPointsAccount (with the person as subject) and the programme's KPIs.
#include "wellness/points_service/publisher.h"

#include <atomic>

#include <gtest/gtest.h>

#include "store/memory/memory_store.h"

namespace cityos::wellness::points_service {
namespace {

constexpr std::string_view kProgramme = R"({"id": "t", "name": "T", "steps": {"tiers": [{"minSteps": 4000, "points": 3}]}})";
constexpr std::string_view kCore = "https://uri.etsi.org/ngsi-ld/default-context/";

class PublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto st = store::memory_store::open({});
    ASSERT_TRUE(st);
    store_ = std::move(*st);
    auto s = points_service::open(*parse_programme_text(kProgramme), *store_, [this] { return now_; });
    ASSERT_TRUE(s);
    svc_ = std::move(*s);
    pub_ = std::make_unique<publisher>(*svc_, *store_, "", [this] { return now_; }, publisher_settings{});
  }
  epoch_ms now_ = *parse_iso8601("2026-06-10T03:00:00Z");
  std::unique_ptr<store::memory_store> store_;
  std::unique_ptr<points_service> svc_;
  std::unique_ptr<publisher> pub_;
};

double value_of(json::object const& stored, std::string const& attr) {
  auto const& inst = stored.at(std::string(kCore) + attr).as_array().at(0).as_object();
  auto const& v = inst.at("value");
  return v.is_int64() ? static_cast<double>(v.as_int64()) : v.as_double();
}

TEST_F(PublisherTest, ChangedAccountsAndTheKpisBecomeEntities) {
  ASSERT_TRUE(svc_->enrol(json::object{{"person", "alice"}, {"age", 70}, {"ward", "Chuo"}}));
  ASSERT_TRUE(svc_->upload_steps(json::object{{"person", "alice"}, {"date", "2026-06-09"}, {"steps", 6000}}));
  ASSERT_TRUE(pub_->publish_now());
  auto account = store_->get("", "urn:ngsi-ld:HealthPointsAccount:alice");
  ASSERT_TRUE(account);
  EXPECT_EQ(value_of(*account, "balance"), 3);
  auto const& subject = account->at(std::string(kCore) + "subject").as_array().at(0).as_object();
  EXPECT_EQ(subject.at("value").as_string(), "alice");
  auto kpi = store_->get("", "urn:ngsi-ld:KeyPerformanceIndicator:healthpoints-t-daily-steps-all");
  ASSERT_TRUE(kpi);
  EXPECT_EQ(value_of(*kpi, "kpiValue"), 6000);  // alice's one day

  ASSERT_TRUE(svc_->redeem(json::object{{"person", "alice"}, {"points", 2}, {"merchant", "bus"}, {"reference", "r"}}));
  ASSERT_TRUE(pub_->publish_now());
  EXPECT_EQ(value_of(*store_->get("", "urn:ngsi-ld:HealthPointsAccount:alice"), "balance"), 1);
}

TEST_F(PublisherTest, AnAccountWhoseNumbersDidNotChangeIsNotPublishedAgain) {
  std::atomic<int> writes{0};
  store_->add_change_listener([&](std::vector<store::entity_change>&& changes) {
    for (auto const& c : changes) writes += c.id.starts_with("urn:ngsi-ld:HealthPointsAccount:") ? 1 : 0;
  });
  ASSERT_TRUE(svc_->enrol(json::object{{"person", "bob"}, {"age", 70}, {"ward", "Chuo"}}));
  ASSERT_TRUE(pub_->publish_now());
  EXPECT_EQ(writes.load(), 1);
  ASSERT_TRUE(svc_->upload_steps(json::object{{"person", "bob"}, {"date", "2026-06-09"}, {"steps", 1000}}));
  ASSERT_TRUE(pub_->publish_now());
  EXPECT_EQ(writes.load(), 1);  // earned nothing: the entity is still right
  ASSERT_TRUE(svc_->upload_steps(json::object{{"person", "bob"}, {"date", "2026-06-08"}, {"steps", 5000}}));
  ASSERT_TRUE(pub_->publish_now());
  EXPECT_EQ(writes.load(), 2);
  EXPECT_EQ(value_of(*store_->get("", "urn:ngsi-ld:HealthPointsAccount:bob"), "balance"), 3);
}

TEST_F(PublisherTest, KpiPeriodsAreChecked) {
  EXPECT_EQ(kpis_of(*svc_, "2026-06-10", "2026-06-01").err().code, error_code::bad_request);
  EXPECT_EQ(kpis_of(*svc_, "June", "").err().code, error_code::bad_request);
  auto r = kpis_of(*svc_, "", "");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->to, "2026-06-10");
  EXPECT_EQ(r->from, "2026-05-14");  // 28 days
}

}  // namespace
}  // namespace cityos::wellness::points_service
