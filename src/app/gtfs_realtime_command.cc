// SPDX-License-Identifier: Apache-2.0
#include "app/gtfs_realtime_command.h"

#include <chrono>
#include <string>

#include "app/batch_upsert.h"
#include "app/gtfs_import.h"
#include "common/time.h"
#include "mobility/gtfs/feed_loader.h"
#include "mobility/gtfs/time_parse.h"
#include "mobility/planner/timetable.h"
#include "mobility/realtime/feed_reader.h"
#include "mobility/realtime/overlay.h"
#include "mobility/realtime/parse.h"
#include "mobility/realtime/vehicles.h"

namespace cityos::app {

namespace {

namespace rt = mobility::realtime;
constexpr std::int64_t day_s = 86'400;

std::string format_day(std::int32_t date) { return format_iso8601(std::int64_t{date} * day_s * 1000).substr(0, 10); }

// --date, else the feed's local day at its timestamp, else today's (local = UTC + offset).
result<std::int32_t> service_day(gtfs_settings const& s, rt::realtime_feed const& f) {
  if (!s.date.empty()) {
    auto d = mobility::gtfs::parse_date(s.date);
    if (!d) return make_error(error_code::bad_request, "--date must be YYYYMMDD, not '" + s.date + "'");
    return *d;
  }
  std::int64_t const now = f.timestamp ? static_cast<std::int64_t>(*f.timestamp) : now_ms() / 1000;
  return static_cast<std::int32_t>((now + s.utc_offset) / day_s);
}

void list_ids(std::ostream& out, char const* what, std::vector<std::string> const& ids) {
  if (ids.empty()) return;
  out << "  " << what << " (" << ids.size() << "):";
  for (std::size_t i = 0; i < ids.size() && i < 10; ++i) out << " " << (ids[i].empty() ? "\"\"" : ids[i]);
  out << (ids.size() > 10 ? " ...\n" : "\n");
}

int publish(gtfs_settings const& s, mobility::gtfs::feed const& f, rt::realtime_feed const& feed, std::ostream& out,
            std::ostream& progress) {
  auto ep = parse_broker_url(s.broker);
  if (!ep) {
    out << ep.err().detail << "\n";
    return 1;
  }
  auto const entities = rt::vehicle_entities(f, feed, {s.prefix.empty() ? default_prefix(s.path) : s.prefix});
  upsert_totals t;
  auto const progress_line = [&](std::size_t sent, std::size_t all) {
    if (!s.quiet) progress << "  upserted " << sent << "/" << all << " Vehicle entities\n";
  };
  if (auto sent = upsert_entities(*ep, {s.tenant, s.context, s.batch_size}, entities, t, out, progress_line); !sent) {
    out << "publishing failed after " << t.sent << " of " << entities.size() << " Vehicle entities: "
        << sent.err().detail << "\n";
    return 1;
  }
  out << "  " << entities.size() << " Vehicle entities into " << s.broker
      << (s.tenant.empty() ? "" : " (tenant " + s.tenant + ")") << ": " << t.created << " created, " << t.updated
      << " updated, " << t.failed << " rejected\n";
  return t.failed == 0 ? 0 : 1;
}

}  // namespace

void add_gtfs_realtime_command(CLI::App& gtfs, gtfs_settings& s) {
  auto* c = gtfs.add_subcommand(
      "realtime", "Apply a GTFS-Realtime message to a feed's timetable; publish its vehicle positions");
  c->add_option("feed", s.path, "Static feed folder or .zip")->required();
  c->add_option("--updates", s.updates, "GTFS-Realtime file or http(s) URL (TripUpdates, VehiclePositions)")
      ->required();
  c->add_option("--date", s.date, "Service day YYYYMMDD of updates without start_date (default: the feed's day)");
  c->add_option("--utc-offset", s.utc_offset, "Seconds from UTC to the feed's local time (for absolute times)")
      ->capture_default_str();
  auto* broker = c->add_option("--broker", s.broker, "Broker base URL: upsert the vehicles as Vehicle entities");
  c->add_option("--tenant", s.tenant, "NGSILD-Tenant to write into");
  c->add_option("--prefix", s.prefix, "Entity id prefix (default: the feed's folder or zip name)");
  c->add_option("--context", s.context, "@context URL sent in a Link header (default: core context)");
  c->add_flag("--quiet", s.quiet, "Do not print progress");
  c->callback([&s, broker] {
    s.command = "realtime";
    s.publish = broker->count() > 0;
  });
}

int run_gtfs_realtime(gtfs_settings const& s, std::ostream& out, std::ostream& progress) {
  gtfs_settings quiet = s;
  quiet.quiet = true;
  auto loaded = load_usable_feed(quiet, out, progress);
  if (!loaded) return 1;
  auto bytes = rt::read_feed_bytes(s.updates, std::chrono::seconds(30));
  if (!bytes) {
    out << "cannot read " << s.updates << ": " << bytes.err().detail << "\n";
    return 1;
  }
  auto feed = rt::parse_feed(*bytes);
  if (!feed) {
    out << s.updates << ": " << feed.err().detail << "\n";
    return 1;
  }
  auto date = service_day(s, *feed);
  if (!date) {
    out << date.err().detail << "\n";
    return 1;
  }
  if (!s.quiet) progress << "  building the timetable of " << s.path << "\n";
  mobility::planner::timetable base(loaded->data);
  auto const started = std::chrono::steady_clock::now();
  auto overlay = rt::apply_trip_updates(base, *feed, {*date, s.utc_offset});
  auto const us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();

  auto const& r = overlay.report;
  out << s.updates << ": GTFS-Realtime " << feed->version << (feed->differential ? " (differential)" : "")
      << (feed->timestamp ? ", made " + format_iso8601(static_cast<epoch_ms>(*feed->timestamp) * 1000) : "") << ", "
      << feed->trip_updates.size() << " trip updates, " << feed->vehicles.size() << " vehicle positions\n"
      << "  trips updated " << r.updated << ", canceled " << r.canceled << ", skipped stops " << r.skipped_stops
      << ", unmatched stop updates " << r.unmatched_stops << ", ignored " << r.ignored << "\n";
  list_ids(out, "unmatched trip ids", r.unmatched_trips);
  list_ids(out, ("not running on " + format_day(*date)).c_str(), r.not_running);
  out << "  timetable: " << base.patterns().size() << " patterns + "
      << overlay.timetable.patterns().size() - base.patterns().size() << " real-time, built in " << us / 1000.0
      << " ms\n";
  return s.publish ? publish(s, loaded->data, *feed, out, progress) : 0;
}

}  // namespace cityos::app
