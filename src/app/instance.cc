// SPDX-License-Identifier: Apache-2.0
#include "app/instance.h"

#include <algorithm>
#include <atomic>
#include <chrono>

#include <spdlog/spdlog.h>

#include "api/access_gate.h"
#include "api/auth_routes.h"
#include "api/http/http_client.h"
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
#include "app/jwks_refresh.h"
#include "app/ridership_kpis.h"
#include "app/safety_services.h"
#include "auth/api_keys.h"
#include "auth/audit_log.h"
#include "auth/auth_config.h"
#include "auth/consents.h"
#include "auth/jwks_source.h"
#include "auth/jwt.h"
#include "auth/rate_limiter.h"
#include "auth/token_cache.h"
#include "common/file.h"
#include "common/time.h"
#include "iot/iot_service.h"
#include "iot/routes.h"
#include "mobility/drt_service/fleet_config.h"
#include "mobility/drt_service/routes.h"
#include "mobility/journeys/journey_planner.h"
#include "mobility/journeys/realtime_poller.h"
#include "mobility/journeys/routes.h"
#include "sim/simulator.h"
#include "store/history/history_recorder.h"
#include "store/history/sqlite_history.h"
#include "api/live/live_routes.h"
#include "api/static_files.h"
#include "store/memory/memory_store.h"
#include "wellness/points/presets.h"
#include "wellness/points_service/publisher.h"
#include "wellness/points_service/routes.h"

namespace cityos::app {

// Access control: identities, policy, consents, audit, and the gate using them.
struct access_control {
  auth::auth_config config;
  std::unique_ptr<auth::key_store> keys;
  std::unique_ptr<auth::token_verifier> tokens;  // null: no OIDC issuer
  std::unique_ptr<auth::jwks_source> jwks;       // keeps `tokens`' keys current: destroyed first
  auth::token_cache verified;                    // tokens already verified
  std::unique_ptr<auth::rate_limiter> limiter;   // null: no rate limit
  std::unique_ptr<auth::access_policy> policy;
  std::unique_ptr<auth::consent_registry> consents;
  std::unique_ptr<auth::audit_log> audit;
  std::unique_ptr<api::access_gate> gate;
  std::atomic<bool> on{false};
};

struct instance::impl {
  api::metrics_registry metrics;
  access_control access;
  std::unique_ptr<store::sqlite_history> history;  // outlives `store` (its change listener)
  std::unique_ptr<store::memory_store> store;
  api::http_context_loader loader{std::chrono::milliseconds(3000)};
  std::unique_ptr<ngsild::context_resolver> contexts;
  api::render_cache renders;  // rendered entity texts, for `broker`'s reads
  std::unique_ptr<api::broker> broker;
  api::mqtt_notifier mqtt_notifier;
  std::unique_ptr<api::subscription_registry> subscriptions;
  std::unique_ptr<iot::iot_service> iot;
  std::unique_ptr<api::mqtt_client> mqtt;  // feeds `iot`: destroyed before it
  std::unique_ptr<mobility::journeys::journey_planner> journeys;  // null: no --gtfs
  std::unique_ptr<mobility::journeys::realtime_poller> realtime;  // updates `journeys`: destroyed before it
  std::unique_ptr<mobility::drt_service::drt_service> drt;        // null: no --drt-fleet
  std::unique_ptr<wellness::points_service::points_service> points;  // null: no programme
  std::unique_ptr<wellness::points_service::publisher> points_publisher;  // publishes `points`: destroyed first
  safety_services safety;  // shelters, flood watch, watch-over
  std::unique_ptr<mobility::ridership::ridership_service> ridership;  // null: no --demo / --ridership-kpis
  std::unique_ptr<api::live_hub> live;  // dashboards' server-sent events
  std::unique_ptr<sim::simulator> sim;  // --demo: writes through `router`; stopped first
  std::shared_ptr<std::atomic<epoch_ms>> demo_now = std::make_shared<std::atomic<epoch_ms>>(now_ms());  // sim time
  std::optional<api::static_files> web;  // the dashboard's files; none: no dashboard
  api::router router;
  api::http_server server;
  bool running = false;
};

namespace {

bool is_loopback(std::string const& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// Opens keys, consents and audit, reads the config, and builds the gate.
// Access control is on when keys exist or an issuer is configured.
result<void> start_access_control(access_control& ac, instance_options const& opt, store::store& st,
                                  api::metrics_registry& metrics) {
  if (!opt.auth_config.empty()) {
    auto c = auth::load_auth_config(opt.auth_config);
    if (!c) return std::move(c).err();
    ac.config = std::move(*c);
  }
  auto keys = auth::key_store::open(opt.data_dir.empty() ? std::filesystem::path() : auth::key_file(opt.data_dir));
  if (!keys) return std::move(keys).err();
  ac.keys = std::make_unique<auth::key_store>(std::move(*keys));
  if (ac.config.oidc) {
    // Keys from the JWKS source (a file or URL, refreshed; a token's unknown kid asks for a refresh).
    auto const& oc = *ac.config.oidc;
    auto v = auth::token_verifier::make({{}, oc.issuer, oc.audience, oc.leeway, [&ac](std::string_view) {
                                           return ac.jwks && ac.jwks->refresh_for_unknown_kid();
                                         }});
    if (!v) return std::move(v).err();
    ac.tokens = std::make_unique<auth::token_verifier>(std::move(*v));
    auto src = open_jwks_source(oc, *ac.tokens, ac.verified, metrics);
    if (!src) return std::move(src).err();
    ac.jwks = std::move(*src);
  }
  if (ac.config.rate.per_second > 0) {
    auto l = auth::rate_limiter::make({ac.config.rate.per_second, ac.config.rate.burst});
    if (!l) return std::move(l).err();
    ac.limiter = std::make_unique<auth::rate_limiter>(std::move(*l));
  }
  // A points account is always personal: readable by its person and whom they consented to.
  auto& personal = ac.config.policy.personal_types;
  if ((!opt.points_programme.empty() || !opt.points_preset.empty()) &&
      std::find(personal.begin(), personal.end(), "HealthPointsAccount") == personal.end()) {
    personal.emplace_back("HealthPointsAccount");
  }
  ac.policy = std::make_unique<auth::access_policy>(ac.config.policy);
  ac.consents = std::make_unique<auth::consent_registry>(st);
  auto audit = auth::audit_log::open(opt.data_dir.empty() ? std::filesystem::path()
                                                          : opt.data_dir / "auth" / "audit.log");
  if (!audit) return std::move(audit).err();
  ac.audit = std::move(*audit);

  api::access_gate_options g;
  // A key made by `cityos keys create` beside the running server is found by
  // re-reading the key file (at most once a second) when a key is unknown.
  g.api_keys = [k = ac.keys.get(), last = std::make_shared<std::atomic<epoch_ms>>(0)](
                   std::string_view presented) -> result<auth::principal> {
    epoch_ms const now = now_ms();
    auto rec = k->verify(presented, now);
    if (!rec && rec.err().detail.find("unknown") != std::string::npos && now - last->load() >= 1000) {
      last->store(now);
      if (k->reload()) rec = k->verify(presented, now);
    }
    if (!rec) return std::move(rec).err();
    return auth::principal{auth::principal::kind::api_key, rec->id, {}, {rec->grant}};
  };
  if (ac.tokens) {
    g.tokens = [t = ac.tokens.get(), cache = &ac.verified,
                claim = ac.config.oidc->grants_claim](std::string_view jwt) -> result<auth::principal> {
      epoch_ms const now = now_ms();
      if (auto known = cache->find(jwt, now)) return std::move(*known);
      auto tok = t->verify(jwt, now);
      if (!tok) return std::move(tok).err();
      auto who = auth::token_principal(*tok, claim);
      cache->put(jwt, who, tok->exp);
      return who;
    };
  }
  if (ac.limiter) {
    g.rate_limit = [l = ac.limiter.get()](std::string_view who) {
      return l->acquire(who, std::chrono::steady_clock::now());
    };
  }
  g.policy = ac.policy.get();
  g.consents = ac.consents.get();
  g.audit = ac.audit.get();
  ac.gate = std::make_unique<api::access_gate>(std::move(g));
  ac.on = !ac.keys->list().empty() || ac.tokens != nullptr;
  if (!ac.on && !is_loopback(opt.host)) {
    if (!opt.insecure) {
      return make_error(error_code::bad_request,
                        "refusing to listen on " + opt.host +
                            " without access control: create an API key (cityos keys create) or configure an "
                            "OpenID Connect issuer (--auth-config), or pass --insecure");
    }
    spdlog::warn("access control is OFF and {} is not a loopback address: anyone who reaches it may read and "
                 "write everything (--insecure)", opt.host);
  }
  spdlog::info("access control {}", ac.on ? "on" : "off (no API keys, no OpenID Connect issuer)");
  return {};
}

// The current access of a subscription's owner: API keys are looked up again
// (revoked or expired: nothing), tokens keep the grants they had.
// Audit records of its notifications name the subscription as where the read went.
std::shared_ptr<auth::access const> owner_access(access_control const& ac, json::object const& owner,
                                                 std::string_view subscription_id) {
  auto p = auth::owner_principal(owner);
  if (p.via == auth::principal::kind::api_key) {
    auto rec = ac.keys->find(p.id);
    if (!rec || rec->revoked || (rec->expires && *rec->expires <= now_ms())) return nullptr;
    p.grants = {rec->grant};
  }
  return std::make_shared<auth::access const>(std::move(p), *ac.policy, ac.consents.get(), ac.audit.get(),
                                              std::string(subscription_id));
}

result<void> preload_contexts(instance_options const& opt, ngsild::context_resolver& r) {
  for (auto const& [url, path] : opt.contexts) {
    auto text = read_file(path);
    if (!text) return make_error(error_code::bad_request, "cannot read @context file " + path.string());
    auto doc = parse_json(*text);
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
// its routes answer 503); vehicles are published at once. `clock`: now.
result<void> start_drt(std::unique_ptr<mobility::drt_service::drt_service>& drt, instance_options const& opt,
                       store::store& st, api::router& router, std::function<epoch_ms()> const& clock) {
  namespace ds = mobility::drt_service;
  if (!opt.drt_fleet.empty()) {
    auto fleet = ds::load_fleet(opt.drt_fleet);
    if (!fleet) return std::move(fleet).err();
    auto d = mobility::drt::dispatcher::make(fleet->vehicles, fleet->settings);
    if (!d) return std::move(d).err();
    drt = std::make_unique<ds::drt_service>(std::move(*d), st, std::string(), clock);
    if (auto p = drt->publish_fleet(); !p) return p;
    drt->start_improvement(fleet->improvement);
    spdlog::info("drt: dispatching {} vehicles from {}", fleet->vehicles.size(), opt.drt_fleet.string());
  }
  ds::add_drt_routes(router, drt.get());
  return {};
}

// The health-points service for the programme of opt (none without one: its
// routes answer 503), publishing accounts and KPIs into the store. `clock`: now.
result<void> start_points(std::unique_ptr<wellness::points_service::points_service>& points,
                          std::unique_ptr<wellness::points_service::publisher>& pub, instance_options const& opt,
                          store::store& st, api::router& router, std::function<epoch_ms()> const& clock) {
  namespace ps = wellness::points_service;
  if (!opt.points_programme.empty() || !opt.points_preset.empty()) {
    auto p = opt.points_preset.empty() ? wellness::load_programme(opt.points_programme)
                                       : wellness::load_preset(opt.points_preset);
    if (!p) return std::move(p).err();
    ps::service_options so;
    if (!opt.data_dir.empty()) so.ledger_file = opt.data_dir / "points" / "ledger.log";
    so.sync = opt.fsync;
    auto s = ps::points_service::open(std::move(*p), st, clock, std::move(so));
    if (!s) return std::move(s).err();
    points = std::move(*s);
    pub = std::make_unique<ps::publisher>(*points, st, std::string(), clock, ps::publisher_settings{});
    pub->start();
    spdlog::info("points: programme {} with {} participants", points->config().id, points->participants());
  }
  ps::add_points_routes(router, points.get(),
                        points ? ps::kpi_fn([s = points.get()](std::string const& from, std::string const& to)
                                                -> result<json::object> {
                          auto r = ps::kpis_of(*s, from, to);
                          if (!r) return std::move(r).err();
                          return wellness::kpi_json(*r);
                        })
                               : ps::kpi_fn());
  return {};
}

// The dashboard's files: opt.web_root, else web/dist here or in the source tree.
// A missing default is fine (no dashboard); a missing --web-root is an error.
result<void> load_web(std::optional<api::static_files>& web, instance_options const& opt) {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates;
  if (!opt.web_root.empty()) {
    candidates.push_back(opt.web_root);
  } else {
    candidates = {fs::path("web/dist"), fs::path(CITYOS_SOURCE_ROOT) / "web/dist"};
  }
  for (auto const& dir : candidates) {
    auto files = api::static_files::open(dir);
    if (files) {
      spdlog::info("dashboard: serving {} files from {}", files->files(), dir.string());
      web = std::move(*files);
      return {};
    }
    if (!opt.web_root.empty()) return make_error(error_code::bad_request, "--web-root: " + files.err().detail);
  }
  spdlog::info("dashboard: not built (scripts/build-web.sh); serving the API only");
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
    mobility::gtfs::load_options lo;
    if (opt.demo) lo.extend_calendars_to = static_cast<std::int32_t>(now_ms() / 86'400'000 + 366);
    auto loaded = mobility::journeys::load_journey_planner(path, {}, lo);
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

// `cityos serve --demo`: the Muroran feed (its calendar run on until a year
// from now), on-demand fleet, health-points preset and flood watch, unless given.
void demo_defaults(instance_options& opt, std::filesystem::path const& dir) {
  if (opt.gtfs.empty()) opt.gtfs = dir / "gtfs";
  std::error_code ec;
  if (opt.drt_fleet.empty() && std::filesystem::exists(dir / "drt-fleet.json", ec)) {
    opt.drt_fleet = dir / "drt-fleet.json";
  }
  if (opt.points_programme.empty() && opt.points_preset.empty()) opt.points_preset = "sapporo_2026";
  if (opt.flood_watch.empty() && std::filesystem::exists(dir / "flood-watch.json", ec)) {
    opt.flood_watch = dir / "flood-watch.json";
  }
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
  std::filesystem::path demo_dir;
  if (opt.demo) {
    auto dir = demo_city_dir();
    if (!dir) return std::move(dir).err();
    demo_dir = *dir;
    demo_defaults(opt, demo_dir);
  }
  store::memory_store_options so;
  so.data_dir = opt.data_dir;
  so.sync_each_commit = opt.fsync;
  so.on_commit = [&m = s.metrics](double secs, std::size_t n) { m.record_commit(secs, n); };
  auto opened = store::memory_store::open(std::move(so));
  if (!opened) return std::move(opened).err();
  s.store = std::move(*opened);
  bool const fresh_store = s.store->tenants().empty();  // before services publish
  store::sqlite_history_options ho;
  ho.data_dir = opt.data_dir;
  ho.retention = static_cast<epoch_ms>(opt.history_days) * 86'400'000;
  ho.notice = [](std::string const& m) { spdlog::info("{}", m); };
  auto history = store::sqlite_history::open(std::move(ho));
  if (!history) return std::move(history).err();
  s.history = std::move(*history);
  if (opt.record_history) {
    // A points account's history is its ledger (and personal): not kept twice. A
    // watched person's tag: its positions are kept only for the watch-over's retention.
    s.store->add_change_listener(
        store::make_history_recorder(*s.history, {"HealthPointsAccount"}, entities_without_history(opt)));
    s.store->add_change_pacer(store::make_history_pacer(*s.history));
  }
  s.contexts = std::make_unique<ngsild::context_resolver>(&s.loader);
  if (auto r = preload_contexts(opt, *s.contexts); !r) return r;
  // The port is known only once the server is bound (port 0 picks one).
  auto public_url = [&server = s.server, host = opt.host, url = opt.public_url] {
    if (!url.empty()) return url;
    return (server.tls() ? "https://" : "http://") + host + ":" + std::to_string(server.port());
  };
  s.broker = std::make_unique<api::broker>(api::broker{
      *s.store, *s.contexts, {20, opt.max_limit, opt.max_batch},
      [] { return format_iso8601(now_ms()); }, public_url, &s.renders});
  api::load_hosted_contexts(*s.broker);
  api::add_ngsild_routes(s.router, *s.broker);
  api::add_temporal_routes(s.router, *s.broker, *s.history);
  s.metrics.add_gauge("entity_cache_entries", "Entities held decoded by the store, and rendered texts held by the API",
                      [&s] {
                        return std::vector<api::gauge_sample>{
                            {{{"cache", "decoded"}}, static_cast<double>(s.store->decoded_cache_stats().entries)},
                            {{{"cache", "rendered"}}, static_cast<double>(s.renders.stats().entries)}};
                      });
  s.metrics.add_gauge("entity_cache_lookups", "Lookups in the entity caches since start, by outcome",
                      [&s] {
                        auto const d = s.store->decoded_cache_stats();
                        auto const r = s.renders.stats();
                        auto sample = [](char const* cache, char const* outcome, std::uint64_t n) {
                          return api::gauge_sample{{{"cache", cache}, {"outcome", outcome}}, static_cast<double>(n)};
                        };
                        return std::vector<api::gauge_sample>{
                            sample("decoded", "hit", d.hits), sample("decoded", "miss", d.misses),
                            sample("rendered", "hit", r.hits), sample("rendered", "miss", r.misses)};
                      });
  s.metrics.add_gauge("history_pending", "Writes queued for the attribute history, not yet recorded",
                      [h = s.history.get()] {
                        return std::vector<api::gauge_sample>{{{}, static_cast<double>(h->pending())}};
                      });
  s.metrics.add_gauge("history_checkpoints", "WAL checkpoints of the history file run in the background (since start)",
                      [h = s.history.get()] {
                        return std::vector<api::gauge_sample>{{{}, static_cast<double>(h->checkpoints())}};
                      });
  s.metrics.add_gauge("history_write_errors", "Changes the history could not record (since start)",
                      [h = s.history.get()] {
                        return std::vector<api::gauge_sample>{
                            {{}, static_cast<double>(h->write_errors())}};
                      });
  if (auto r = start_access_control(s.access, opt, *s.store, s.metrics); !r) return r;
  api::add_auth_routes(s.router, {s.access.keys.get(), s.access.consents.get(), s.access.audit.get(),
                                  [&on = s.access.on] { on = true; }});
  api::subscription_registry_options subs_opt;
  subs_opt.owner_access = [&ac = s.access](json::object const& owner, std::string_view id) {
    return owner_access(ac, owner, id);
  };
  s.subscriptions = std::make_unique<api::subscription_registry>(
      *s.store, *s.contexts, subs_opt,
      [&n = s.mqtt_notifier](std::string_view url, std::string_view payload, int qos) {
        return n.publish(url, payload, qos);
      });
  if (auto r = s.subscriptions->start(); !r) return r;
  api::add_subscription_routes(s.router, *s.broker, *s.subscriptions);
  add_subscription_metrics(s.metrics, *s.subscriptions);
  if (auto r = start_iot(s.iot, s.mqtt, *s.store, s.router, s.metrics, opt.mqtt_url); !r) return r;
  if (auto r = start_journeys(s.journeys, s.realtime, opt, s.router, s.metrics); !r) return r;
  // --demo: the on-demand and points services live on the simulator's clock.
  std::function<epoch_ms()> services_clock = [] { return now_ms(); };
  if (opt.demo) {
    if (opt.demo_start != 0) s.demo_now->store(opt.demo_start);
    services_clock = [t = s.demo_now] { return t->load(); };
  }
  if (auto r = start_drt(s.drt, opt, *s.store, s.router, services_clock); !r) return r;
  if (auto r = start_points(s.points, s.points_publisher, opt, *s.store, s.router, services_clock); !r) return r;
  if (auto r = start_safety(s.safety, opt, *s.store, s.router, services_clock); !r) return r;
  if (auto r = start_ridership(s.ridership, opt, *s.store, services_clock); !r) return r;
  s.live = std::make_unique<api::live_hub>(*s.store);
  api::add_live_routes(s.router, *s.live);
  if (auto r = load_web(s.web, opt); !r) return r;
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
  if (opt.demo && fresh_store) {  // first start only
    if (auto r = load_demo_city(s.router, demo_dir); !r) return r;
    spdlog::info("demo city loaded");
  }
  api::server_options so2;
  so2.host = opt.host;
  so2.port = opt.port;
  so2.threads = opt.threads;
  so2.max_body_bytes = opt.max_body_bytes;
  so2.tls_cert_file = opt.tls_cert_file;
  so2.tls_key_file = opt.tls_key_file;
  auto started = s.server.start(
      so2,
      [&r = s.router, &ac = s.access, &web = s.web](api::http_request& req) {
        if (web) {
          if (auto file = web->serve(req)) return std::move(*file);
        }
        if (!ac.on.load(std::memory_order_relaxed)) return r.handle(req);
        if (auto denied = ac.gate->admit(req)) return std::move(*denied);
        auto resp = r.handle(req);
        ac.gate->after(req, resp);
        return resp;
      },
      [st = s.store.get()](std::uint64_t seq, std::function<void()> done) {
        st->on_durable(seq, std::move(done));
      });
  if (!started) return started;
  if (opt.demo) {
    sim::sim_options so3;
    so3.data_dir = demo_dir;
    so3.seed = opt.demo_seed;
    so3.speed = opt.demo_speed;
    so3.start = opt.demo_start;
    so3.on_time = [t = s.demo_now](epoch_ms now) { t->store(now); };
    auto sim = sim::simulator::make(std::move(so3),
                                    [&r = s.router](api::http_request& req) { return r.handle(req); });
    if (!sim) return std::move(sim).err();
    s.sim = std::move(*sim);
    s.sim->start();
  }
  s.running = true;
  return {};
}

unsigned short instance::port() const { return impl_->server.port(); }

void instance::stop() {
  auto& s = *impl_;
  if (!s.running) return;
  s.running = false;
  s.sim.reset();
  s.server.stop(std::chrono::milliseconds(5000));
  s.mqtt.reset();
  s.iot.reset();  // writes what MQTT queued (subscriptions still see it)
  s.safety.stop();  // publishes nothing after this
  s.ridership.reset();
  s.points_publisher.reset();  // publishes the last changed accounts
  if (s.subscriptions) s.subscriptions->stop();
  if (s.store) s.store->flush();
  s.subscriptions.reset();
  s.store.reset();
  s.history.reset();  // records what the store fed it, then closes
}

}  // namespace cityos::app
