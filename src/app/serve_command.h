// SPDX-License-Identifier: Apache-2.0
// `cityos serve`: its options and the run loop (start, wait for SIGTERM or
// SIGINT, stop gracefully).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace cityos::app {

struct serve_settings {
  std::string listen = "127.0.0.1:1026";
  std::string data_dir = "cityos-data";
  std::string log_level = "info";
  unsigned threads = 2;
  bool fsync = false;
  bool demo = false;
  double demo_speed = 1;
  std::uint64_t seed = 1;
  std::string demo_start;  // ISO 8601 date-time; empty: now
  std::string web_root;  // the dashboard's built files (web/dist); empty: found next to the sources
  unsigned history_days = 0;  // 0: keep all history
  bool no_history = false;    // do not record entity writes in the history
  std::size_t max_body_mb = 64;
  std::size_t max_batch = 10'000;
  std::size_t max_limit = 1000;
  std::string public_url;
  std::string tls_cert;  // PEM certificate chain; with tls_key: HTTPS only
  std::string tls_key;   // PEM private key
  std::vector<std::string> contexts;  // URL=FILE
  std::string mqtt_url;  // IoT measurements broker, mqtt://host:port; empty: none
  std::string gtfs;      // GTFS feed for the journey planner API; empty: none
  std::string gtfs_rt;   // GTFS-Realtime TripUpdates source applied to it; empty: none
  unsigned gtfs_rt_interval = 30;           // seconds between fetches
  std::int32_t gtfs_rt_utc_offset = 32400;  // seconds, feed local time minus UTC
  std::string drt_fleet;  // on-demand fleet file (JSON) for /api/v1/drt; empty: none
  bool ridership_kpis = false;                // ridership KPI entities without --demo
  std::int32_t ridership_utc_offset = 32400;  // seconds, local time of their days minus UTC
  std::string points_programme;  // health-points programme file (JSON/YAML); empty: none
  std::string points_preset;     // or a built-in programme (sapporo_2026, ...)
  std::string flood_watch;  // flood-watch configuration (JSON) for /api/v1/safety/rivers; empty: none
  std::string watch_over;   // watch-over configuration (JSON) for /api/v1/safety/watch; empty: none
  std::string auth_config;  // access-control configuration file; empty: defaults
  bool insecure = false;    // serve a non-loopback address without access control
};

// Adds the `serve` subcommand with every option bound to `s`.
void add_serve_command(CLI::App& cli, serve_settings& s);
// Runs the server until SIGTERM/SIGINT; returns the process exit code.
int run_serve(serve_settings const& s);

}  // namespace cityos::app
