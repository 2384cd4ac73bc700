// SPDX-License-Identifier: Apache-2.0
#include "app/serve_command.h"

#include <csignal>
#include <chrono>

#include <spdlog/spdlog.h>

#include "app/instance.h"
#include "common/time.h"

namespace cityos::app {

namespace {

bool split_listen(std::string const& listen, std::string& host, unsigned short& port) {
  auto const colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  try {
    int const p = std::stoi(listen.substr(colon + 1));
    if (p < 0 || p > 65535) return false;
    port = static_cast<unsigned short>(p);
  } catch (...) {
    return false;
  }
  return !host.empty();
}

void setup_logging(std::string const& level) {
  // One JSON object per line: easy for journald, Loki or Elasticsearch to ingest.
  spdlog::set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":"%v"})",
                      spdlog::pattern_time_type::utc);
  spdlog::set_level(spdlog::level::from_str(level));
}

}  // namespace

void add_serve_command(CLI::App& cli, serve_settings& s) {
  auto* cmd = cli.add_subcommand("serve", "Run the NGSI-LD context broker and the city services");
  cmd->add_option("--listen", s.listen, "Address and port to listen on (HOST:PORT)")
      ->capture_default_str();
  cmd->add_option("--data", s.data_dir, "Directory of the embedded store (created if missing)")
      ->capture_default_str();
  cmd->add_option("--log-level", s.log_level, "trace, debug, info, warn, error, critical or off")
      ->capture_default_str()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  cmd->add_option("--threads", s.threads, "HTTP I/O threads")->capture_default_str()
      ->check(CLI::Range(1u, 64u));
  cmd->add_flag("--fsync", s.fsync,
                "fdatasync every group commit (survives power loss, not just a process crash)");
  cmd->add_flag("--demo", s.demo,
                "Run the Muroran demo city (docs/demo.md): its entities, bus feed, on-demand fleet, "
                "health points and the simulator");
  cmd->add_option("--demo-speed", s.demo_speed, "Demo simulator: simulated seconds per real second")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 10000.0));
  cmd->add_option("--demo-start", s.demo_start,
                  "Demo simulator: the sim time to start at, ISO 8601 (e.g. 2026-11-25T07:00:00+09:00 for a "
                  "morning rush); default now");
  cmd->add_option("--seed", s.seed, "Demo simulator: random seed (the same seed replays the same city)")
      ->capture_default_str();
  cmd->add_option("--web-root", s.web_root,
                  "The dashboard's built files, served at / (default: web/dist of the working directory "
                  "or of the source tree)");
  cmd->add_option("--history-days", s.history_days,
                  "Keep attribute history (temporal API) this many days; 0 keeps all")
      ->capture_default_str();
  cmd->add_flag("--no-history", s.no_history,
                "Do not record entity writes in the attribute history (the temporal API then "
                "holds only what is written to it directly)");
  cmd->add_option("--max-body-mb", s.max_body_mb, "Largest request body accepted (MiB)")
      ->capture_default_str();
  cmd->add_option("--max-batch", s.max_batch, "Most entities in one batch request")
      ->capture_default_str();
  cmd->add_option("--max-limit", s.max_limit, "Largest page size (limit) of a query")
      ->capture_default_str();
  cmd->add_option("--public-url", s.public_url,
                  "Base URL clients reach this server at (for hosted @contexts); "
                  "default http://LISTEN (https:// with --tls-cert)");
  auto* tls_cert = cmd->add_option("--tls-cert", s.tls_cert,
                                   "Serve HTTPS only: PEM certificate (then any intermediates)");
  auto* tls_key = cmd->add_option("--tls-key", s.tls_key,
                                  "PEM private key (unencrypted) of --tls-cert");
  tls_cert->needs(tls_key);
  tls_key->needs(tls_cert);
  cmd->add_option("--mqtt", s.mqtt_url,
                  "MQTT broker to receive IoT Agent measurements from (mqtt://HOST:PORT)");
  cmd->add_option("--gtfs", s.gtfs,
                  "GTFS / GTFS-JP feed (folder or .zip) to load for the journey planner API "
                  "(/api/v1/plan, /api/v1/stops)");
  cmd->add_option("--gtfs-rt", s.gtfs_rt,
                  "GTFS-Realtime TripUpdates (file or http(s) URL) applied to the --gtfs timetable, "
                  "fetched again every --gtfs-rt-interval seconds");
  cmd->add_option("--gtfs-rt-interval", s.gtfs_rt_interval, "Seconds between GTFS-Realtime fetches")
      ->capture_default_str()
      ->check(CLI::Range(1u, 86'400u));
  cmd->add_option("--gtfs-rt-utc-offset", s.gtfs_rt_utc_offset,
                  "Feed local time minus UTC in seconds, for absolute real-time times (Japan: 32400)")
      ->capture_default_str();
  cmd->add_flag("--ridership-kpis", s.ridership_kpis,
                "Publish the day's transit and on-demand ridership KPIs (always on with --demo; docs/dashboard.md)");
  cmd->add_option("--ridership-utc-offset", s.ridership_utc_offset,
                  "Local time of the ridership KPIs' days minus UTC, in seconds (Japan: 32400)")
      ->capture_default_str()
      ->check(CLI::Range(-14 * 3600, 14 * 3600));
  cmd->add_option("--drt-fleet", s.drt_fleet,
                  "On-demand fleet (JSON: vehicles, capacities, depots, shifts; see docs/drt.md) "
                  "for the dispatcher API /api/v1/drt");
  cmd->add_option("--points-programme", s.points_programme,
                  "Health-points programme (JSON or YAML; see docs/health-points.md) for /api/v1/points");
  cmd->add_option("--points-preset", s.points_preset,
                  "Health points with a built-in programme: sapporo_2026, shitara, toei, yamagata, kikuyo, swc")
      ->excludes("--points-programme");
  cmd->add_option("--flood-watch", s.flood_watch,
                  "Flood watch: river stations and level names (JSON; see docs/flood-watch.md) for "
                  "/api/v1/safety/rivers and /api/v1/safety/alerts");
  cmd->add_option("--watch-over", s.watch_over,
                  "Watch-over: persons, tags, home zones, carers (JSON; see docs/flood-watch.md) for "
                  "/api/v1/safety/watch/alerts");
  cmd->add_option("--auth-config", s.auth_config,
                  "Access-control configuration (JSON: personal types, OpenID Connect issuer, rate limit; "
                  "see docs/access-control.md)");
  cmd->add_flag("--insecure", s.insecure,
                "Allow listening on a non-loopback address without access control (no API keys, no issuer)");
  cmd->add_option("--context", s.contexts,
                  "Preload an @context document: URL=FILE (repeatable); for URLs the broker "
                  "cannot fetch (no internet, https)");
}

int run_serve(serve_settings const& s) {
  setup_logging(s.log_level);
  instance_options opt;
  if (!split_listen(s.listen, opt.host, opt.port)) {
    spdlog::error("invalid --listen '{}': expected HOST:PORT", s.listen);
    return 2;
  }
  opt.data_dir = s.data_dir;
  opt.threads = s.threads;
  opt.fsync = s.fsync;
  opt.demo = s.demo;
  opt.demo_speed = s.demo_speed;
  opt.demo_seed = s.seed;
  if (!s.demo_start.empty()) {
    auto const t = parse_iso8601(s.demo_start);
    if (!t) {
      spdlog::error("invalid --demo-start '{}': expected an ISO 8601 date-time such as 2026-11-25T07:00:00+09:00",
                    s.demo_start);
      return 2;
    }
    opt.demo_start = *t;
  }
  opt.web_root = s.web_root;
  opt.history_days = s.history_days;
  opt.record_history = !s.no_history;
  opt.max_body_bytes = s.max_body_mb << 20;
  opt.max_batch = s.max_batch;
  opt.max_limit = s.max_limit;
  opt.public_url = s.public_url;
  opt.tls_cert_file = s.tls_cert;
  opt.tls_key_file = s.tls_key;
  opt.mqtt_url = s.mqtt_url;
  opt.gtfs = s.gtfs;
  opt.gtfs_realtime = s.gtfs_rt;
  opt.gtfs_realtime_interval = std::chrono::seconds(s.gtfs_rt_interval);
  opt.gtfs_realtime_utc_offset = s.gtfs_rt_utc_offset;
  opt.drt_fleet = s.drt_fleet;
  opt.ridership_kpis = s.ridership_kpis;
  opt.ridership_utc_offset = s.ridership_utc_offset;
  opt.points_programme = s.points_programme;
  opt.points_preset = s.points_preset;
  opt.flood_watch = s.flood_watch;
  opt.watch_over = s.watch_over;
  opt.auth_config = s.auth_config;
  opt.insecure = s.insecure;
  for (auto const& c : s.contexts) {
    auto const eq = c.rfind('=');
    if (eq == std::string::npos) {
      spdlog::error("invalid --context '{}': expected URL=FILE", c);
      return 2;
    }
    opt.contexts.emplace_back(c.substr(0, eq), c.substr(eq + 1));
  }
  // Block the stop signals in every thread; the main thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto const t0 = std::chrono::steady_clock::now();
  instance city;
  if (auto r = city.start(opt); !r) {
    spdlog::error("cannot start: {}", r.err().detail);
    return 1;
  }
  auto const ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0);
  spdlog::info("listening on {}:{} (data {}, started in {:.1f} ms)", opt.host, city.port(),
               opt.data_dir.string(), ms.count());
  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::info("signal {} received: finishing in-flight requests", sig);
  city.stop();
  spdlog::info("stopped; store flushed");
  return 0;
}

}  // namespace cityos::app
