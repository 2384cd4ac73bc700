// SPDX-License-Identifier: Apache-2.0
// `cityos gtfs check DIR|ZIP`: loads a GTFS / GTFS-JP feed and prints its
// validation report (rows per file, errors and warnings by kind).
// `cityos gtfs import DIR|ZIP --broker URL`: see app/gtfs_import.h.
// `cityos gtfs realtime DIR|ZIP --updates FILE|URL`: see app/gtfs_realtime_command.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

#include "mobility/gtfs/feed_loader.h"

namespace cityos::app {

struct gtfs_settings {
  std::string path;               // feed folder or .zip
  std::size_t max_per_kind = 10;  // issues listed per kind (totals always shown)
  bool quiet = false;             // no progress lines
  std::string command;            // the subcommand given: "check", "import" or "realtime"
  // import and realtime
  std::string broker = "http://127.0.0.1:1026";
  std::string tenant;             // NGSILD-Tenant; empty: default tenant
  std::string prefix;             // entity id prefix; empty: the feed's folder or zip name
  std::string context;            // @context URL sent as Link header; empty: core context
  std::size_t batch_size = 1000;  // entities per upsert (1..1000)
  // realtime only (app/gtfs_realtime_command.h)
  std::string updates;            // GTFS-Realtime file or http(s) URL
  std::string date;               // YYYYMMDD service day of updates without start_date
  std::int32_t utc_offset = 0;    // seconds, feed local time minus UTC
  bool publish = false;           // --broker given: upsert Vehicle entities
};

// Adds `gtfs` with its `check` and `import` subcommands, options bound to `s`.
void add_gtfs_command(CLI::App& cli, gtfs_settings& s);
// Runs the subcommand named by s.command; returns its exit code.
int run_gtfs(gtfs_settings const& s, std::ostream& out, std::ostream& progress);
// Loads the feed at s.path, rows per file to `progress` unless s.quiet. When
// it cannot be opened or is not usable, says so on `out` and returns nullopt.
std::optional<mobility::gtfs::load_result> load_usable_feed(gtfs_settings const& s, std::ostream& out,
                                                             std::ostream& progress);

// Runs the check, report to `out`, progress to `progress`; returns 0 if the
// feed is usable, 1 if not or if it cannot be opened.
int run_gtfs_check(gtfs_settings const& s, std::ostream& out, std::ostream& progress);

}  // namespace cityos::app
