// SPDX-License-Identifier: Apache-2.0
// kill -9 at a random moment: a child process uploads and redeems as fast as
// it can, acknowledging each operation (on a pipe) once the service's ledger
// file (<dir>/points/ledger.log) says it is durable; the parent kills it
// mid-flight, reopens the store and the ledger and checks that
// every acknowledged upload and redemption is there, that the ledger still
// re-derives every balance (no double award, nothing half-written), and that
// retries of acknowledged operations are recognised.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "store/memory/memory_store.h"
#include "wellness/points_service/points_service.h"

namespace cityos::wellness::points_service {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kProgramme = R"({"id": "t", "name": "T", "steps": {"tiers": [{"minSteps": 4000, "points": 3}]}})";
constexpr int kPersons = 20;

store::memory_store_options options_for(fs::path const& dir) {
  store::memory_store_options o;
  o.data_dir = dir;
  return o;
}

std::unique_ptr<points_service> open_service(store::store& st, fs::path const& dir) {
  auto p = parse_programme_text(kProgramme);
  service_options o;
  o.ledger_file = dir / "points" / "ledger.log";
  auto s = points_service::open(*p, st, [] { return now_ms(); }, o);
  return s ? std::move(*s) : nullptr;
}

std::string day_before(int n) { return format_iso8601(now_ms() + 9 * 3'600'000 - epoch_ms{n} * 86'400'000).substr(0, 10); }

// The child: never returns.
[[noreturn]] void work(fs::path const& dir, int ack_fd) {
  auto st = store::memory_store::open(options_for(dir));
  if (!st) _exit(3);
  auto svc = open_service(**st, dir);
  if (!svc) _exit(4);
  std::mt19937 rng(7);
  for (int p = 0; p < kPersons; ++p) {
    (void)svc->enrol(json::object{{"person", "p" + std::to_string(p)}, {"age", 40}, {"ward", "w"}});
  }
  svc->flush();
  for (long n = 0;; ++n) {
    std::string const person = "p" + std::to_string(rng() % kPersons);
    std::string line;
    result<answer> a = make_error(error_code::internal, "");
    if (n % 3 == 2) {
      std::string const ref = "r" + std::to_string(n);
      a = svc->redeem(json::object{{"person", person}, {"points", 1}, {"merchant", "bus"}, {"reference", ref}});
      line = "redeem " + person + " " + ref + "\n";
    } else {
      std::string const key = "k" + std::to_string(n);
      std::int64_t const steps = 3000 + static_cast<std::int64_t>(rng() % 3000);
      std::string const date = day_before(static_cast<int>(rng() % 10));
      a = svc->upload_steps(
          json::object{{"person", person}, {"date", date}, {"steps", steps}, {"idempotencyKey", key}});
      line = "steps " + person + " " + key + " " + date + " " + std::to_string(steps) + "\n";
    }
    if (!a || !a->created) continue;
    svc->flush();  // durable: only now may the caller be told
    if (write(ack_fd, line.data(), line.size()) < 0) _exit(5);
  }
}

TEST(PointsCrashTest, AcknowledgedOperationsSurviveKill9AndTheLedgerStaysWhole) {
  fs::path const dir = fs::temp_directory_path() / ("cityos-points-crash-" + std::to_string(getpid()));
  fs::remove_all(dir);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t const child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    work(dir, fds[1]);
  }
  close(fds[1]);
  // Read acknowledgements until enough have come, then kill mid-flight.
  std::vector<std::string> acks;
  std::string buf;
  char chunk[4096];
  while (acks.size() < 400) {
    ssize_t const got = read(fds[0], chunk, sizeof chunk);
    ASSERT_GT(got, 0) << "the child stopped early";
    buf.append(chunk, static_cast<std::size_t>(got));
    for (auto nl = buf.find('\n'); nl != std::string::npos; nl = buf.find('\n')) {
      acks.push_back(buf.substr(0, nl));
      buf.erase(0, nl + 1);
    }
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  close(fds[0]);
  ASSERT_TRUE(WIFSIGNALED(status));

  auto st = store::memory_store::open(options_for(dir));
  ASSERT_TRUE(st) << st.err().detail;
  auto svc = open_service(**st, dir);
  ASSERT_TRUE(svc);
  EXPECT_TRUE((*st)->documents(kTransactions).empty()) << "transactions belong in the ledger file";
  EXPECT_GT(fs::file_size(dir / "points" / "ledger.log"), 0u);
  auto v = svc->verify();
  EXPECT_TRUE(v.at("ok").as_bool()) << dump(v);
  EXPECT_EQ(v.at("sum").as_int64(), 0);
  std::size_t redemptions = 0, uploads = 0;
  for (auto const& line : acks) {
    std::istringstream in(line);
    std::string kind, person, id;
    in >> kind >> person >> id;
    if (kind == "redeem") {
      ++redemptions;
      auto again = svc->redeem(json::object{{"person", person}, {"points", 1}, {"merchant", "bus"}, {"reference", id}});
      ASSERT_TRUE(again) << line;
      EXPECT_FALSE(again->created) << "redemption lost: " << line;
    } else {
      ++uploads;
      std::string date, steps;
      in >> date >> steps;
      auto again = svc->upload_steps(json::object{
          {"person", person}, {"date", date}, {"steps", std::stoll(steps)}, {"idempotencyKey", id}});
      ASSERT_TRUE(again) << line;
      EXPECT_FALSE(again->created) << "upload lost: " << line;
    }
  }
  EXPECT_GT(redemptions, 0u);
  EXPECT_GT(uploads, 0u);
  // At most one award per rule and day in force.
  for (int p = 0; p < kPersons; ++p) {
    auto u = svc->uploads("p" + std::to_string(p));
    ASSERT_TRUE(u);
    for (auto const& d : u->at("days").as_array()) EXPECT_LE(d.at("awards").as_array().size(), 1u);
  }
  svc.reset();
  st->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cityos::wellness::points_service
