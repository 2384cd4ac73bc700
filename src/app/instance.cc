// SPDX-License-Identifier: Apache-2.0
#include "app/instance.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>

#include "api/http/metrics.h"
#include "api/http/server.h"
#include "api/ngsild/broker.h"
#include "api/ngsild/context_handlers.h"
#include "api/ngsild/http_context_loader.h"
#include "api/ngsild/routes.h"
#include "api/ngsild/temporal_routes.h"
#include "api/ngsild/subscription_handlers.h"
#include "api/subscriptions/mqtt_notifier.h"
#include "api/subscriptions/subscription_registry.h"
#include "api/mqtt/mqtt_client.h"
#include "api/ops_routes.h"
#include "api/router.h"
#include "app/demo_city.h"
#include "common/time.h"
#include "iot/iot_service.h"
#include "iot/routes.h"
#include "mobility/drt_service/fleet_config.h"
#include "mobility/drt_service/routes.h"
#include "mobility/journeys/journey_planner.h"
#include "mobility/journeys/realtime_poller.h"
#include "mobility/journeys/routes.h"
#include "store/history/history_recorder.h"
#include "store/history/sqlite_history.h"
#include "store/memory/memory_store.h"

namespace cityos::app {

struct instance::impl {
  api::metrics_registry metrics;
  std::unique_ptr<store::sqlite_history> history;  // outlives `store` (its change listener)
  std::unique_ptr<store::memory_store> store;
  api::http_context_loader loader{std::chrono::milliseconds(3000)};
  std::unique_ptr<ngsild::context_resolver> contexts;
  std::unique_ptr<api::broker> broker;
  api::mqtt_notifier mqtt_notifier;
  std::unique_ptr<api::subscription_registry> subscriptions;
  std::unique_ptr<iot::iot_service> iot;
  std::unique_ptr<api::mqtt_client> mqtt;  // feeds `iot`: destroyed before it
  std::unique_ptr<mobility::journeys::journey_planner> journeys;  // null: no --gtfs
  std::unique_ptr<mobility::journeys::realtime_poller> realtime;  // updates `journeys`: destroyed before it
  std::unique_ptr<mobility::drt_service::drt_service> drt;        // null: no --drt-fleet
  api::router router;
  api::http_server server;
  bool running = false;
};

namespace {

result<void> preload_contexts(instance_options const& opt, ngsild::context_resolver& r) {
  for (auto const& [url, path] : opt.contexts) {
    std::ifstream in(path);
    if (!in) return make_error(error_code::bad_request, "cannot read @context file " + path.string());
    std::stringstream ss;
    ss << in.rdbuf();
    auto doc = parse_json(ss.str());
    if (!doc) return make_error(error_code::bad_request, path.string() + ": " + doc.err().detail);
    if (auto a = r.add(url, std::move(*doc), ngsild::context_kind::cached); !a) return a;
  }
  return {};
}

// The IoT Agent service, its routes and metrics, and the MQTT connection feeding it.
result<void> start_iot(std::unique_ptr<iot::iot_service>& iot, std::unique_ptr<api::mqtt_client>& mqtt,
                       store::store& st, api::router& router, api::metrics_registry& metrics,
                       std::string const& mqtt_url) {
  iot = std::make_unique<iot::iot_service>(st, [] { return format_iso8601(now_ms()); });
  iot::add_iot_routes(router, *iot);
  metrics.add_gauge("iot_measurements", "IoT Agent measurements since start, by outcome",
                    [i = iot.get()] { return iot::count_samples(i->counts()); });
  if (mqtt_url.empty()) return {};
  auto broker = api::parse_mqtt_broker_url(mqtt_url);
  if (!broker) return std::move(broker).err();
  auto client = api::mqtt_client::connect(*broker);
  if (!client) return std::move(client).err();
  mqtt = std::move(*client);
  if (auto r = iot->attach_mqtt(*mqtt); !r) return r;
  spdlog::info("iot: receiving measurements from mqtt://{}:{}", broker->host, broker->port);
  return {};
}

// The on-demand dispatcher for the fleet file at opt.drt_fleet (none if empty:
// its routes answer 503); vehicles are published at once.
result<void> start_drt(std::unique_ptr<mobility::drt_service::drt_service>& drt, instance_options const& opt,
                       store::store& st, api::router& router) {
  namespace ds = mobility::drt_service;
  if (!opt.drt_fleet.empty()) {
    auto fleet = ds::load_fleet(opt.drt_fleet);
    if (!fleet) return std::move(fleet).err();
    auto d = mobility::drt::dispatcher::make(fleet->vehicles, fleet->settings);
    if (!d) return std::move(d).err();
    drt = std::make_unique<ds::drt_service>(std::move(*d), st, std::string(), [] { return now_ms(); });
    if (auto p = drt->publish_fleet(); !p) return p;
    spdlog::info("drt: dispatching {} vehicles from {}", fleet->vehicles.size(), opt.drt_fleet.string());
  }
  ds::add_drt_routes(router, drt.get());
  return {};
}

// The journey planner over the GTFS feed at `path` (none if empty: its routes
// answer 503), kept up to date from a GTFS-Realtime source if one is given.
result<void> start_journeys(std::unique_ptr<mobility::journeys::journey_planner>& journeys,
                            std::unique_ptr<mobility::journeys::realtime_poller>& realtime,
                            instance_options const& opt, api::router& router, api::metrics_registry& metrics) {
  std::filesystem::path const& path = opt.gtfs;
  if (!path.empty()) {
    auto const t0 = std::chrono::steady_clock::now();
    auto loaded = mobility::journeys::load_journey_planner(path);
    if (!loaded) return std::move(loaded).err();
    journeys = std::move(*loaded);
    auto const ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    spdlog::info("journeys: GTFS feed {} loaded in {:.0f} ms: {} stops, {} trips, {} stop times", path.string(), ms,
                 journeys->feed().stops.size(), journeys->feed().trips.size(), journeys->feed().stop_times.size());
  }
  if (!opt.gtfs_realtime.empty()) {
    if (!journeys) return make_error(error_code::bad_request, "--gtfs-rt needs --gtfs");
    mobility::journeys::realtime_source src{opt.gtfs_realtime, opt.gtfs_realtime_interval, std::chrono::seconds(10),
                                            opt.gtfs_realtime_utc_offset};
    realtime = std::make_unique<mobility::journeys::realtime_poller>(*journeys, src);
    auto first = realtime->start();
    if (!first) spdlog::warn("journeys: real-time update from {} failed: {}", src.source, first.err().detail);
    else spdlog::info("journeys: real-time updates from {} every {} s: {} trips updated, {} canceled", src.source,
                      src.interval.count(), first->updated, first->canceled);
    metrics.add_gauge("journeys_realtime_updates", "GTFS-Realtime updates since start, by outcome",
                      [p = realtime.get()] {
                        auto const c = p->counts();
                        return std::vector<api::gauge_sample>{{{{"outcome", "applied"}}, static_cast<double>(c.applied)},
                                                              {{{"outcome", "failed"}}, static_cast<double>(c.failed)}};
                      });
  }
  mobility::journeys::add_journey_routes(router, journeys.get());
  return {};
}

// Subscription and notification counters, read at each scrape.
void add_subscription_metrics(api::metrics_registry& m, api::subscription_registry& subs) {
  m.add_gauge("subscriptions", "Subscriptions, all tenants", [&subs] {
    return std::vector<api::gauge_sample>{{{}, static_cast<double>(subs.totals().subscriptions)}};
  });
  m.add_gauge("notifications_total", "Notifications by outcome since start", [&subs] {
    auto t = subs.totals();
    auto sample = [](char const* outcome, double v) {
      return api::gauge_sample{{{"outcome", outcome}}, v};
    };
    return std::vector<api::gauge_sample>{
        sample("sent", static_cast<double>(t.delivery.sent)),
        sample("failed", static_cast<double>(t.delivery.failed)),
        sample("retried", static_cast<double>(t.delivery.retried)),
        sample("dropped", static_cast<double>(t.dropped)),
        sample("throttled", static_cast<double>(t.throttled))};
  });
  m.add_gauge("notifications_queued", "Notifications waiting for delivery", [&subs] {
    auto t = subs.totals();
    return std::vector<api::gauge_sample>{
        {{{"stage", "matching"}}, static_cast<double>(t.pending_changes)},
        {{{"stage", "delivery"}}, static_cast<double>(t.delivery.queued)}};
  });
}

}  // namespace

instance::instance() : impl_(std::make_unique<impl>()) {}
instance::~instance() { stop(); }

result<void> instance::start(instance_options opt) {
  auto& s = *impl_;
  store::memory_store_options so;
  so.data_dir = opt.data_dir;
  so.sync_each_commit = opt.fsync;
  so.on_commit = [&m = s.metrics](double secs, std::size_t n) { m.record_commit(secs, n); };
  auto opened = store::memory_store::open(std::move(so));
  if (!opened) return std::move(opened).err();
  s.store = std::move(*opened);
  auto history = store::sqlite_history::open(
      {opt.data_dir, static_cast<epoch_ms>(opt.history_days) * 86'400'000, now_ms});
  if (!history) return std::move(history).err();
  s.history = std::move(*history);
  if (opt.record_history) s.store->add_change_listener(store::make_history_recorder(*s.history));
  s.contexts = std::make_unique<ngsild::context_resolver>(&s.loader);
  if (auto r = preload_contexts(opt, *s.contexts); !r) return r;
  // The port is known only once the server is bound (port 0 picks one).
  auto public_url = [&server = s.server, host = opt.host, url = opt.public_url] {
    return url.empty() ? "http://" + host + ":" + std::to_string(server.port()) : url;
  };
  s.broker = std::make_unique<api::broker>(api::broker{
      *s.store, *s.contexts, {20, opt.max_limit, opt.max_batch},
      [] { return format_iso8601(now_ms()); }, public_url});
  api::load_hosted_contexts(*s.broker);
  api::add_ngsild_routes(s.router, *s.broker);
  api::add_temporal_routes(s.router, *s.broker, *s.history);
  s.metrics.add_gauge("history_pending", "Writes queued for the attribute history, not yet recorded",
                      [h = s.history.get()] {
                        return std::vector<api::gauge_sample>{{{}, static_cast<double>(h->pending())}};
                      });
  s.metrics.add_gauge("history_write_errors", "Changes the history could not record (since start)",
                      [h = s.history.get()] {
                        return std::vector<api::gauge_sample>{
                            {{}, static_cast<double>(h->write_errors())}};
                      });
  s.subscriptions = std::make_unique<api::subscription_registry>(
      *s.store, *s.contexts, api::subscription_registry_options{},
      [&n = s.mqtt_notifier](std::string_view url, std::string_view payload, int qos) {
        return n.publish(url, payload, qos);
      });
  if (auto r = s.subscriptions->start(); !r) return r;
  api::add_subscription_routes(s.router, *s.broker, *s.subscriptions);
  add_subscription_metrics(s.metrics, *s.subscriptions);
  if (auto r = start_iot(s.iot, s.mqtt, *s.store, s.router, s.metrics, opt.mqtt_url); !r) return r;
  if (auto r = start_journeys(s.journeys, s.realtime, opt, s.router, s.metrics); !r) return r;
  if (auto r = start_drt(s.drt, opt, *s.store, s.router); !r) return r;
  api::add_ops_routes(s.router, *s.store, s.metrics);
  s.router.set_observer([&m = s.metrics](std::string_view route) -> api::request_observer {
    std::string name(route.empty() ? std::string_view("unmatched") : route);
    return [&rm = m.route(name), name](std::string_view method, int status, double secs) {
      rm.record(method, status, secs);
      spdlog::debug("{} {} -> {} in {:.3f} ms", method, name, status, secs * 1000);
    };
  });
  s.metrics.add_gauge("entities", "Entities stored, by tenant", [st = s.store.get()] {
    std::vector<api::gauge_sample> out;
    for (auto const& t : st->tenants()) {
      out.push_back({{{"tenant", t}}, static_cast<double>(st->entity_count(t))});
    }
    return out;
  });
  if (opt.demo && s.store->tenants().empty()) {  // first start only
    if (auto r = load_demo_city(s.router); !r) return r;
    spdlog::info("demo city loaded");
  }
  api::server_options so2;
  so2.host = opt.host;
  so2.port = opt.port;
  so2.threads = opt.threads;
  so2.max_body_bytes = opt.max_body_bytes;
  auto started = s.server.start(
      so2, [&r = s.router](api::http_request& req) { return r.handle(req); },
      [st = s.store.get()](std::uint64_t seq, std::function<void()> done) {
        st->on_durable(seq, std::move(done));
      });
  if (!started) return started;
  s.running = true;
  return {};
}

unsigned short instance::port() const { return impl_->server.port(); }

void instance::stop() {
  auto& s = *impl_;
  if (!s.running) return;
  s.running = false;
  s.server.stop(std::chrono::milliseconds(5000));
  s.mqtt.reset();
  s.iot.reset();  // writes what MQTT queued (subscriptions still see it)
  if (s.subscriptions) s.subscriptions->stop();
  if (s.store) s.store->flush();
  s.subscriptions.reset();
  s.store.reset();
  s.history.reset();  // records what the store fed it, then closes
}

}  // namespace cityos::app
