// SPDX-License-Identifier: Apache-2.0
#include "app/gtfs_command.h"

#include "mobility/gtfs/check_report.h"
#include "mobility/gtfs/feed_loader.h"

namespace cityos::app {

void add_gtfs_command(CLI::App& cli, gtfs_settings& s) {
  auto* gtfs = cli.add_subcommand("gtfs", "GTFS / GTFS-JP timetable feeds");
  gtfs->require_subcommand(1);
  auto* check = gtfs->add_subcommand("check", "Load a feed and print its validation report");
  check->add_option("feed", s.path, "Feed folder or .zip")->required();
  check->add_option("--max-per-kind", s.max_per_kind, "Issues listed per kind")->capture_default_str();
  check->add_flag("--quiet", s.quiet, "Do not print progress");
}

int run_gtfs_check(gtfs_settings const& s, std::ostream& out, std::ostream& progress) {
  mobility::gtfs::load_options options;
  options.keep_issues_per_kind = s.max_per_kind;
  if (!s.quiet)
    options.progress = [&progress](std::string_view file, std::size_t rows) {
      progress << "  " << file << ": " << rows << " rows\n";
    };
  auto loaded = mobility::gtfs::load_feed(s.path, options);
  if (!loaded) {
    out << "cannot open feed: " << loaded.err().detail << "\n";
    return 1;
  }
  mobility::gtfs::write_check_report(*loaded, s.max_per_kind, out);
  return loaded->usable() ? 0 : 1;
}

}  // namespace cityos::app
