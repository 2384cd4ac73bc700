// SPDX-License-Identifier: Apache-2.0
// `cityos gtfs check DIR|ZIP`: loads a GTFS / GTFS-JP feed and prints its
// validation report (rows per file, errors and warnings by kind).
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

namespace cityos::app {

struct gtfs_settings {
  std::string path;               // feed folder or .zip
  std::size_t max_per_kind = 10;  // issues listed per kind (totals always shown)
  bool quiet = false;             // no progress lines
};

// Adds `gtfs` with its `check` subcommand, options bound to `s`.
void add_gtfs_command(CLI::App& cli, gtfs_settings& s);
// Runs the check, report to `out`, progress to `progress`; returns 0 if the
// feed is usable, 1 if not or if it cannot be opened.
int run_gtfs_check(gtfs_settings const& s, std::ostream& out, std::ostream& progress);

}  // namespace cityos::app
