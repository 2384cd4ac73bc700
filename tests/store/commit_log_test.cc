// SPDX-License-Identifier: Apache-2.0
#include "store/memory/commit_log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

namespace cityos::store {
namespace {

std::filesystem::path temp_dir(std::string const& name) {
  auto p = std::filesystem::temp_directory_path() /
           ("cityos-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p;
}

std::vector<std::string> read_all(std::filesystem::path const& p) {
  std::vector<std::string> out;
  auto r = commit_log::replay(p, [&](std::string_view s) { out.emplace_back(s); });
  EXPECT_TRUE(r.ok());
  return out;
}

TEST(commit_log, appended_records_replay_in_order) {
  auto const dir = temp_dir("log-order");
  {
    commit_log log;
    ASSERT_TRUE(log.open(dir / "wal", {}).ok());
    for (int i = 0; i < 100; ++i) {
      log.append([i](std::string& out) { out += "record-" + std::to_string(i); });
    }
    log.flush();
    EXPECT_EQ(log.durable_seq(), 100u);
  }
  auto const records = read_all(dir / "wal");
  ASSERT_EQ(records.size(), 100u);
  EXPECT_EQ(records.front(), "record-0");
  EXPECT_EQ(records.back(), "record-99");
}

TEST(commit_log, torn_tail_is_cut_and_earlier_records_kept) {
  auto const dir = temp_dir("log-torn");
  {
    commit_log log;
    ASSERT_TRUE(log.open(dir / "wal", {}).ok());
    log.append([](std::string& out) { out += "first"; });
    log.append([](std::string& out) { out += "second"; });
    log.flush();
  }
  auto const full = std::filesystem::file_size(dir / "wal");
  std::filesystem::resize_file(dir / "wal", full - 3);  // a crash mid-write
  auto const records = read_all(dir / "wal");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0], "first");
  EXPECT_LT(std::filesystem::file_size(dir / "wal"), full - 3);  // the torn frame is gone
}

TEST(commit_log, corrupt_frame_stops_replay) {
  auto const dir = temp_dir("log-corrupt");
  {
    commit_log log;
    ASSERT_TRUE(log.open(dir / "wal", {}).ok());
    log.append([](std::string& out) { out += "aaaa"; });
    log.append([](std::string& out) { out += "bbbb"; });
    log.flush();
  }
  {
    std::fstream f(dir / "wal", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(8 + 4 + 8 + 1);  // inside the second payload
    f.put('X');
  }
  auto const records = read_all(dir / "wal");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0], "aaaa");
}

TEST(commit_log, concurrent_writers_share_commits_and_all_become_durable) {
  auto const dir = temp_dir("log-group");
  std::atomic<std::size_t> commits{0};
  commit_log log;
  ASSERT_TRUE(log.open(dir / "wal", {false, [&](double, std::size_t) { ++commits; }}).ok());
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        auto seq = log.append([t, i](std::string& out) { out += std::to_string(t * 1000 + i); });
        log.on_durable(seq, [&] { ++done; });
      }
    });
  }
  for (auto& th : threads) th.join();
  log.flush();
  EXPECT_EQ(done.load(), 2000);
  EXPECT_LE(commits.load(), 2000u);
  log.close();
  EXPECT_EQ(read_all(dir / "wal").size(), 2000u);
}

}  // namespace
}  // namespace cityos::store
