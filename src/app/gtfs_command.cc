// SPDX-License-Identifier: Apache-2.0
#include "app/gtfs_command.h"

#include "app/gtfs_import.h"
#include "app/gtfs_realtime_command.h"
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
  check->callback([&s] { s.command = "check"; });

  auto* import = gtfs->add_subcommand(
      "import", "Publish the feed's agencies, stations, stops and routes into an NGSI-LD broker");
  import->add_option("feed", s.path, "Feed folder or .zip")->required();
  import->add_option("--broker", s.broker, "Broker base URL")->capture_default_str();
  import->add_option("--tenant", s.tenant, "NGSILD-Tenant to write into");
  import->add_option("--prefix", s.prefix, "Entity id prefix (default: the feed's folder or zip name)");
  import->add_option("--context", s.context, "@context URL sent in a Link header (default: core context)");
  import->add_option("--batch", s.batch_size, "Entities per batch upsert")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  import->add_flag("--quiet", s.quiet, "Do not print progress");
  import->callback([&s] { s.command = "import"; });
  add_gtfs_realtime_command(*gtfs, s);
}

int run_gtfs(gtfs_settings const& s, std::ostream& out, std::ostream& progress) {
  if (s.command == "import") return run_gtfs_import(s, out, progress);
  if (s.command == "realtime") return run_gtfs_realtime(s, out, progress);
  return run_gtfs_check(s, out, progress);
}

namespace {

// Loading options with rows-per-file progress to `progress` unless s.quiet.
mobility::gtfs::load_options load_options_for(gtfs_settings const& s, std::ostream& progress) {
  mobility::gtfs::load_options options;
  if (!s.quiet)
    options.progress = [&progress](std::string_view file, std::size_t rows) {
      progress << "  " << file << ": " << rows << " rows\n";
    };
  return options;
}

}  // namespace

std::optional<mobility::gtfs::load_result> load_usable_feed(gtfs_settings const& s, std::ostream& out,
                                                             std::ostream& progress) {
  auto loaded = mobility::gtfs::load_feed(s.path, load_options_for(s, progress));
  if (!loaded) {
    out << "cannot open feed: " << loaded.err().detail << "\n";
    return std::nullopt;
  }
  if (!loaded->usable()) {
    out << "feed is NOT usable (run `cityos gtfs check " << s.path << "`)\n";
    return std::nullopt;
  }
  return std::move(*loaded);
}

int run_gtfs_check(gtfs_settings const& s, std::ostream& out, std::ostream& progress) {
  auto options = load_options_for(s, progress);
  options.keep_issues_per_kind = s.max_per_kind;
  auto loaded = mobility::gtfs::load_feed(s.path, options);
  if (!loaded) {
    out << "cannot open feed: " << loaded.err().detail << "\n";
    return 1;
  }
  mobility::gtfs::write_check_report(*loaded, s.max_per_kind, out);
  return loaded->usable() ? 0 : 1;
}

}  // namespace cityos::app
