// SPDX-License-Identifier: Apache-2.0
// notification_bench: measures subscriptions against a running `cityos serve`.
//   notification_bench sink --listen-port P [--seconds S]
//       a notification receiver that counts what arrives (for wrk runs)
//   notification_bench subscribe --port P --count N --endpoint URL [--match M]
//       creates N subscriptions on Car entities p-0..p-(M-1) (one each, the
//       rest on ids nobody writes), so M of them fire on the wrk PATCH load
//   notification_bench unsubscribe --port P
//       deletes every subscription of the default tenant
//   notification_bench latency --port P [--subs 1000] [--rate 1000] [--seconds 10]
//       creates `subs` entities and one subscription on each, then PATCHes
//       them round robin at `rate` writes/s and reports write-to-receipt
//       latency (p50/p99/max) and how many notifications never arrived.
// Exit status: 0 ok, 1 failure, 2 usage.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "api/http/http_client.h"
#include "api/http/server.h"
#include "common/json.h"

namespace {

using namespace cityos;
using clock_type = std::chrono::steady_clock;

struct options {
  std::string mode;
  unsigned short port = 1026;
  unsigned short listen_port = 0;
  std::string endpoint;
  std::size_t count = 0, match = 1000, subs = 1000, rate = 1000;
  double seconds = 10;
};

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now().time_since_epoch())
      .count();
}

bool post(api::http_client& c, std::string const& path, std::string const& body, int want) {
  auto r = c.request("POST", path, {{"Content-Type", "application/json"}}, body);
  if (!r || r->status != want) {
    std::fprintf(stderr, "POST %s failed: %s\n", path.c_str(),
                 r ? (std::to_string(r->status) + " " + r->body).c_str() : r.err().detail.c_str());
    return false;
  }
  return true;
}

std::string subscription(std::string const& entity_id, std::string const& type,
                         std::string const& endpoint) {
  return fmt::format(
      R"({{"type":"Subscription","entities":[{{"id":"{}","type":"{}"}}],)"
      R"("notification":{{"format":"keyValues","endpoint":{{"uri":"{}"}}}}}})",
      entity_id, type, endpoint);
}

// A receiver that hands each notification body to `on_body`.
struct receiver {
  api::http_server server;
  explicit receiver(unsigned short port, std::function<void(std::string const&)> on_body) {
    api::server_options o;
    o.port = port;
    o.threads = 1;
    auto r = server.start(o, [f = std::move(on_body)](api::http_request& req) {
      f(req.body);
      api::http_response res;
      res.status = 204;
      return res;
    });
    if (!r) {
      std::fprintf(stderr, "cannot listen: %s\n", r.err().detail.c_str());
      std::exit(1);
    }
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server.port()) + "/n"; }
};

int run_sink(options const& o) {
  std::atomic<std::uint64_t> n{0};
  receiver rx(o.listen_port, [&](std::string const&) { n.fetch_add(1); });
  std::printf("sink listening on %s\n", rx.url().c_str());
  std::fflush(stdout);
  auto const end = clock_type::now() + std::chrono::duration<double>(o.seconds);
  std::uint64_t last = 0;
  while (clock_type::now() < end) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    auto cur = n.load();
    std::printf("SINK notifications=%llu per_s=%llu\n", static_cast<unsigned long long>(cur),
                static_cast<unsigned long long>(cur - last));
    std::fflush(stdout);
    last = cur;
  }
  return 0;
}

int run_subscribe(options const& o) {
  api::http_client c;
  if (!c.connect("127.0.0.1", o.port)) return 1;
  for (std::size_t i = 0; i < o.count; ++i) {
    std::string id = i < o.match ? fmt::format("urn:ngsi-ld:Car:p-{}", i)
                                 : fmt::format("urn:ngsi-ld:Car:idle-{}", i);
    if (!post(c, "/ngsi-ld/v1/subscriptions", subscription(id, "Car", o.endpoint), 201)) return 1;
  }
  std::printf("SUBSCRIBED %zu (%zu on written entities)\n", o.count, std::min(o.count, o.match));
  return 0;
}

int run_unsubscribe(options const& o) {
  api::http_client c;
  if (!c.connect("127.0.0.1", o.port)) return 1;
  std::size_t deleted = 0;
  for (;;) {
    auto r = c.request("GET", "/ngsi-ld/v1/subscriptions?limit=1000");
    if (!r || r->status != 200) return 1;
    auto list = parse_json(r->body);
    if (!list || !list->is_array() || list->as_array().empty()) break;
    for (auto const& s : list->as_array()) {
      auto d = c.request("DELETE", "/ngsi-ld/v1/subscriptions/" + std::string(s.at("id").as_string()));
      if (!d || d->status != 204) return 1;
      ++deleted;
    }
  }
  std::printf("UNSUBSCRIBED %zu\n", deleted);
  return 0;
}

int run_latency(options const& o) {
  std::mutex mutex;
  std::vector<double> latencies_ms;
  latencies_ms.reserve(static_cast<std::size_t>(o.rate * o.seconds) + 16);
  receiver rx(0, [&](std::string const& body) {
    auto const t = now_ns();
    auto v = parse_json(body);
    if (!v || !v->is_object()) return;
    auto const* data = v->as_object().if_contains("data");
    if (!data || !data->is_array()) return;
    std::lock_guard lock(mutex);
    for (auto const& e : data->as_array()) {
      if (auto const* sent = e.as_object().if_contains("sentAt"); sent && sent->is_number()) {
        latencies_ms.push_back(static_cast<double>(t - sent->to_number<std::int64_t>()) / 1e6);
      }
    }
  });
  api::http_client c;
  if (!c.connect("127.0.0.1", o.port)) return 1;
  std::string batch = "[";
  for (std::size_t i = 0; i < o.subs; ++i) {
    batch += fmt::format(R"({}{{"id":"urn:ngsi-ld:NotifyBench:{}","type":"NotifyBench",)"
                         R"("sentAt":{{"type":"Property","value":0}}}})",
                         i ? "," : "", i);
  }
  batch += "]";
  auto r = c.request("POST", "/ngsi-ld/v1/entityOperations/upsert",
                     {{"Content-Type", "application/json"}}, batch);
  if (!r || r->status / 100 != 2) return 1;
  for (std::size_t i = 0; i < o.subs; ++i) {
    auto body = fmt::format(
        R"({{"type":"Subscription","entities":[{{"id":"urn:ngsi-ld:NotifyBench:{}","type":"NotifyBench"}}],)"
        R"("watchedAttributes":["sentAt"],"notification":{{"format":"keyValues","endpoint":{{"uri":"{}"}}}}}})",
        i, rx.url());
    if (!post(c, "/ngsi-ld/v1/subscriptions", body, 201)) return 1;
  }
  std::printf("LATENCY setup: %zu entities and subscriptions; %zu writes/s for %.0f s\n", o.subs,
              o.rate, o.seconds);
  std::fflush(stdout);
  auto const start = clock_type::now();
  auto const period = std::chrono::duration<double>(1.0 / static_cast<double>(o.rate));
  std::size_t writes = 0;
  auto const total = static_cast<std::size_t>(static_cast<double>(o.rate) * o.seconds);
  while (writes < total) {
    auto due = start + std::chrono::duration_cast<clock_type::duration>(period * writes);
    std::this_thread::sleep_until(due);
    auto body = fmt::format(R"({{"sentAt":{{"type":"Property","value":{}}}}})", now_ns());
    auto w = c.request("PATCH",
                       fmt::format("/ngsi-ld/v1/entities/urn:ngsi-ld:NotifyBench:{}/attrs",
                                   writes % o.subs),
                       {{"Content-Type", "application/json"}}, body);
    if (!w || w->status != 204) {
      std::fprintf(stderr, "PATCH failed\n");
      return 1;
    }
    ++writes;
  }
  double const elapsed = std::chrono::duration<double>(clock_type::now() - start).count();
  std::this_thread::sleep_for(std::chrono::seconds(2));  // stragglers
  std::vector<double> l;
  {
    std::lock_guard lock(mutex);
    l = latencies_ms;
  }
  std::sort(l.begin(), l.end());
  auto pct = [&](double p) {
    return l.empty() ? 0.0 : l[std::min(l.size() - 1, static_cast<std::size_t>(p * static_cast<double>(l.size())))];
  };
  std::printf("RESULT writes=%zu write_rate=%.0f received=%zu lost=%zd p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
              writes, static_cast<double>(writes) / elapsed, l.size(),
              static_cast<std::ptrdiff_t>(writes) - static_cast<std::ptrdiff_t>(l.size()), pct(0.5),
              pct(0.99), l.empty() ? 0.0 : l.back());
  return l.size() == writes ? 0 : 1;
}

int usage() {
  std::fprintf(stderr,
               "usage: notification_bench sink --listen-port P [--seconds S]\n"
               "       notification_bench subscribe --port P --count N --endpoint URL [--match M]\n"
               "       notification_bench unsubscribe --port P\n"
               "       notification_bench latency --port P [--subs N] [--rate R] [--seconds S]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  options o;
  o.mode = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string_view k = argv[i];
    char const* v = argv[i + 1];
    if (k == "--port") o.port = static_cast<unsigned short>(std::atoi(v));
    else if (k == "--listen-port") o.listen_port = static_cast<unsigned short>(std::atoi(v));
    else if (k == "--endpoint") o.endpoint = v;
    else if (k == "--count") o.count = std::strtoull(v, nullptr, 10);
    else if (k == "--match") o.match = std::strtoull(v, nullptr, 10);
    else if (k == "--subs") o.subs = std::strtoull(v, nullptr, 10);
    else if (k == "--rate") o.rate = std::strtoull(v, nullptr, 10);
    else if (k == "--seconds") o.seconds = std::atof(v);
    else return usage();
  }
  if (o.mode == "sink") return run_sink(o);
  if (o.mode == "subscribe") return o.endpoint.empty() ? usage() : run_subscribe(o);
  if (o.mode == "unsubscribe") return run_unsubscribe(o);
  if (o.mode == "latency") return o.subs == 0 || o.rate == 0 ? usage() : run_latency(o);
  return usage();
}
