// SPDX-License-Identifier: Apache-2.0
#include "app/gtfs_import.h"

#include <chrono>
#include <filesystem>
#include <string>

#include "app/batch_upsert.h"
#include "mobility/gtfs/feed_loader.h"
#include "mobility/gtfs/publish.h"

namespace cityos::app {

namespace gtfs = mobility::gtfs;

std::string default_prefix(std::string const& path) {
  auto p = std::filesystem::path(path).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  return p.stem().string();
}

int run_gtfs_import(gtfs_settings const& s, std::ostream& out, std::ostream& progress) {
  auto const started = std::chrono::steady_clock::now();
  auto ep = parse_broker_url(s.broker);
  if (!ep) {
    out << ep.err().detail << "\n";
    return 1;
  }
  auto loaded = load_usable_feed(s, out, progress);
  if (!loaded) return 1;
  if (loaded->report.errors() > 0)
    out << loaded->report.errors() << " rows with errors skipped (see `cityos gtfs check`)\n";

  gtfs::publish_options po;
  po.prefix = s.prefix.empty() ? default_prefix(s.path) : s.prefix;
  auto const published = gtfs::publish_feed(loaded->data, po);
  auto const total = published.entities.size();

  upsert_totals t;
  auto const progress_line = [&](std::size_t sent, std::size_t all) {
    if (!s.quiet) progress << "  upserted " << sent << "/" << all << " entities\n";
  };
  if (auto sent = upsert_entities(*ep, {s.tenant, s.context, s.batch_size}, published.entities, t, out, progress_line);
      !sent) {
    out << "import failed after " << t.sent << " of " << total << " entities: " << sent.err().detail << "\n";
    return 1;
  }
  auto const ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  out << "imported " << s.path << " into " << s.broker << (s.tenant.empty() ? "" : " (tenant " + s.tenant + ")")
      << " as urn:ngsi-ld:<type>:" << po.prefix << ":<id>\n"
      << "  " << published.agencies << " GtfsAgency, " << published.stations << " GtfsStation, "
      << published.stops << " GtfsStop, " << published.routes << " GtfsRoute\n"
      << "  " << t.created << " created, " << t.updated << " updated, " << t.failed << " rejected in "
      << ms.count() << " ms\n";
  return t.failed == 0 ? 0 : 1;
}

}  // namespace cityos::app
