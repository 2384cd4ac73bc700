// SPDX-License-Identifier: Apache-2.0
#include "mobility/gtfs/check_report.h"

#include <map>

namespace cityos::mobility::gtfs {

namespace {

void write_issues(load_result const& r, severity level, std::size_t max_per_kind, std::ostream& out) {
  std::map<std::string, std::size_t> shown;
  for (auto const& [key, total] : r.report.totals()) {
    if (key.first != level) continue;
    out << "  " << key.second << ": " << total << "\n";
    for (auto const& i : r.report.kept()) {
      if (i.level != level || i.kind != key.second || shown[i.kind] >= max_per_kind) continue;
      ++shown[i.kind];
      out << "    " << i.to_string() << "\n";
    }
    if (total > shown[key.second]) out << "    ... " << total - shown[key.second] << " more\n";
  }
}

}  // namespace

void write_check_report(load_result const& r, std::size_t max_per_kind, std::ostream& out) {
  out << "files (rows read, rows skipped):\n";
  for (auto const& [file, s] : r.files)
    out << "  " << file << ": " << s.rows << (s.skipped ? ", skipped " + std::to_string(s.skipped) : "") << "\n";
  auto const& f = r.data;
  out << "loaded: " << f.agencies.size() << " agencies, " << f.stops.size() << " stops, " << f.routes.size()
      << " routes, " << f.trips.size() << " trips, " << f.stop_times.size() << " stop_times, "
      << f.fare_attributes.size() << " fares, " << f.fare_rules.size() << " fare rules, "
      << f.translations.size() << " translations\n";
  out << "errors: " << r.report.errors() << "\n";
  write_issues(r, severity::error, max_per_kind, out);
  out << "warnings: " << r.report.warnings() << "\n";
  write_issues(r, severity::warning, max_per_kind, out);
  out << (r.usable() ? "feed is usable\n" : "feed is NOT usable\n");
}

}  // namespace cityos::mobility::gtfs
