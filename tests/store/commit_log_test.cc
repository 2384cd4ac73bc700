// SPDX-License-Identifier: Apache-2.0
#include "store/memory/commit_log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <future>
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

// The frame format is fixed: files written by earlier versions (zlib's
// CRC-32) must still read. A frame is [length][CRC-32][payload], little
// endian; "123456789" has the CRC-32 check value 0xCBF43926. A frame made by
// hand that way replays, and the log writes the same bytes.
TEST(commit_log, frames_carry_the_standard_crc32) {
  auto const dir = temp_dir("log-crc");
  std::string const frame("\x09\x00\x00\x00\x26\x39\xF4\xCB" "123456789", 17);
  {
    std::ofstream(dir / "old", std::ios::binary) << frame;
  }
  EXPECT_EQ(read_all(dir / "old"), std::vector<std::string>{"123456789"});
  {
    commit_log log;
    ASSERT_TRUE(log.open(dir / "wal", {}).ok());
    log.append([](std::string& out) { out += "123456789"; });
    log.flush();
  }
  std::ifstream in(dir / "wal", std::ios::binary);
  std::string const written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(written, frame);
  std::string corrupt = frame;
  corrupt[4] ^= 1;  // a checksum off by one bit: the frame is torn
  {
    std::ofstream(dir / "bad", std::ios::binary) << corrupt;
  }
  EXPECT_TRUE(read_all(dir / "bad").empty());
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

// read() gives the same records and errors whether the checksums are verified
// on the calling thread or on a second one ahead of it (large files).
class commit_log_read : public ::testing::TestWithParam<std::uint64_t> {
 protected:
  commit_log::read_options options(bool strict) const {
    commit_log::read_options o;
    o.strict = strict;
    o.parallel_verify_bytes = GetParam();
    return o;
  }
  // Writes `n` records "record-<i>" of ~100 bytes; returns the byte offset of each frame.
  std::vector<std::size_t> write(std::filesystem::path const& p, int n) {
    std::vector<std::size_t> offsets;
    commit_log log;
    EXPECT_TRUE(log.open(p, {}).ok());
    std::size_t at = 0;
    for (int i = 0; i < n; ++i) {
      std::string rec = "record-" + std::to_string(i) + std::string(90, 'x');
      offsets.push_back(at);
      at += 8 + rec.size();
      log.append([rec](std::string& out) { out += rec; });
    }
    log.flush();
    return offsets;
  }
};

TEST_P(commit_log_read, every_record_in_order_and_errors_alike) {
  auto const dir = temp_dir("log-read-" + std::to_string(GetParam()));
  auto const offsets = write(dir / "wal", 12000);  // ~1.2 MB: more than one hand-over of 1 MiB
  std::vector<std::string> got;
  auto all = commit_log::read(dir / "wal", options(false), [&](std::string_view p) -> result<void> {
    got.emplace_back(p.substr(0, p.find('x')));
    return {};
  });
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, std::filesystem::file_size(dir / "wal"));
  ASSERT_EQ(got.size(), 12000u);
  for (std::size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], "record-" + std::to_string(i));

  // An error from the callback stops the read (and the verifier) at once.
  int calls = 0;
  auto stopped = commit_log::read(dir / "wal", options(false), [&](std::string_view) -> result<void> {
    if (++calls == 11000) return make_error(error_code::bad_request, "enough");
    return {};
  });
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.err().detail, "enough");
  EXPECT_EQ(calls, 11000);

  // A corrupt record in the middle: the intact prefix ends before it; strict, an error.
  {
    std::fstream f(dir / "wal", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(offsets[11500] + 8 + 2));
    f.put('#');
  }
  std::size_t n = 0;
  auto prefix = commit_log::read(dir / "wal", options(false), [&](std::string_view) -> result<void> {
    ++n;
    return {};
  });
  ASSERT_TRUE(prefix.ok());
  EXPECT_EQ(*prefix, offsets[11500]);
  EXPECT_EQ(n, 11500u);
  auto strict = commit_log::read(dir / "wal", options(true), [](std::string_view) -> result<void> { return {}; });
  ASSERT_FALSE(strict.ok());
  EXPECT_NE(strict.err().detail.find("corrupt record at byte " + std::to_string(offsets[11500])), std::string::npos);

  // Strict, a bad last frame is a torn tail, not an error.
  std::filesystem::resize_file(dir / "wal", offsets[11500] + 20);
  auto torn = commit_log::read(dir / "wal", options(true), [](std::string_view) -> result<void> { return {}; });
  ASSERT_TRUE(torn.ok());
  EXPECT_EQ(*torn, offsets[11500]);
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(verified_here_or_ahead, commit_log_read, ::testing::Values(UINT64_MAX, 0));

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

// Without sync_each_commit, the thread waiting for its record commits it
// itself: the callback runs on that thread, before on_durable() returns.
TEST(commit_log, a_waiter_commits_its_record_on_its_own_thread) {
  auto const dir = temp_dir("log-inline");
  commit_log log;
  ASSERT_TRUE(log.open(dir / "wal", {}).ok());
  auto const seq = log.append([](std::string& out) { out += "mine"; });
  std::thread::id ran_on;
  log.on_durable(seq, [&] { ran_on = std::this_thread::get_id(); });
  EXPECT_EQ(ran_on, std::this_thread::get_id());
  EXPECT_EQ(log.durable_seq(), seq);
  log.close();
  EXPECT_EQ(read_all(dir / "wal"), std::vector<std::string>{"mine"});
}

// Records nobody waits for are committed by the commit thread on its own.
TEST(commit_log, records_nobody_waits_for_become_durable) {
  auto const dir = temp_dir("log-unwaited");
  commit_log log;
  ASSERT_TRUE(log.open(dir / "wal", {}).ok());
  auto const seq = log.append([](std::string& out) { out += "alone"; });
  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (log.durable_seq() < seq && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(log.durable_seq(), seq);
  EXPECT_EQ(read_all(dir / "wal"), std::vector<std::string>{"alone"});
  log.close();
}

// With sync_each_commit the caller never commits (an fdatasync must not stall
// it): the callback runs on the commit thread.
TEST(commit_log, with_sync_each_commit_the_commit_thread_commits) {
  auto const dir = temp_dir("log-synced");
  commit_log log;
  ASSERT_TRUE(log.open(dir / "wal", {true, {}}).ok());
  auto const seq = log.append([](std::string& out) { out += "synced"; });
  std::promise<std::thread::id> ran_on;
  log.on_durable(seq, [&] { ran_on.set_value(std::this_thread::get_id()); });
  EXPECT_NE(ran_on.get_future().get(), std::this_thread::get_id());
  log.close();
  EXPECT_EQ(read_all(dir / "wal"), std::vector<std::string>{"synced"});
}

}  // namespace
}  // namespace cityos::store
