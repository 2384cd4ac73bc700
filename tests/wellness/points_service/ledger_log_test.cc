// SPDX-License-Identifier: Apache-2.0
// The points ledger's own file: records read back in order, a torn tail
// dropped (and appending goes on after it), corruption before the end is an
// error, concurrent appenders all made durable; the service on it reopens to
// the same state and takes over the transactions an older version kept as
// store documents.
#include "wellness/points_service/ledger_log.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/memory/memory_store.h"
#include "wellness/points_service/points_service.h"

namespace cityos::wellness::points_service {
namespace {

namespace fs = std::filesystem;

class LedgerLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("cityos-ledger-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    file_ = dir_ / "points" / "ledger.log";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<ledger_log> open_log() {
    auto l = ledger_log::open(file_, {});
    EXPECT_TRUE(l) << l.err().detail;
    return l ? std::move(*l) : nullptr;
  }
  std::vector<std::string> records() {
    auto l = open_log();
    std::vector<std::string> out;
    auto n = l->read_all([&](std::string_view r) -> result<void> {
      out.emplace_back(r);
      return {};
    });
    EXPECT_TRUE(n) << n.err().detail;
    return out;
  }
  void append_raw(std::string const& bytes) {
    std::ofstream f(file_, std::ios::binary | std::ios::app);
    f << bytes;
  }

  fs::path dir_;
  fs::path file_;
};

TEST_F(LedgerLogTest, RecordsAreReadBackInAppendOrder) {
  {
    auto l = open_log();
    EXPECT_EQ(l->append("one"), 1u);
    EXPECT_EQ(l->append("two"), 2u);
    auto const seq = l->append(std::string(100'000, 'x'));
    l->flush();
    EXPECT_GE(l->durable_seq(), seq);
    bool called = false;
    l->on_durable(seq, [&] { called = true; });  // already durable: at once
    EXPECT_TRUE(called);
  }
  auto r = records();
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0], "one");
  EXPECT_EQ(r[1], "two");
  EXPECT_EQ(r[2].size(), 100'000u);
}

TEST_F(LedgerLogTest, ATornLastRecordIsDroppedAndAppendingGoesOnAfterIt) {
  {
    auto l = open_log();
    l->append("kept-1");
    l->append("kept-2");
  }
  auto const intact = fs::file_size(file_);
  append_raw(std::string("\x10\x00\x00\x00\x01\x02\x03\x04half", 12));  // 16 bytes announced, 4 written
  EXPECT_EQ(records(), (std::vector<std::string>{"kept-1", "kept-2"}));
  EXPECT_EQ(fs::file_size(file_), intact);  // cut off
  {
    auto l = open_log();
    l->append("after");
  }
  EXPECT_EQ(records(), (std::vector<std::string>{"kept-1", "kept-2", "after"}));
  // A zero-filled tail (a power loss after the file grew) is torn too.
  append_raw(std::string(64, '\0'));
  EXPECT_EQ(records().size(), 3u);
  EXPECT_EQ(fs::file_size(file_), intact + 8 + 5);
}

TEST_F(LedgerLogTest, ABadChecksumOnTheLastRecordIsATornTail) {
  {
    auto l = open_log();
    l->append("kept");
    l->append("last");
  }
  std::fstream f(file_, std::ios::binary | std::ios::in | std::ios::out);
  f.seekp(-1, std::ios::end);
  f.put('X');
  f.close();
  EXPECT_EQ(records(), (std::vector<std::string>{"kept"}));
}

TEST_F(LedgerLogTest, ACorruptRecordBeforeTheEndIsAnError) {
  {
    auto l = open_log();
    l->append("first");
    l->append("second");
    l->append("third");
  }
  auto const size = fs::file_size(file_);
  std::fstream f(file_, std::ios::binary | std::ios::in | std::ios::out);
  f.seekp(8 + 2);  // inside "first"
  f.put('#');
  f.close();
  auto l = ledger_log::open(file_, {});
  ASSERT_FALSE(l);
  EXPECT_EQ(l.err().code, error_code::internal);
  EXPECT_NE(l.err().detail.find("corrupt record at byte 0"), std::string::npos) << l.err().detail;
  EXPECT_EQ(fs::file_size(file_), size);  // nothing cut
}

TEST_F(LedgerLogTest, ConcurrentAppendersAreAllMadeDurable) {
  constexpr int kThreads = 8, kEach = 500;
  std::atomic<int> durable{0};
  {
    auto l = open_log();
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads; ++t) {
      ts.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i) {
          auto const seq = l->append(std::to_string(t) + ":" + std::to_string(i));
          l->on_durable(seq, [&] { durable.fetch_add(1); });
        }
      });
    }
    for (auto& t : ts) t.join();
    l->flush();
    EXPECT_EQ(durable.load(), kThreads * kEach);
  }
  auto r = records();
  ASSERT_EQ(r.size(), static_cast<std::size_t>(kThreads * kEach));
  EXPECT_EQ(std::set<std::string>(r.begin(), r.end()).size(), r.size());
}

constexpr std::string_view kProgramme = R"({"id": "t", "name": "T", "steps": {"tiers": [{"minSteps": 4000, "points": 3}]}})";

std::unique_ptr<points_service> service(store::store& st, fs::path const& ledger) {
  service_options o;
  o.ledger_file = ledger;
  auto s = points_service::open(*parse_programme_text(kProgramme), st, [] { return *parse_iso8601("2026-06-10T03:00:00Z"); }, o);
  EXPECT_TRUE(s) << s.err().detail;
  return s ? std::move(*s) : nullptr;
}

// Returns the seq of the upload's answer.
std::uint64_t enrol_and_upload(points_service& s, std::string const& person) {
  EXPECT_TRUE(s.enrol(json::object{{"person", person}, {"age", 40}, {"ward", "w"}}));
  auto a = s.upload_steps(json::object{{"person", person}, {"date", "2026-06-09"}, {"steps", 5000}});
  EXPECT_TRUE(a);
  return a ? a->seq : 0;
}

TEST_F(LedgerLogTest, TheServiceKeepsItsTransactionsInTheLedgerAndReopensToTheSameState) {
  auto st = store::memory_store::open({});
  ASSERT_TRUE(st);
  {
    auto s = service(**st, file_);
    enrol_and_upload(*s, "p1");
    auto const seq = enrol_and_upload(*s, "p2");
    EXPECT_EQ(seq, 4u);
    std::atomic<bool> durable{false};
    s->waiter()(seq, [&] { durable = true; });
    s->flush();
    EXPECT_TRUE(durable.load());
    EXPECT_TRUE((*st)->documents(kTransactions).empty());
  }
  EXPECT_EQ(records().size(), 4u);
  auto s = service(**st, file_);
  EXPECT_EQ(s->balance("p2")->at("balance").as_int64(), 3);
  EXPECT_TRUE(s->verify().at("ok").as_bool());
  enrol_and_upload(*s, "p3");  // seqs go on after the read-back ones
  EXPECT_EQ(s->history("p3", 0, 10)->at("entries").as_array()[0].at("id").as_string(), "6.1");
}

TEST_F(LedgerLogTest, TransactionsKeptAsStoreDocumentsMoveIntoAnEmptyLedger) {
  auto st = store::memory_store::open({});
  ASSERT_TRUE(st);
  {
    auto s = service(**st, {});  // an older data dir: transactions as documents
    enrol_and_upload(*s, "p1");
  }
  ASSERT_EQ((*st)->documents(kTransactions).size(), 2u);
  {
    auto s = service(**st, file_);
    EXPECT_EQ(s->balance("p1")->at("balance").as_int64(), 3);
    EXPECT_TRUE((*st)->documents(kTransactions).empty());
    enrol_and_upload(*s, "p2");
  }
  EXPECT_EQ(records().size(), 4u);
  auto s = service(**st, file_);
  EXPECT_EQ(s->balance("p1")->at("balance").as_int64(), 3);
  EXPECT_EQ(s->balance("p2")->at("balance").as_int64(), 3);
  EXPECT_TRUE(s->verify().at("ok").as_bool());
}

}  // namespace
}  // namespace cityos::wellness::points_service
