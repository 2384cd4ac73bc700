// SPDX-License-Identifier: Apache-2.0
// The points service over a memory store: uploads, replacement, review,
// events, redemption (also concurrent), expiry, re-derivation on reopen.
#include "wellness/points_service/points_service.h"

#include <atomic>
#include <cstdio>
#include <thread>

#include <gtest/gtest.h>

#include "store/memory/memory_store.h"

namespace cityos::wellness::points_service {
namespace {

constexpr std::string_view kProgramme = R"({
  "id": "test", "name": "Test programme",
  "steps": {"tiers": [{"minSteps": 4000, "points": 3}]},
  "caps": {"monthly": 60},
  "events": {"qrCheckIn": {"points": 20, "perDay": 1}, "transitRide": {"points": 2, "perDay": 2}},
  "expiryMonths": 12,
  "lateUploadDays": 42,
  "pointValueYen": 1
})";

json::value doc(std::string_view text) { return *parse_json(text); }

std::string fmt_date(int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

class PointsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto st = store::memory_store::open({});
    ASSERT_TRUE(st);
    store_ = std::move(*st);
    open();
  }
  void open() {
    auto p = parse_programme_text(programme_text_);
    ASSERT_TRUE(p) << p.err().detail;
    auto s = points_service::open(*p, *store_, [this] { return now_.load(); });
    ASSERT_TRUE(s) << s.err().detail;
    svc_ = std::move(*s);
  }
  void enrol(std::string const& person) {
    auto a = svc_->enrol(json::object{{"person", person}, {"age", 70}, {"ward", "Chuo"}});
    ASSERT_TRUE(a) << a.err().detail;
  }
  result<answer> steps(std::string const& person, std::string const& date, std::int64_t n, std::string key = {}) {
    json::object b{{"person", person}, {"date", date}, {"steps", n}};
    if (!key.empty()) b["idempotencyKey"] = key;
    return svc_->upload_steps(b);
  }
  std::int64_t balance(std::string const& person) {
    return svc_->balance(person)->at("balance").as_int64();
  }
  std::vector<std::string> kinds(std::string const& person) {
    std::vector<std::string> out;
    auto h = svc_->history(person, 0, 1000);
    for (auto const& e : h->at("entries").as_array()) {
      out.emplace_back(e.at("kind").as_string());
    }
    return out;
  }
  void expect_verified() {
    auto v = svc_->verify();
    EXPECT_TRUE(v.at("ok").as_bool()) << dump(v);
    EXPECT_EQ(v.at("sum").as_int64(), 0);
  }

  std::string_view programme_text_ = kProgramme;
  std::atomic<epoch_ms> now_{*parse_iso8601("2026-06-10T03:00:00Z")};  // 12:00 in Japan
  std::unique_ptr<store::memory_store> store_;
  std::unique_ptr<points_service> svc_;
};

TEST_F(PointsServiceTest, AStepUploadAwardsTheTierAndIsRecordedDoubleEntry) {
  enrol("alice");
  auto a = steps("alice", "2026-06-09", 5200);
  ASSERT_TRUE(a) << a.err().detail;
  EXPECT_TRUE(a->created);
  EXPECT_EQ(a->body.at("points").as_int64(), 3);
  EXPECT_EQ(a->body.at("balance").as_int64(), 3);
  EXPECT_EQ(balance("alice"), 3);
  auto h = svc_->history("alice", 0, 10);
  auto const& e = h->at("entries").as_array().at(0).as_object();
  EXPECT_EQ(e.at("debit").as_string(), "programme");
  EXPECT_EQ(e.at("credit").as_string(), "person:alice");
  EXPECT_EQ(e.at("rule").as_string(), "steps.tiers");
  expect_verified();
}

TEST_F(PointsServiceTest, ARetryWithTheSameKeyGetsTheSameAnswerAndNoSecondAward) {
  enrol("alice");
  auto first = steps("alice", "2026-06-09", 5200, "k1");
  auto again = steps("alice", "2026-06-09", 5200, "k1");
  ASSERT_TRUE(first && again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(dump(first->body), dump(again->body));
  auto same = steps("alice", "2026-06-09", 5200, "k2");  // same content, new key: nothing changes
  ASSERT_TRUE(same);
  EXPECT_FALSE(same->created);
  EXPECT_EQ(balance("alice"), 3);
  EXPECT_EQ(kinds("alice"), std::vector<std::string>{"award"});
}

TEST_F(PointsServiceTest, AReplacedDayReversesAndReAwardsInsteadOfEditing) {
  enrol("alice");
  ASSERT_TRUE(steps("alice", "2026-06-09", 5200));
  auto low = steps("alice", "2026-06-09", 1000);
  ASSERT_TRUE(low);
  EXPECT_EQ(low->body.at("revision").as_int64(), 2);
  EXPECT_EQ(balance("alice"), 0);
  ASSERT_TRUE(steps("alice", "2026-06-09", 6000));
  EXPECT_EQ(balance("alice"), 3);
  EXPECT_EQ(kinds("alice"), (std::vector<std::string>{"award", "reverse", "award"}));
  expect_verified();
}

// A baseline of 2 days; 10 points per full 1,000 steps above it.
constexpr std::string_view kBaselineProgramme = R"({
  "id": "baseline", "name": "Baseline programme",
  "steps": {"baselineIncrease": {"baselineDays": 2, "points": 10, "minIncrease": 1000}},
  "lateUploadDays": 42
})";

// The rule of kBaselineProgramme, for the expectations.
std::int64_t increase_points(std::int64_t steps, double baseline) {
  auto const increase = static_cast<std::int64_t>(steps - baseline);
  return increase < 1000 ? 0 : increase / 1000 * 10;
}

TEST_F(PointsServiceTest, ReplacingABaselineDayReEvaluatesTheLaterDays) {
  programme_text_ = kBaselineProgramme;
  svc_.reset();
  open();
  enrol("alice");
  ASSERT_TRUE(steps("alice", "2026-06-01", 2000));
  ASSERT_TRUE(steps("alice", "2026-06-02", 2000));
  ASSERT_TRUE(steps("alice", "2026-06-03", 5500));
  ASSERT_TRUE(steps("alice", "2026-06-04", 3500));
  auto const first = increase_points(5500, 2000) + increase_points(3500, 2000);
  ASSERT_GT(first, 0);
  EXPECT_EQ(balance("alice"), first);

  // A higher first day raises the baseline: the later days are reversed and re-awarded.
  auto up = steps("alice", "2026-06-01", 4000);
  ASSERT_TRUE(up) << up.err().detail;
  auto const second = increase_points(5500, 3000) + increase_points(3500, 3000);
  EXPECT_EQ(balance("alice"), second);
  ASSERT_TRUE(up->body.contains("reevaluated"));
  EXPECT_EQ(dump(up->body.at("reevaluated")), R"(["2026-06-03","2026-06-04"])");

  // A new day before the others shifts the window: 05-31 and 06-01 make the baseline now,
  // 06-02 leaves it and is judged against it too.
  auto early = steps("alice", "2026-05-31", 1000);
  ASSERT_TRUE(early) << early.err().detail;
  auto const third = increase_points(2000, 2500) + increase_points(5500, 2500) + increase_points(3500, 2500);
  EXPECT_EQ(balance("alice"), third);

  // A replacement of a day after the baseline changes nothing else.
  auto late = steps("alice", "2026-06-04", 3600);
  ASSERT_TRUE(late);
  EXPECT_FALSE(late->body.contains("reevaluated"));
  expect_verified();

  // The re-evaluations are in the ledger: the same state after a reopen.
  auto const before = dump(*svc_->history("alice", 0, 100));
  svc_.reset();
  open();
  EXPECT_EQ(dump(*svc_->history("alice", 0, 100)), before);
  EXPECT_EQ(balance("alice"), third - increase_points(3500, 2500) + increase_points(3600, 2500));
  expect_verified();
}

TEST_F(PointsServiceTest, ReplacingADayWhosePointsWereSpentWritesOffInsteadOfGoingNegative) {
  enrol("alice");
  ASSERT_TRUE(steps("alice", "2026-06-09", 5200));
  ASSERT_TRUE(svc_->redeem(doc(R"({"person": "alice", "points": 3, "merchant": "bus", "reference": "r1"})")));
  ASSERT_TRUE(steps("alice", "2026-06-09", 100));
  EXPECT_EQ(balance("alice"), 0);
  EXPECT_EQ(kinds("alice"), (std::vector<std::string>{"award", "redeem", "reverse", "adjust"}));
  expect_verified();
}

TEST_F(PointsServiceTest, BadUploadsAreRefusedAndWriteNothing) {
  enrol("alice");
  EXPECT_EQ(steps("bob", "2026-06-09", 5000).err().code, error_code::not_found);
  EXPECT_EQ(steps("alice", "2026-04-01", 5000).err().code, error_code::unprocessable);  // > 42 days late
  EXPECT_EQ(steps("alice", "2026-06-11", 5000).err().code, error_code::unprocessable);  // tomorrow
  EXPECT_EQ(steps("alice", "2026-02-30", 5000).err().code, error_code::bad_request);
  EXPECT_EQ(steps("alice", "2026-06-09", -1).err().code, error_code::bad_request);
  EXPECT_EQ(svc_->upload_steps(doc(R"({"person": "alice", "date": "2026-06-09", "steps": 1, "extra": 1})")).err().code,
            error_code::bad_request);
  EXPECT_EQ(svc_->upload_steps(doc(R"([1])")).err().code, error_code::invalid_request);
  EXPECT_EQ(store_->documents(kTransactions).size(), 1u);  // the enrolment only
}

TEST_F(PointsServiceTest, ManualEntriesEarnNothing) {
  enrol("alice");
  auto a = svc_->upload_steps(
      doc(R"({"person": "alice", "date": "2026-06-09", "steps": 9000, "method": "manual"})"));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->body.at("points").as_int64(), 0);
  EXPECT_FALSE(a->body.at("note").as_string().empty());
  EXPECT_EQ(balance("alice"), 0);
}

TEST_F(PointsServiceTest, AFlaggedDayWaitsForAReviewerWhoApprovesOrRejects) {
  enrol("alice");
  enrol("bob");
  json::array shaker;
  for (int h = 0; h < 24; ++h) shaker.emplace_back(h >= 8 && h < 18 ? 4000 : 0);  // a phone shaker's flat rhythm
  for (auto const* p : {"alice", "bob"}) {
    auto a = svc_->upload_steps(
        json::object{{"person", p}, {"date", "2026-06-09"}, {"steps", 40000}, {"hourly", shaker}});
    ASSERT_TRUE(a) << a.err().detail;
    EXPECT_TRUE(a->body.at("held").as_bool());
    EXPECT_EQ(a->body.at("points").as_int64(), 0);
  }
  auto q = svc_->review_queue();
  ASSERT_EQ(q.at("total").as_int64(), 2);
  EXPECT_EQ(q.at("items").as_array()[0].at("person").as_string(), "alice");
  auto ok = svc_->review("alice", "2026-06-09", doc(R"({"decision": "approve"})"));
  ASSERT_TRUE(ok) << ok.err().detail;
  EXPECT_EQ(balance("alice"), 3);
  ASSERT_TRUE(svc_->review("bob", "2026-06-09", doc(R"({"decision": "reject", "note": "shaker"})")));
  EXPECT_EQ(balance("bob"), 0);
  EXPECT_EQ(svc_->review_queue().at("total").as_int64(), 0);
  EXPECT_EQ(svc_->review("bob", "2026-06-09", doc(R"({"decision": "approve"})")).err().code, error_code::not_found);
  expect_verified();
}

TEST_F(PointsServiceTest, EventsEarnByTheirRuleOnceEachEventId) {
  enrol("alice");
  auto a = svc_->upload_event(doc(R"({"person": "alice", "kind": "qrCheckIn", "date": "2026-06-09", "eventId": "e1"})"));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->body.at("points").as_int64(), 20);
  auto again = svc_->upload_event(doc(R"({"person": "alice", "kind": "qrCheckIn", "date": "2026-06-09", "eventId": "e1"})"));
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  auto second = svc_->upload_event(doc(R"({"person": "alice", "kind": "qrCheckIn", "date": "2026-06-09", "eventId": "e2"})"));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body.at("points").as_int64(), 0);  // one a day
  EXPECT_EQ(balance("alice"), 20);
}

TEST_F(PointsServiceTest, MonthlyCapCoversStepsAndEvents) {
  enrol("alice");
  ASSERT_TRUE(svc_->upload_event(doc(R"({"person": "alice", "kind": "qrCheckIn", "date": "2026-06-01"})")));
  ASSERT_TRUE(svc_->upload_event(doc(R"({"person": "alice", "kind": "qrCheckIn", "date": "2026-06-02"})")));
  for (int d = 3; d <= 9; ++d) ASSERT_TRUE(steps("alice", fmt_date(2026, 6, d), 5000));
  EXPECT_EQ(balance("alice"), 60);  // 40 + 3 x 6 = 58, then 2 of the last 3: the cap of 60
}

TEST_F(PointsServiceTest, RedemptionDebitsOnceAndNeverOverdraws) {
  enrol("alice");
  ASSERT_TRUE(steps("alice", "2026-06-09", 5000));
  auto none = svc_->redeem(doc(R"({"person": "alice", "points": 4, "merchant": "bus", "reference": "t1"})"));
  EXPECT_EQ(none.err().code, error_code::unprocessable);
  auto r = svc_->redeem(doc(R"({"person": "alice", "points": 2, "merchant": "bus", "reference": "t1"})"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body.at("balanceAfter").as_int64(), 1);
  EXPECT_EQ(r->body.at("yen").as_double(), 2.0);
  auto again = svc_->redeem(doc(R"({"person": "alice", "points": 2, "merchant": "bus", "reference": "t1"})"));
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->body.at("receiptId"), r->body.at("receiptId"));
  EXPECT_EQ(balance("alice"), 1);
  EXPECT_EQ(svc_->receipts("alice")->at("receipts").as_array().size(), 1u);
}

TEST_F(PointsServiceTest, ConcurrentRedemptionsNeverTakeMoreThanTheBalance) {
  enrol("alice");
  for (int d = 1; d <= 10; ++d) ASSERT_TRUE(steps("alice", fmt_date(2026, 6, d), 5000));
  ASSERT_EQ(balance("alice"), 30);
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        json::object b{{"person", "alice"}, {"points", 4}, {"merchant", "bus"},
                       {"reference", "t" + std::to_string(t) + "-" + std::to_string(i % 5)}};
        if (auto r = svc_->redeem(b); r && r->created) ++accepted;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted.load(), 7);  // 7 x 4 = 28 <= 30 < 32
  EXPECT_EQ(balance("alice"), 2);
  expect_verified();
}

TEST_F(PointsServiceTest, ConcurrentUploadsOfOneDayAwardExactlyOnce) {
  enrol("alice");
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) (void)steps("alice", "2026-06-09", 5000 + (i % 2), "k" + std::to_string(t % 3));
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(balance("alice"), 3);
  expect_verified();
}

TEST_F(PointsServiceTest, PointsExpireOldestFirst) {
  enrol("alice");
  ASSERT_TRUE(steps("alice", "2026-06-01", 5000));
  ASSERT_TRUE(steps("alice", "2026-06-09", 5000));
  ASSERT_TRUE(svc_->redeem(doc(R"({"person": "alice", "points": 2, "merchant": "bus", "reference": "a"})")));
  now_ = *parse_iso8601("2027-06-05T03:00:00Z");  // the 2026-06-01 points are over 12 months old
  auto e = svc_->expire_all();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->body.at("points").as_int64(), 1);  // 3 earned then, 2 of them spent
  EXPECT_EQ(balance("alice"), 3);
  EXPECT_EQ(svc_->expire_all()->body.at("points").as_int64(), 0);
  expect_verified();
}

TEST_F(PointsServiceTest, AdjustmentsCannotMakeABalanceNegative) {
  enrol("alice");
  ASSERT_TRUE(svc_->adjust(doc(R"({"person": "alice", "points": 5, "reason": "lost phone"})")));
  EXPECT_EQ(svc_->adjust(doc(R"({"person": "alice", "points": -6, "reason": "x"})")).err().code,
            error_code::unprocessable);
  ASSERT_TRUE(svc_->adjust(doc(R"({"person": "alice", "points": -5, "reason": "duplicate"})")));
  EXPECT_EQ(balance("alice"), 0);
}

TEST_F(PointsServiceTest, ReopeningReDerivesTheSameState) {
  enrol("alice");
  ASSERT_TRUE(steps("alice", "2026-06-08", 5000, "k"));
  ASSERT_TRUE(steps("alice", "2026-06-09", 5000));
  json::array rapid(24, json::value(0));
  rapid[9] = 13000;  // above 200 steps a minute for an hour
  ASSERT_TRUE(svc_->upload_steps(
      json::object{{"person", "alice"}, {"date", "2026-06-10"}, {"steps", 13000}, {"hourly", rapid}}));
  ASSERT_TRUE(svc_->redeem(doc(R"({"person": "alice", "points": 2, "merchant": "bus", "reference": "a"})")));
  auto before = dump(*svc_->history("alice", 0, 100));
  auto uploads = dump(*svc_->uploads("alice"));
  svc_.reset();
  open();
  EXPECT_EQ(dump(*svc_->history("alice", 0, 100)), before);
  EXPECT_EQ(dump(*svc_->uploads("alice")), uploads);
  EXPECT_EQ(balance("alice"), 4);
  EXPECT_EQ(svc_->review_queue().at("total").as_int64(), 1);
  auto retry = steps("alice", "2026-06-08", 5000, "k");  // idempotency survives the restart
  ASSERT_TRUE(retry);
  EXPECT_FALSE(retry->created);
  auto r = svc_->redeem(doc(R"({"person": "alice", "points": 2, "merchant": "bus", "reference": "a"})"));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->created);
  expect_verified();
}

TEST_F(PointsServiceTest, EnrolmentChecksEligibility) {
  auto p = parse_programme_text(R"({"id": "w", "name": "W", "eligibility": {"wards": ["Chuo"]}})");
  ASSERT_TRUE(p);
  auto s = points_service::open(*p, *store_, [this] { return now_.load(); });
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)->enrol(doc(R"({"person": "x", "age": 50, "ward": "Kita"})")).err().code, error_code::unprocessable);
  EXPECT_TRUE((*s)->enrol(doc(R"({"person": "x", "age": 50, "ward": "Chuo"})")));
  EXPECT_EQ((*s)->enrol(doc(R"({"person": "x"})")).err().code, error_code::bad_request);
}

}  // namespace
}  // namespace cityos::wellness::points_service
