// SPDX-License-Identifier: Apache-2.0
// One running CityOS: store, @context resolver, broker, routes, metrics and
// the HTTP server, wired together. `cityos serve` runs one; API tests start
// one on an ephemeral port. Not thread-safe: start/stop from one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/time.h"

namespace cityos::app {

struct instance_options {
  std::string host = "127.0.0.1";
  unsigned short port = 1026;           // 0: ephemeral
  std::filesystem::path data_dir;       // empty: memory only (tests)
  unsigned threads = 2;
  bool fsync = false;                   // fdatasync each group commit
  std::size_t max_body_bytes = std::size_t{64} << 20;
  std::size_t max_batch = 10'000;
  std::size_t max_limit = 1000;
  std::string public_url;               // default http://host:port (https:// with TLS)
  std::string tls_cert_file;            // PEM chain; with tls_key_file: serve HTTPS only
  std::string tls_key_file;             // PEM private key
  // @context documents to preload: (URL, file path).
  std::vector<std::pair<std::string, std::filesystem::path>> contexts;
  // The demo city (docs/demo.md): its entities when the store is empty, the
  // Muroran feed, fleet and points preset unless given, and the simulator.
  bool demo = false;
  double demo_speed = 1;                // simulated seconds per real second
  std::uint64_t demo_seed = 1;          // the simulator's random seed
  epoch_ms demo_start = 0;              // the simulator's first sim time; 0: now
  // The dashboard's built files served at "/"; empty: web/dist of the working
  // directory or of the source tree the binary was built in, if there.
  std::filesystem::path web_root;
  unsigned history_days = 0;            // keep attribute history this long; 0: forever
  bool record_history = true;           // record every entity write in the history
  std::string mqtt_url;                 // mqtt://host:port: IoT measurements broker; empty: none
  std::filesystem::path gtfs;           // GTFS feed (folder or .zip) for /api/v1/plan; empty: none (503)
  std::string gtfs_realtime;            // GTFS-Realtime TripUpdates (file or URL) applied to it; empty: none
  std::chrono::seconds gtfs_realtime_interval{30};
  std::int32_t gtfs_realtime_utc_offset = 9 * 3600;  // feed local time minus UTC (Japan)
  std::filesystem::path drt_fleet;      // on-demand fleet file for /api/v1/drt; empty: none (503)
  bool ridership_kpis = false;          // ridership KPI entities (always with demo)
  std::int32_t ridership_utc_offset = 9 * 3600;  // their local days: local time minus UTC, seconds
  // Health points (issue 7) for /api/v1/points: a programme file (JSON or
  // YAML) or a preset name; both empty: none (503).
  std::filesystem::path points_programme;
  std::string points_preset;
  // Safety services (issue 8): flood-watch and watch-over configuration files
  // (docs/flood-watch.md); empty: none (their routes answer 503).
  std::filesystem::path flood_watch;
  std::filesystem::path watch_over;
  // Access control (issue 6): on when the key file of data_dir has keys or the
  // auth config names an OpenID Connect issuer. Off, only loopback addresses
  // are served unless `insecure`.
  std::filesystem::path auth_config;    // auth_config.h; empty: defaults
  bool insecure = false;
};

class instance {
 public:
  instance();
  ~instance();
  instance(instance const&) = delete;
  instance& operator=(instance const&) = delete;

  // Opens the store and starts serving. Errors: internal (store), unavailable
  // (address in use), bad_request (a preloaded context file is unreadable, the
  // GTFS feed is not usable, a TLS file is missing, unreadable or mismatching),
  // not_found (no GTFS feed at opt.gtfs).
  result<void> start(instance_options opt);
  // The port being served.
  unsigned short port() const;
  // Stops accepting, finishes in-flight requests, flushes the store.
  void stop();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cityos::app
