// SPDX-License-Identifier: Apache-2.0
// calendar, calendar_dates, frequencies, transfers.
#include "mobility/gtfs/detail/loaders.h"

namespace cityos::mobility::gtfs::detail {

void load_calendar(table_reader& t, feed& f) {
  static constexpr std::string_view kDays[] = {"monday", "tuesday", "wednesday", "thursday",
                                               "friday", "saturday", "sunday"};
  if (!t.require_columns({"service_id", "monday", "tuesday", "wednesday", "thursday", "friday",
                          "saturday", "sunday", "start_date", "end_date"}))
    return;
  int const id = t.column("service_id"), start = t.column("start_date"), end = t.column("end_date");
  while (t.next()) {
    calendar c;
    auto const sid = t.required(id);
    for (int d = 0; d < 7; ++d)
      if (t.integer(t.column(kDays[d]), 0, 0, 1, true) == 1) c.weekdays |= static_cast<std::uint8_t>(1u << d);
    c.start_date = t.date(start, true);
    c.end_date = t.date(end, true);
    if (t.row_ok() && c.end_date < c.start_date) t.error(end, "date_order", "end_date is before start_date");
    if (!t.row_ok()) continue;
    if (f.service_ids.find(sid)) {
      t.error(id, "duplicate_id", "service_id '" + std::string(sid) + "' is already defined");
      continue;
    }
    c.service = f.service_ids.intern(sid);
    f.calendars.push_back(c);
  }
}

void load_calendar_dates(table_reader& t, feed& f) {
  if (!t.require_columns({"service_id", "date", "exception_type"})) return;
  int const id = t.column("service_id"), date = t.column("date"), type = t.column("exception_type");
  while (t.next()) {
    calendar_date c;
    auto const sid = t.required(id);
    c.date = t.date(date, true);
    c.exception_type = static_cast<std::uint8_t>(t.integer(type, 1, 1, 2, true));
    if (!t.row_ok()) continue;
    c.service = f.service_ids.intern(sid);  // may define a service of its own
    f.calendar_dates.push_back(c);
  }
}

void load_frequencies(table_reader& t, feed& f) {
  if (!t.require_columns({"trip_id", "start_time", "end_time", "headway_secs"})) return;
  int const trip = t.column("trip_id"), start = t.column("start_time"), end = t.column("end_time"),
            head = t.column("headway_secs"), exact = t.column("exact_times");
  while (t.next()) {
    frequency q;
    t.required(trip);
    q.trip = reference(t, trip, f.trip_ids, "trip");
    q.start = t.time(start, true);
    q.end = t.time(end, true);
    q.headway_secs = static_cast<std::int32_t>(t.integer(head, 0, 1, 86400 * 7, true));
    q.exact_times = t.integer(exact, 0, 0, 1) == 1;
    if (t.row_ok() && q.end < q.start) t.error(end, "time_order", "end_time is before start_time");
    if (!t.row_ok()) continue;
    f.frequencies.push_back(q);
  }
}

void load_transfers(table_reader& t, feed& f) {
  if (!t.require_columns({"transfer_type"})) return;
  int const from = t.column("from_stop_id"), to = t.column("to_stop_id"), type = t.column("transfer_type"),
            min = t.column("min_transfer_time"), fr = t.column("from_route_id"), tr = t.column("to_route_id"),
            ft = t.column("from_trip_id"), tt = t.column("to_trip_id");
  while (t.next()) {
    transfer x;
    x.from_stop = reference(t, from, f.stop_ids, "stop");
    x.to_stop = reference(t, to, f.stop_ids, "stop");
    x.from_route = reference(t, fr, f.route_ids, "route");
    x.to_route = reference(t, tr, f.route_ids, "route");
    x.from_trip = reference(t, ft, f.trip_ids, "trip");
    x.to_trip = reference(t, tt, f.trip_ids, "trip");
    x.type = static_cast<std::uint8_t>(t.integer(type, 0, 0, 5, true));
    x.min_transfer_time = static_cast<std::int32_t>(t.integer(min, -1, 0, INT32_MAX));
    if (x.type == 2 && x.min_transfer_time < 0 && t.row_ok())
      t.error(min, "missing_value", "min_transfer_time is required when transfer_type is 2");
    if (!t.row_ok()) continue;
    f.transfers.push_back(x);
  }
}

}  // namespace cityos::mobility::gtfs::detail
