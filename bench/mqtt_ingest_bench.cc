// SPDX-License-Identifier: Apache-2.0
// MQTT ingestion benchmark: measurements/s turned into durable entity updates.
// Starts Debian's mosquitto on a free loopback port, a durable memory store
// (temporary data dir) with the IoT Agent service subscribed to it, publishes
// --messages JSON measurements over --devices devices on /json/{apikey}/{id}/attrs,
// and times first publish -> every measurement written and durable.
//
// --direct skips MQTT and hands the payloads straight to the ingester: the
// ceiling of the CityOS side (parse, map, batch write, commit) alone.
//
// --connections N receives over N client connections sharing one subscription.
//
//   mqtt_ingest_bench [--messages N] [--devices N] [--qos 0|1] [--fsync] [--direct]
//                     [--connections N] [--sub-qos 0|1] [--publishers N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "../tests/api/mqtt/mosquitto_process.h"
#include "api/mqtt/mqtt_client.h"
#include "common/time.h"
#include "iot/iot_service.h"
#include "iot/mqtt_ingest.h"
#include "store/memory/memory_store.h"

namespace {

using namespace cityos;
using clock_type = std::chrono::steady_clock;

struct settings {
  std::size_t messages = 200'000;
  std::size_t devices = 1'000;
  int qos = 1;
  bool fsync = false;
  bool direct = false;
  std::size_t connections = 1;  // subscriber connections (a shared subscription if > 1)
  int sub_qos = 1;              // QoS of CityOS's subscription
  std::size_t publishers = 1;   // publishing connections (threads)
};

settings parse_args(int argc, char** argv) {
  settings s;
  for (int i = 1; i < argc; ++i) {
    std::string const a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::strtoull(argv[++i], nullptr, 10) : 0ull; };
    if (a == "--messages") s.messages = next();
    else if (a == "--devices") s.devices = next();
    else if (a == "--qos") s.qos = static_cast<int>(next());
    else if (a == "--fsync") s.fsync = true;
    else if (a == "--direct") s.direct = true;
    else if (a == "--publishers") s.publishers = std::max<std::size_t>(1, next());
    else if (a == "--sub-qos") s.sub_qos = static_cast<int>(next());
    else if (a == "--connections") s.connections = std::max<std::size_t>(1, next());
    else {
      std::fprintf(stderr, "usage: mqtt_ingest_bench [--messages N] [--devices N] [--qos 0|1] [--fsync] [--direct] [--connections N] [--sub-qos 0|1] [--publishers N]\n");
      std::exit(2);
    }
  }
  return s;
}

iot::service_group bench_group() {
  iot::service_group g;
  g.service_path = "/";
  g.apikey = "bench";
  g.entity_type = "Sensor";
  g.attributes = {{"t", "temperature", "Number", "CEL"}, {"h", "humidity", "Number", "P1"}};
  return g;
}

// Publishes measurements p, p + publishers, p + 2 * publishers, ... (or hands
// them to the ingester with --direct).
void publish_share(settings const& s, std::size_t p, api::mqtt_client& pub, iot::ingester& in) {
  char payload[96];
  for (std::size_t i = p; i < s.messages; i += s.publishers) {
    std::string const device = "d" + std::to_string(i % s.devices);
    int const n = std::snprintf(payload, sizeof payload, R"({"t": %.1f, "h": %zu})",
                                15.0 + static_cast<double>(i % 200) / 10.0, i % 100);
    std::string_view const body(payload, static_cast<std::size_t>(n));
    if (s.direct) {
      in.submit(iot::payload_format::json, "bench", device, std::string(body));
      continue;
    }
    std::string const topic = "/json/bench/" + device + "/attrs";
    while (!pub.publish(topic, body, s.qos)) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));  // outgoing queue full
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  settings const s = parse_args(argc, argv);
  spdlog::set_level(spdlog::level::warn);
  if (!testing_support::mosquitto_process::available()) {
    std::fprintf(stderr, "/usr/sbin/mosquitto missing: apt-get install mosquitto\n");
    return 1;
  }
  testing_support::mosquitto_process broker;
  if (!broker.ok()) {
    std::fprintf(stderr, "mosquitto did not start\n");
    return 1;
  }
  auto const dir = std::filesystem::temp_directory_path() / ("cityos-mqtt-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  store::memory_store_options so;
  so.data_dir = dir;
  so.sync_each_commit = s.fsync;
  auto st = store::memory_store::open(so);
  if (!st) {
    std::fprintf(stderr, "store: %s\n", st.err().detail.c_str());
    return 1;
  }
  int rc = 0;
  {
    iot::iot_service service(**st, [] { return format_iso8601(now_ms()); });
    if (!service.devices().add_groups({bench_group()})) return 1;
    api::mqtt_options mo;
    mo.port = broker.port();
    std::vector<std::unique_ptr<api::mqtt_client>> subs;
    for (std::size_t i = 0; i < s.connections; ++i) {
      auto sub = api::mqtt_client::connect(mo);
      if (!sub || !iot::subscribe_measurements(**sub, service.measurements(),
                                               s.connections > 1 ? "cityos" : "", s.sub_qos)) {
        std::fprintf(stderr, "mqtt subscription failed\n");
        return 1;
      }
      subs.push_back(std::move(*sub));
    }
    std::vector<std::unique_ptr<api::mqtt_client>> pubs;
    for (std::size_t i = 0; i < s.publishers; ++i) {
      auto pub = api::mqtt_client::connect(mo);
      if (!pub) {
        std::fprintf(stderr, "mqtt connection failed\n");
        return 1;
      }
      pubs.push_back(std::move(*pub));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // SUBACKs

    auto const t0 = clock_type::now();
    std::vector<std::thread> threads;
    for (std::size_t p = 0; p < s.publishers; ++p) {
      threads.emplace_back([&, p] { publish_share(s, p, *pubs[p], service.measurements()); });
    }
    for (auto& t : threads) t.join();
    auto const published = clock_type::now();
    auto const deadline = published + std::chrono::seconds(120);
    while (service.counts().measures < s.messages && clock_type::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    service.measurements().drain();
    (*st)->flush();
    auto const t1 = clock_type::now();

    auto const c = service.counts();
    double const secs = std::chrono::duration<double>(t1 - t0).count();
    double const pub_secs = std::chrono::duration<double>(published - t0).count();
    std::printf("mqtt_ingest: %zu measurements over %zu devices, %s (%zu connections), publish QoS %d, "
                "subscription QoS %d, %s\n",
                s.messages, s.devices, s.direct ? "direct (no MQTT)" : "via mosquitto", s.connections, s.qos,
                s.sub_qos,
                s.fsync ? "fsync" : "no fsync (kill -9 safe)");
    std::printf("  published in %.2f s; written and durable in %.2f s: %.0f measurements/s\n", pub_secs,
                secs, static_cast<double>(c.measures) / secs);
    std::printf("  written %llu, rejected %llu, unknown %llu, store errors %llu, dropped %llu, entities %zu\n",
                static_cast<unsigned long long>(c.measures),
                static_cast<unsigned long long>(c.rejected_payloads),
                static_cast<unsigned long long>(c.unknown_devices),
                static_cast<unsigned long long>(c.store_errors),
                static_cast<unsigned long long>(c.dropped), (*st)->entity_count(""));
    if (c.measures != s.messages) {
      std::fprintf(stderr, "lost measurements: %zu sent, %llu written\n", s.messages,
                   static_cast<unsigned long long>(c.measures));
      rc = 1;
    }
    pubs.clear();
    subs.clear();
  }
  st->reset();
  std::filesystem::remove_all(dir);
  return rc;
}
