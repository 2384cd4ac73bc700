// SPDX-License-Identifier: Apache-2.0
// stop_times: compact rows, then sorted by (trip, stop_sequence) with each
// trip's slice recorded; duplicate sequences and untimed trip ends reported.
#include <algorithm>

#include "mobility/gtfs/detail/loaders.h"

namespace cityos::mobility::gtfs::detail {

namespace {

void index_trips(table_reader& t, feed& f) {
  std::stable_sort(f.stop_times.begin(), f.stop_times.end(), [](stop_time const& a, stop_time const& b) {
    return a.trip != b.trip ? a.trip < b.trip : a.sequence < b.sequence;
  });
  for (std::size_t i = 0; i < f.stop_times.size();) {
    std::size_t j = i;
    while (j < f.stop_times.size() && f.stop_times[j].trip == f.stop_times[i].trip) ++j;
    auto& tr = f.trips[f.stop_times[i].trip];
    tr.first_stop_time = static_cast<std::uint32_t>(i);
    tr.stop_time_count = static_cast<std::uint32_t>(j - i);
    auto const& name = f.trip_ids.name(f.stop_times[i].trip);
    for (std::size_t k = i + 1; k < j; ++k)
      if (f.stop_times[k].sequence == f.stop_times[k - 1].sequence)
        t.report_at(severity::warning, 0, "stop_sequence", "duplicate_sequence",
                    "trip '" + name + "' has stop_sequence " + std::to_string(f.stop_times[k].sequence) + " twice");
    if (f.stop_times[i].departure < 0 || f.stop_times[j - 1].arrival < 0)
      t.report_at(severity::warning, 0, "arrival_time", "untimed_trip_end",
                  "trip '" + name + "' has no time at its first or last stop");
    i = j;
  }
  for (std::size_t i = 0; i < f.trips.size(); ++i)
    if (f.trips[i].stop_time_count == 0)
      t.report_at(severity::warning, 0, "trip_id", "trip_without_stops",
                  "trip '" + f.trip_ids.name(static_cast<index_t>(i)) + "' has no stop_times");
}

}  // namespace

void load_stop_times(table_reader& t, feed& f) {
  if (!t.require_columns({"trip_id", "stop_id", "stop_sequence"})) return;
  int const trip = t.column("trip_id"), arr = t.column("arrival_time"), dep = t.column("departure_time"),
            stop = t.column("stop_id"), seq = t.column("stop_sequence"), head = t.column("stop_headsign"),
            pick = t.column("pickup_type"), drop = t.column("drop_off_type"), tp = t.column("timepoint");
  while (t.next()) {
    stop_time s;
    t.required(trip);
    t.required(stop);
    s.trip = reference(t, trip, f.trip_ids, "trip");
    s.stop = reference(t, stop, f.stop_ids, "stop");
    s.arrival = t.time(arr, false);
    s.departure = t.time(dep, false);
    s.sequence = static_cast<std::uint32_t>(t.integer(seq, 0, 0, UINT32_MAX, true));
    s.pickup_type = static_cast<std::uint8_t>(t.integer(pick, 0, 0, 3));
    s.drop_off_type = static_cast<std::uint8_t>(t.integer(drop, 0, 0, 3));
    s.timepoint = static_cast<std::uint8_t>(t.integer(tp, 1, 0, 1));
    if (s.arrival < 0) s.arrival = s.departure;
    if (s.departure < 0) s.departure = s.arrival;
    if (s.arrival >= 0 && s.departure < s.arrival)
      t.error(dep, "time_order", "departure_time is before arrival_time");
    if (!t.row_ok()) continue;
    if (!t.text(head).empty()) s.headsign = f.texts.intern(t.text(head));
    f.stop_times.push_back(s);
  }
  index_trips(t, f);
}

}  // namespace cityos::mobility::gtfs::detail
