// SPDX-License-Identifier: Apache-2.0
// ngsild_load: loads five-attribute entities into a running broker through
// batch upserts (POST /ngsi-ld/v1/entityOperations/upsert) from several
// keep-alive connections, one thread each, and reports the time taken and
// entities/s. Used by bench/run_benchmarks.sh to prepare data and to measure
// the bulk load. Exit status: 0 all batches answered 2xx, 1 some failed, 2 usage.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "api/http/http_client.h"

namespace {

struct options {
  std::string host = "127.0.0.1";
  unsigned short port = 1026;
  std::string type = "Vehicle";
  std::string prefix = "v";     // ids are urn:ngsi-ld:TYPE:PREFIX-N
  std::size_t count = 1000;
  std::size_t first = 0;        // first N
  std::size_t batch = 100;
  unsigned connections = 4;
  unsigned seed = 42;
};

// Centre and half-size of the 20 km x 20 km box the entities are placed in.
constexpr double kLon = 13.40, kLat = 52.52;
constexpr double kHalfLat = 10.0 / 111.32;          // 10 km in degrees of latitude
constexpr double kHalfLon = 10.0 / (111.32 * 0.6081);  // cos(52.52 deg) = 0.6081

void append_entity(std::string& out, options const& o, std::size_t n, std::mt19937_64& rng) {
  static constexpr char const* kBrands[] = {"Volvo", "Scania", "MAN", "Mercedes", "Iveco"};
  static constexpr char const* kStatus[] = {"active", "parked", "maintenance"};
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  fmt::format_to(std::back_inserter(out),
                 R"({{"id":"urn:ngsi-ld:{}:{}-{}","type":"{}",)"
                 R"("speed":{{"type":"Property","value":{}}},)"
                 R"("brandName":{{"type":"Property","value":"{}"}},)"
                 R"("status":{{"type":"Property","value":"{}"}},)"
                 R"("fuelLevel":{{"type":"Property","value":{:.2f}}},)"
                 R"("location":{{"type":"GeoProperty","value":{{"type":"Point",)"
                 R"("coordinates":[{:.6f},{:.6f}]}}}}}})",
                 o.type, o.prefix, n, o.type, rng() % 120, kBrands[rng() % 5], kStatus[rng() % 3],
                 0.01 * static_cast<double>(rng() % 100), kLon + kHalfLon * u(rng),
                 kLat + kHalfLat * u(rng));
}

struct totals {
  std::atomic<std::size_t> next{0};  // next batch index to send
  std::atomic<std::size_t> ok_entities{0};
  std::atomic<std::size_t> failed_batches{0};
};

void run_connection(options const& o, totals& t, unsigned conn_index) {
  cityos::api::http_client client(std::chrono::seconds(60));
  std::mt19937_64 rng(o.seed * 1000003ull + conn_index);
  std::size_t const batches = (o.count + o.batch - 1) / o.batch;
  std::string body;
  cityos::api::client_headers const headers = {{"Content-Type", "application/json"}};
  for (std::size_t b = t.next++; b < batches; b = t.next++) {
    std::size_t const begin = o.first + b * o.batch;
    std::size_t const end = std::min(o.first + o.count, begin + o.batch);
    body.assign(1, '[');
    for (std::size_t n = begin; n < end; ++n) {
      if (n != begin) body += ',';
      append_entity(body, o, n, rng);
    }
    body += ']';
    if (!client.connected()) {
      if (auto c = client.connect(o.host, o.port); !c) {
        std::fprintf(stderr, "connect failed: %s\n", c.err().detail.c_str());
        ++t.failed_batches;
        continue;
      }
    }
    auto r = client.request("POST", "/ngsi-ld/v1/entityOperations/upsert", headers, body);
    if (r && (r->status == 201 || r->status == 204)) {
      t.ok_entities += end - begin;
    } else {
      if (t.failed_batches++ < 5) {
        std::fprintf(stderr, "batch %zu failed: %s\n", b,
                     r ? fmt::format("HTTP {} {}", r->status, r->body.substr(0, 200)).c_str()
                       : r.err().detail.c_str());
      }
    }
  }
}

bool parse(int argc, char** argv, options& o) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view const k = argv[i];
    std::string const v = argv[i + 1];
    if (k == "--host") o.host = v;
    else if (k == "--port") o.port = static_cast<unsigned short>(std::stoul(v));
    else if (k == "--type") o.type = v;
    else if (k == "--prefix") o.prefix = v;
    else if (k == "--count") o.count = std::stoull(v);
    else if (k == "--first") o.first = std::stoull(v);
    else if (k == "--batch") o.batch = std::max<std::size_t>(1, std::stoull(v));
    else if (k == "--connections") o.connections = std::max(1u, static_cast<unsigned>(std::stoul(v)));
    else if (k == "--seed") o.seed = static_cast<unsigned>(std::stoul(v));
    else return false;
  }
  return argc % 2 == 1;
}

}  // namespace

int main(int argc, char** argv) {
  options o;
  try {
    if (!parse(argc, argv, o)) throw std::invalid_argument("usage");
  } catch (std::exception const&) {
    std::fprintf(stderr,
                 "usage: ngsild_load [--host H] [--port P] [--type T] [--prefix P] [--count N]\n"
                 "                   [--first N] [--batch B] [--connections C] [--seed S]\n");
    return 2;
  }
  totals t;
  auto const t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (unsigned c = 0; c < o.connections; ++c) {
    threads.emplace_back([&o, &t, c] { run_connection(o, t, c); });
  }
  for (auto& th : threads) th.join();
  double const secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::size_t const ok = t.ok_entities.load();
  std::printf("loaded %zu entities (type %s) in %.3f s: %.0f entities/s, %zu failed batches\n", ok,
              o.type.c_str(), secs, static_cast<double>(ok) / secs, t.failed_batches.load());
  return t.failed_batches.load() == 0 ? 0 : 1;
}
