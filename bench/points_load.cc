// SPDX-License-Identifier: Apache-2.0
// points_load: the health-points burst (issue 7, Benchmark) against a running
// `cityos serve --points-preset ...`: enrols N participants, then every one
// uploads one day of steps with 24 hourly samples (POST
// /api/v1/points/uploads/steps) from C keep-alive connections, one thread
// each, then reads balances (GET .../participants/{p}/balance) from B
// connections. The server answers an upload after the store's group commit,
// so an answered upload is durable. Reports enrolments/s, uploads/s, awards/s
// (uploads that earned points / elapsed) and the balance latency p50 / p99 on
// one line starting with RESULT. Exit status: 0 every request answered 2xx,
// 1 some failed, 2 usage.
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "api/http/http_client.h"
#include "common/time.h"

namespace {

using clock_type = std::chrono::steady_clock;

struct options {
  std::string host = "127.0.0.1";
  unsigned short port = 1026;
  std::size_t persons = 100'000;
  unsigned connections = 8;          // enrolment and upload connections
  unsigned balance_connections = 4;
  std::size_t balance_queries = 40'000;
  std::string prefix = "b";          // person ids PREFIX000001 ...
  std::string date;                  // the day uploaded; "" = yesterday in Japan
  bool skip_enrol = false;
  unsigned seed = 42;
  std::size_t batch = 1;  // > 1: uploads sent N at a time to .../uploads/steps/batch
};

// Counts non-overlapping occurrences of `needle` in `s`.
std::size_t occurrences(std::string_view s, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = s.find(needle); at != std::string_view::npos; at = s.find(needle, at + needle.size())) ++n;
  return n;
}

constexpr std::array<double, 24> kProfile = {0,   0,   0,   0,   0,   0.2, 1.0, 3.0, 5.0, 3.0, 2.0, 2.0,
                                             4.0, 3.0, 2.0, 2.0, 3.0, 5.0, 5.0, 3.0, 2.0, 1.0, 0.5, 0.2};

std::string person_id(options const& o, std::size_t i) { return fmt::format("{}{:06}", o.prefix, i + 1); }

// A day of steps: lognormal around 6,500, spread over the hours of the day.
std::string steps_body(options const& o, std::size_t i, std::mt19937_64& rng) {
  std::lognormal_distribution<double> total(std::log(6500.0), 0.45);
  std::normal_distribution<double> noise(1.0, 0.3);
  auto const steps = static_cast<std::int64_t>(std::min(60000.0, total(rng)));
  std::array<double, 24> w{};
  double sum = 0;
  for (std::size_t h = 0; h < 24; ++h) sum += w[h] = kProfile[h] * std::max(0.05, noise(rng));
  std::array<std::int64_t, 24> hourly{};
  std::int64_t given = 0;
  for (std::size_t h = 0; h < 24; ++h) given += hourly[h] = static_cast<std::int64_t>(static_cast<double>(steps) * w[h] / sum);
  hourly[8] += steps - given;
  return fmt::format(R"({{"person":"{}","date":"{}","steps":{},"hourly":[{}],"idempotencyKey":"{}-{}"}})",
                     person_id(o, i), o.date, steps, fmt::join(hourly, ","), person_id(o, i), o.date);
}

struct phase {
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> ok{0};
  std::atomic<std::size_t> failed{0};
  std::atomic<std::size_t> awarded{0};
};

// Runs `count` requests over `conns` connections; request(i) gives method, target and body.
struct request_spec {
  std::string_view method;
  std::string target;
  std::string body;
};

double run_phase(options const& o, unsigned conns, std::size_t count, phase& p,
                 std::function<request_spec(std::size_t)> const& make, std::vector<double>* latencies_ms) {
  std::vector<std::vector<double>> lat(conns);
  auto const t0 = clock_type::now();
  std::vector<std::thread> threads;
  for (unsigned c = 0; c < conns; ++c) {
    threads.emplace_back([&, c] {
      cityos::api::http_client client(std::chrono::seconds(60));
      cityos::api::client_headers const headers = {{"Content-Type", "application/json"}};
      for (std::size_t i = p.next++; i < count; i = p.next++) {
        auto const spec = make(i);
        if (!client.connected()) {
          if (auto ok = client.connect(o.host, o.port); !ok) {
            if (p.failed++ < 5) std::fprintf(stderr, "connect failed: %s\n", ok.err().detail.c_str());
            continue;
          }
        }
        auto const s = clock_type::now();
        auto r = client.request(spec.method, spec.target, spec.body.empty() ? cityos::api::client_headers{} : headers,
                                spec.body);
        if (latencies_ms) lat[c].push_back(std::chrono::duration<double, std::milli>(clock_type::now() - s).count());
        if (r && r->status >= 200 && r->status < 300 && spec.target.ends_with("/batch")) {
          // A batch: every item must be accepted; count them one by one.
          std::size_t const items = occurrences(r->body, "{\"status\":");
          std::size_t const good = occurrences(r->body, "{\"status\":201") + occurrences(r->body, "{\"status\":200");
          p.ok += good;
          p.awarded += occurrences(r->body, "\"earned\":[{");
          if (good != items && p.failed++ < 5) std::fprintf(stderr, "batch items failed: %s\n", r->body.substr(0, 300).c_str());
        } else if (r && r->status >= 200 && r->status < 300) {
          ++p.ok;
          if (r->body.find("\"earned\":[]") == std::string::npos && r->body.find("\"earned\":") != std::string::npos) {
            ++p.awarded;
          }
        } else if (p.failed++ < 5) {
          std::fprintf(stderr, "%s %s failed: %s\n", std::string(spec.method).c_str(), spec.target.c_str(),
                       r ? fmt::format("HTTP {} {}", r->status, r->body.substr(0, 200)).c_str()
                         : r.err().detail.c_str());
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  double const secs = std::chrono::duration<double>(clock_type::now() - t0).count();
  if (latencies_ms) {
    for (auto const& l : lat) latencies_ms->insert(latencies_ms->end(), l.begin(), l.end());
  }
  return secs;
}

double percentile(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  auto const k = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

bool parse(int argc, char** argv, options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string_view const k = argv[i];
    if (k == "--skip-enrol") {
      o.skip_enrol = true;
      continue;
    }
    if (i + 1 >= argc) return false;
    std::string const v = argv[++i];
    if (k == "--host") o.host = v;
    else if (k == "--port") o.port = static_cast<unsigned short>(std::stoul(v));
    else if (k == "--persons") o.persons = std::stoull(v);
    else if (k == "--batch") o.batch = std::max<std::size_t>(1, std::stoul(v));
    else if (k == "--connections") o.connections = std::max(1u, static_cast<unsigned>(std::stoul(v)));
    else if (k == "--balance-connections") o.balance_connections = std::max(1u, static_cast<unsigned>(std::stoul(v)));
    else if (k == "--balance-queries") o.balance_queries = std::stoull(v);
    else if (k == "--prefix") o.prefix = v;
    else if (k == "--date") o.date = v;
    else if (k == "--seed") o.seed = static_cast<unsigned>(std::stoul(v));
    else return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  options o;
  try {
    if (!parse(argc, argv, o)) throw std::invalid_argument("usage");
  } catch (std::exception const&) {
    std::fprintf(stderr,
                 "usage: points_load [--host H] [--port P] [--persons N] [--connections C]\n"
                 "                   [--balance-connections B] [--balance-queries Q] [--prefix P]\n"
                 "                   [--date YYYY-MM-DD] [--skip-enrol] [--seed S] [--batch N]\n");
    return 2;
  }
  constexpr cityos::epoch_ms kJapan = 9 * 3'600'000, kDay = 86'400'000;
  if (o.date.empty()) o.date = cityos::format_iso8601(cityos::now_ms() + kJapan - kDay).substr(0, 10);
  static constexpr char const* kWards[] = {"Chuo", "Kita", "Higashi", "Shiroishi", "Toyohira",
                                           "Minami", "Nishi", "Atsubetsu", "Teine", "Kiyota"};
  std::size_t failed = 0;

  double enrol_rate = 0;
  if (!o.skip_enrol) {
    phase p;
    double const secs = run_phase(o, o.connections, o.persons, p, [&o](std::size_t i) {
      return request_spec{"POST", "/api/v1/points/participants",
                          fmt::format(R"({{"person":"{}","age":{},"ward":"{}"}})", person_id(o, i), 20 + i % 70,
                                      kWards[i % 10])};
    }, nullptr);
    enrol_rate = static_cast<double>(p.ok) / secs;
    failed += p.failed;
    std::printf("enrolled %zu participants in %.3f s: %.0f/s, %zu failed\n", p.ok.load(), secs, enrol_rate,
                p.failed.load());
  }

  // The burst: bodies made before the clock starts, so the client's work is sending.
  std::vector<std::string> bodies(o.persons);
  {
    std::mt19937_64 rng(o.seed);
    for (std::size_t i = 0; i < o.persons; ++i) bodies[i] = steps_body(o, i, rng);
  }
  phase up;
  std::size_t const requests = (o.persons + o.batch - 1) / o.batch;
  double const up_secs = run_phase(o, o.connections, requests, up, [&bodies, &o](std::size_t i) {
    if (o.batch <= 1) return request_spec{"POST", "/api/v1/points/uploads/steps", std::move(bodies[i])};
    std::string body = "[";
    for (std::size_t k = i * o.batch; k < std::min(bodies.size(), (i + 1) * o.batch); ++k) {
      if (body.size() > 1) body += ',';
      body += bodies[k];
    }
    body += ']';
    return request_spec{"POST", "/api/v1/points/uploads/steps/batch", std::move(body)};
  }, nullptr);
  failed += up.failed;
  double const uploads_rate = static_cast<double>(up.ok) / up_secs;
  double const awards_rate = static_cast<double>(up.awarded) / up_secs;
  std::printf("uploaded %zu days (%s) in %.3f s: %.0f uploads/s, %zu earned points: %.0f awards/s, %zu failed\n",
              up.ok.load(), o.date.c_str(), up_secs, uploads_rate, up.awarded.load(), awards_rate, up.failed.load());

  phase bal;
  std::vector<double> lat;
  lat.reserve(o.balance_queries);
  double const bal_secs = run_phase(o, o.balance_connections, o.balance_queries, bal, [&o](std::size_t i) {
    std::size_t const who = (i * 7919) % o.persons;
    return request_spec{"GET", fmt::format("/api/v1/points/participants/{}/balance", person_id(o, who)), {}};
  }, &lat);
  failed += bal.failed;
  double const p50 = percentile(lat, 0.50), p99 = percentile(lat, 0.99);
  std::printf("balance: %zu queries in %.3f s: %.0f/s, p50 %.3f ms, p99 %.3f ms, %zu failed\n", bal.ok.load(),
              bal_secs, static_cast<double>(bal.ok) / bal_secs, p50, p99, bal.failed.load());
  std::printf("RESULT enrol_per_s=%.0f uploads_per_s=%.0f awards_per_s=%.0f awarded=%zu balance_p50_ms=%.3f "
              "balance_p99_ms=%.3f errors=%zu\n",
              enrol_rate, uploads_rate, awards_rate, up.awarded.load(), p50, p99, failed);
  return failed == 0 ? 0 : 1;
}
