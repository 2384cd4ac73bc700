// SPDX-License-Identifier: Apache-2.0
// `cityos points replay` and `cityos points sample`: a generated year of 20
// persons' uploads under the Shitara preset, whose totals this test computes
// from the rules by itself (1 pt per 1,000 steps, at most 10 a day; manual
// entries and flagged days earn nothing), with replaced days, a reviewed
// day, a redemption, refusals and bad lines; expiry at month changes; the
// sample generator replayed and verified.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include "../../cli_runner.h"
#include "app/points_command.h"
#include "common/json.h"
#include "common/time.h"

namespace cityos::app {
namespace {

int run_points_cli(std::vector<std::string> args, std::string& out, std::string& err) {
  return cityos::testing::run_cli<points_settings>(
      "points", std::move(args), add_points_command,
      [](points_settings const& s, std::ostream& o, std::ostream& e) { return run_points(s, o, e); }, out, err);
}

std::string temp_path(std::string const& name) {
  return (std::filesystem::temp_directory_path() / fmt::format("points_cli_test_{}_{}", ::getpid(), name)).string();
}

std::string write_temp(std::string const& name, std::string const& text) {
  auto const path = temp_path(name);
  std::ofstream(path) << text;
  return path;
}

json::object parse_object(std::string const& text) {
  auto v = parse_json(text);
  EXPECT_TRUE(v) << text;
  return v ? v->as_object() : json::object{};
}

std::int64_t num(json::value const& v) { return v.to_number<std::int64_t>(); }

std::string date_of(int day) {  // day 0 = 2026-04-01
  return format_iso8601(*parse_date("2026-04-01") + day * 86'400'000LL).substr(0, 10);
}

// What the Shitara rules give, computed here without the rules engine.
struct expected {
  std::int64_t awarded = 0, reversed = 0, redeemed = 0;
  std::map<std::string, std::int64_t> balance;  // person -> points
  std::map<std::string, std::int64_t> net_by_month;
  std::size_t days = 0, flagged = 0, manual = 0, replaced = 0;
  std::size_t bad_line = 0;  // the line number of the first bad line
};

std::int64_t shitara(std::int64_t steps) { return std::min<std::int64_t>(10, steps / 1000); }

// A year (2026-04-01 .. 2027-03-31) of 20 persons' uploads, fixed seed.
std::string make_year(expected& x) {
  std::mt19937_64 rng(20260401);
  std::vector<std::string> lines;
  auto person = [](int i) { return fmt::format("q{:02}", i); };
  for (int i = 0; i < 20; ++i) {
    lines.push_back(fmt::format(R"({{"op":"enrol","person":"{}","age":{},"ward":"Chuo","joined":"2026-04-01"}})",
                                person(i), 30 + 2 * i));
    x.balance[person(i)] = 0;
  }
  bool reviewed = false;
  for (int d = 0; d < 365; ++d) {
    std::string const date = date_of(d);
    std::string const month = date.substr(0, 7);
    for (int i = 0; i < 20; ++i) {
      std::string const who = person(i);
      auto const r = rng() % 100;
      if (r < 10) continue;  // no upload that day
      ++x.days;
      if (r < 13) {  // a manual entry: earns nothing
        ++x.manual;
        lines.push_back(fmt::format(R"({{"op":"steps","person":"{}","date":"{}","steps":{},"method":"manual"}})", who,
                                    date, rng() % 15000));
        continue;
      }
      if (r < 15) {  // a phone shaker: 10 flat hours of 4,000 -> flagged, held
        ++x.flagged;
        std::string hourly = "[";
        for (int h = 0; h < 24; ++h) hourly += fmt::format("{}{}", h ? "," : "", h < 10 ? 4000 : 0);
        lines.push_back(fmt::format(R"({{"op":"steps","person":"{}","date":"{}","steps":40000,"hourly":{}]}})", who,
                                    date, hourly));
        if (!reviewed) {  // a reviewer approves the first one: it earns on its steps (capped)
          reviewed = true;
          lines.push_back(
              fmt::format(R"({{"op":"review","person":"{}","date":"{}","decision":"approve"}})", who, date));
          x.awarded += 10;
          x.balance[who] += 10;
          x.net_by_month[month] += 10;
        }
        continue;
      }
      auto const steps = static_cast<std::int64_t>(rng() % 16001);
      std::int64_t const final_points = shitara(steps);
      if (steps >= 1000 && rng() % 5 == 0) {  // synced at noon, replaced at night
        ++x.replaced;
        std::int64_t const partial = steps * 2 / 5;
        std::int64_t const partial_points = shitara(partial);
        lines.push_back(fmt::format(R"({{"op":"steps","at":"{}T12:00:00+09:00","person":"{}","date":"{}","steps":{}}})",
                                    date, who, date, partial));
        x.awarded += partial_points;
        if (partial_points != final_points) {
          x.reversed += partial_points;
          x.awarded += final_points;
        }
      } else {
        x.awarded += final_points;
      }
      x.balance[who] += final_points;
      x.net_by_month[month] += final_points;
      lines.push_back(fmt::format(R"({{"op":"steps","person":"{}","date":"{}","steps":{}}})", who, date, steps));
    }
    if (d == 100) {  // two bad lines mid-year
      lines.push_back(R"({"op":"steps","person":"q01",)");
      x.bad_line = lines.size();
      lines.push_back(R"({"op":"jump","person":"q01"})");
    }
  }
  // At the end of the year: a bus fare paid with points, a late upload, a stranger.
  lines.push_back(
      R"({"op":"redeem","at":"2027-03-31T20:00:00+09:00","person":"q01","points":230,"merchant":"sapporo-bus","reference":"ride-1"})");
  x.redeemed = 230;
  x.balance["q01"] -= 230;
  lines.push_back(R"({"op":"steps","at":"2027-03-31T21:00:00+09:00","person":"q02","date":"2027-01-01","steps":9000})");
  lines.push_back(R"({"op":"steps","person":"nobody","date":"2027-03-31","steps":9000})");
  std::string text;
  for (auto const& l : lines) text += l + "\n";
  return text;
}

TEST(PointsReplay, AYearOfUploadsGivesTheTotalsOfTheRules) {
  expected x;
  auto const file = write_temp("year.jsonl", make_year(x));
  auto const balances = temp_path("balances.json");
  std::string out, err;
  int const rc = run_points_cli({"replay", file, "--preset", "shitara", "--json", "--verify", "--out", balances}, out,
                                err);
  EXPECT_EQ(rc, 1) << err;  // the bad lines
  EXPECT_NE(err.find(fmt::format(":{}: not JSON", x.bad_line)), std::string::npos) << err;
  EXPECT_NE(err.find(fmt::format(":{}: \"op\" must be one of", x.bad_line + 1)), std::string::npos) << err;
  auto const s = parse_object(out);
  EXPECT_EQ(num(s.at("badLines")), 2);
  EXPECT_EQ(num(s.at("participants")), 20);
  auto const& pts = s.at("points").as_object();
  EXPECT_EQ(num(pts.at("awarded")), x.awarded);
  EXPECT_EQ(num(pts.at("reversed")), x.reversed);
  EXPECT_EQ(num(pts.at("redeemed")), x.redeemed);
  EXPECT_EQ(num(pts.at("expired")), 0);
  std::int64_t total = 0;
  for (auto const& [p, b] : x.balance) total += b;
  EXPECT_EQ(num(pts.at("balance")), total);
  auto const& days = s.at("days").as_object();
  EXPECT_EQ(num(days.at("uploaded")), static_cast<std::int64_t>(x.days));
  EXPECT_EQ(num(days.at("flagged")), static_cast<std::int64_t>(x.flagged));
  EXPECT_EQ(num(days.at("reviews").at("approved")), 1);
  EXPECT_EQ(num(days.at("reviews").at("pending")), static_cast<std::int64_t>(x.flagged - 1));
  EXPECT_EQ(num(days.at("withoutPoints").at("manual entry")), static_cast<std::int64_t>(x.manual));
  EXPECT_EQ(num(days.at("withoutPoints").at("held for review")), static_cast<std::int64_t>(x.flagged - 1));
  auto const& steps = s.at("operations").at("steps").as_object();
  EXPECT_EQ(num(steps.at("accepted")), static_cast<std::int64_t>(x.days + x.replaced));
  EXPECT_EQ(num(steps.at("refused")), 2);
  EXPECT_EQ(num(s.at("refused").at("steps: outside the upload window")), 1);
  EXPECT_EQ(num(s.at("refused").at("steps: not enrolled")), 1);
  EXPECT_EQ(num(s.at("uploads")), static_cast<std::int64_t>(x.days + x.replaced));
  EXPECT_EQ(num(s.at("expiryRuns")), 11);  // May .. March
  std::map<std::string, std::int64_t> net;
  for (auto const& m : s.at("months").as_array()) net[std::string(m.at("month").as_string())] = num(m.at("net"));
  EXPECT_EQ(net, x.net_by_month);
  EXPECT_TRUE(s.at("verify").at("ok").as_bool());

  std::ifstream in(balances);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto const b = parse_object(text);
  EXPECT_EQ(b.at("programme").as_string(), "shitara");
  std::map<std::string, std::int64_t> got;
  for (auto const& p : b.at("participants").as_array()) {
    got[std::string(p.at("person").as_string())] = num(p.at("balance"));
  }
  EXPECT_EQ(got, x.balance);
  std::filesystem::remove(file);
  std::filesystem::remove(balances);
}

TEST(PointsReplay, TheTextSummaryNamesTheTotals) {
  auto const file = write_temp("text.jsonl", R"({"op":"enrol","person":"a","age":70,"ward":"Kita","joined":"2026-06-01"}
{"op":"steps","person":"a","date":"2026-06-01","steps":7400}

{"op":"redeem","person":"a","points":100,"merchant":"bus","reference":"r1"}
)");
  std::string out, err;
  EXPECT_EQ(run_points_cli({"replay", file, "--preset", "shitara"}, out, err), 0) << err;
  EXPECT_NE(out.find("participants: 1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("points: awarded 7, reversed 0, net 7, redeemed 0"), std::string::npos) << out;
  EXPECT_NE(out.find("redeem: insufficient points"), std::string::npos) << out;
  EXPECT_NE(out.find("2026-06"), std::string::npos) << out;
  std::filesystem::remove(file);
}

TEST(PointsReplay, PointsExpireAtTheMonthChangeOfAProgrammeFile) {
  auto const prog = write_temp("prog.json", R"({"id": "exp", "steps": {"tiers": [{"minSteps": 4000, "points": 3}]},
    "expiryMonths": 1})");
  auto const file = write_temp("exp.jsonl", R"({"op":"enrol","person":"a","age":70,"ward":"Kita","joined":"2026-04-01"}
{"op":"steps","person":"a","date":"2026-04-01","steps":5000}
{"op":"steps","person":"a","date":"2026-04-02","steps":5000}
{"op":"steps","person":"a","date":"2026-04-03","steps":5000}
{"op":"steps","person":"a","date":"2026-05-10","steps":5000}
{"op":"steps","person":"a","date":"2026-06-01","steps":100}
)");
  std::string out, err;
  ASSERT_EQ(run_points_cli({"replay", file, "--programme", prog, "--json", "--verify"}, out, err), 0) << err;
  auto const s = parse_object(out);
  // At 1 May nothing is a month old; at 1 June April's 9 points are.
  EXPECT_EQ(num(s.at("points").at("expired")), 9);
  EXPECT_EQ(num(s.at("points").at("balance")), 3);
  EXPECT_EQ(num(s.at("expiryRuns")), 2);
  for (auto const& m : s.at("months").as_array()) {
    if (m.at("month").as_string() == "2026-06") {
      EXPECT_EQ(num(m.at("expired")), 9);
    }
  }
  std::filesystem::remove(prog);
  std::filesystem::remove(file);
}

TEST(PointsReplay, UnreadableInputIsExit2AndAProgrammeIsRequired) {
  std::string out, err;
  EXPECT_EQ(run_points_cli({"replay", temp_path("missing.jsonl"), "--preset", "shitara"}, out, err), 2);
  EXPECT_NE(err.find("cannot read"), std::string::npos);
  auto const file = write_temp("empty.jsonl", "");
  EXPECT_EQ(run_points_cli({"replay", file, "--preset", "nope"}, out, err), 2);
  EXPECT_NE(err.find("nope"), std::string::npos) << err;
  EXPECT_THROW(run_points_cli({"replay", file}, out, err), CLI::RequiredError);
  EXPECT_THROW(run_points_cli({"replay", file, "--preset", "shitara", "--programme", "x.json"}, out, err),
               CLI::ExcludesError);
  std::filesystem::remove(file);
}

TEST(PointsReplay, ALineWithoutATimeBeforeAnyTimeIsBad) {
  auto const file = write_temp("notime.jsonl", R"({"op":"redeem","person":"a","points":1,"merchant":"m","reference":"r"}
{"op":"steps","at":"yesterday","person":"a","date":"2026-06-01","steps":1}
)");
  std::string out, err;
  EXPECT_EQ(run_points_cli({"replay", file, "--preset", "shitara", "--json"}, out, err), 1);
  EXPECT_NE(err.find(":1: no time known yet"), std::string::npos) << err;
  EXPECT_NE(err.find(":2: \"at\" must be an ISO 8601 date-time"), std::string::npos) << err;
  std::filesystem::remove(file);
}

TEST(PointsSample, IsDeterministicInReceiptOrderAndReplaysClean) {
  std::string a, b, c, err;
  ASSERT_EQ(run_points_cli({"sample", "--persons", "10", "--days", "60", "--seed", "7"}, a, err), 0) << err;
  ASSERT_EQ(run_points_cli({"sample", "--persons", "10", "--days", "60", "--seed", "7"}, b, err), 0);
  ASSERT_EQ(run_points_cli({"sample", "--persons", "10", "--days", "60", "--seed", "8"}, c, err), 0);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  std::istringstream in(a);
  std::string line;
  std::size_t enrol = 0, steps = 0, manual = 0, timed = 0;
  while (std::getline(in, line)) {
    auto const o = parse_object(line);
    auto const op = o.at("op").as_string();
    if (op == "enrol") ++enrol;
    if (op == "steps") {
      ++steps;
      if (o.contains("at")) ++timed;
      if (o.contains("method")) {
        ++manual;
      } else {
        std::int64_t sum = 0;
        for (auto const& h : o.at("hourly").as_array()) sum += num(h);
        EXPECT_EQ(sum, num(o.at("steps"))) << line;
      }
    }
  }
  EXPECT_EQ(enrol, 10u);
  EXPECT_GT(steps, 400u);  // 600 person-days, most uploaded, some twice
  EXPECT_GT(timed, 0u);
  auto const file = write_temp("sample.jsonl", a);
  std::string out;
  ASSERT_EQ(run_points_cli({"replay", file, "--preset", "sapporo_2026", "--json", "--verify"}, out, err), 0) << err;
  auto const s = parse_object(out);
  EXPECT_EQ(num(s.at("participants")), 10);
  EXPECT_EQ(num(s.at("uploads")), static_cast<std::int64_t>(steps));
  EXPECT_EQ(num(s.at("badLines")), 0);
  EXPECT_TRUE(s.at("refused").as_object().empty()) << out;
  EXPECT_GT(num(s.at("points").at("awarded")), 0);
  EXPECT_EQ(run_points_cli({"sample", "--start", "April"}, out, err), 2);
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace cityos::app
