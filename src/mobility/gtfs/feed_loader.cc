// SPDX-License-Identifier: Apache-2.0
#include "mobility/gtfs/feed_loader.h"

#include "mobility/gtfs/detail/loaders.h"
#include "mobility/gtfs/feed_source.h"

namespace cityos::mobility::gtfs {

namespace {

using loader = void (*)(detail::table_reader&, feed&);

struct context {
  feed_source& source;
  load_result& out;
  load_options const& options;

  // Reads `file` with `load`; returns whether the file was present.
  bool run(std::string const& file, bool required, void (*load)(detail::table_reader&, feed&, bool),
           bool arg) {
    auto data = source.read(file);
    if (!data) {
      out.report.add_fatal(issue{severity::error, "unreadable_file", file, 0, {}, data.err().detail});
      return false;
    }
    if (!data->has_value()) {
      if (required) out.report.add_fatal(issue{severity::error, "missing_file", file, 0, {}, "required file is missing"});
      return false;
    }
    detail::table_reader t(file, **data, out.report, out.files[file], options);
    load(t, out.data, arg);
    return true;
  }
};

template <loader L>
void adapt(detail::table_reader& t, feed& f, bool) { L(t, f); }

}  // namespace

bool load_result::usable() const {
  return !report.fatal() && !data.stops.empty() && !data.routes.empty() && !data.trips.empty() &&
         !data.stop_times.empty();
}

result<load_result> load_feed(std::filesystem::path const& path, load_options const& options) {
  auto source = open_feed_source(path);
  if (!source) return std::move(source).err();
  load_result out{feed{}, diagnostics(options.keep_issues_per_kind), {}};
  context c{**source, out, options};
  c.run("agency.txt", true, adapt<detail::load_agency>, false);
  c.run("stops.txt", true, adapt<detail::load_stops>, false);
  c.run("routes.txt", true, adapt<detail::load_routes>, false);
  bool const have_calendar = c.run("calendar.txt", false, adapt<detail::load_calendar>, false);
  bool const have_dates = c.run("calendar_dates.txt", false, adapt<detail::load_calendar_dates>, false);
  if (!have_calendar && !have_dates)
    out.report.add_fatal(issue{severity::error, "missing_file", "calendar.txt", 0, {},
                               "calendar.txt or calendar_dates.txt is required; neither is present"});
  bool const have_shapes = c.run("shapes.txt", false, adapt<detail::load_shapes>, false);
  c.run("trips.txt", true, detail::load_trips, have_shapes);
  c.run("stop_times.txt", true, adapt<detail::load_stop_times>, false);
  c.run("frequencies.txt", false, adapt<detail::load_frequencies>, false);
  c.run("transfers.txt", false, adapt<detail::load_transfers>, false);
  c.run("fare_attributes.txt", false, adapt<detail::load_fare_attributes>, false);
  c.run("fare_rules.txt", false, adapt<detail::load_fare_rules>, false);
  c.run("translations.txt", false, adapt<detail::load_translations>, false);
  c.run("feed_info.txt", false, adapt<detail::load_feed_info>, false);
  c.run("agency_jp.txt", false, adapt<detail::load_agency_jp>, false);
  c.run("routes_jp.txt", false, adapt<detail::load_routes_jp>, false);
  c.run("office_jp.txt", false, adapt<detail::load_office_jp>, false);
  for (auto& cal : out.data.calendars) {
    if (cal.end_date >= 0 && cal.end_date < options.extend_calendars_to) cal.end_date = options.extend_calendars_to;
  }
  return out;
}

}  // namespace cityos::mobility::gtfs
