// SPDX-License-Identifier: Apache-2.0
// Trip updates applied to the planner's timetable. The result is a new,
// immutable timetable (the base is not touched): on each updated trip's
// service day its scheduled run no longer runs and a replacement run valid on
// that day only carries the real-time times; canceled trips just stop running
// that day. The search (planner::plan) needs no change.
//
// Rules (GTFS-Realtime reference, "TripUpdate"):
// - Updates are matched to the trip's stop_times by stop_sequence, else by
//   stop_id (the next occurrence), in order; unmatched ones are counted.
// - A stop without an update inherits the delay of the previous updated stop
//   (stops before the first update keep the trip-level delay, else schedule).
// - A missing departure takes the arrival's delay; an absolute time becomes a
//   delay against the schedule through overlay_options::utc_offset.
// - SKIPPED stops can be neither boarded nor alighted; NO_DATA resets the delay
//   to 0 (scheduled) from that stop on.
// - Times are made non-decreasing along the trip (arrival >= previous
//   departure, departure >= arrival).
// - CANCELED and DELETED trips do not run that day. ADDED, UNSCHEDULED,
//   DUPLICATED and REPLACEMENT trips are not supported (counted as ignored).
// - The service day is the descriptor's start_date, else options.default_date.
//   Frequency-based trips need start_time to pick the run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "mobility/planner/timetable.h"
#include "mobility/realtime/realtime_feed.h"

namespace cityos::mobility::realtime {

struct overlay_options {
  std::int32_t default_date = 0;  // service day (days since 1970-01-01) of updates without start_date
  std::int32_t utc_offset = 0;    // seconds, feed local time minus UTC (for absolute event times)
};

struct overlay_report {
  std::size_t updated = 0;         // trips with replaced times
  std::size_t canceled = 0;        // trips taken off their day
  std::size_t skipped_stops = 0;   // SKIPPED stop updates applied
  std::size_t unmatched_stops = 0; // stop updates matching no stop of their trip
  std::size_t ignored = 0;         // unsupported relationships, bad dates, frequency trips without start_time
  std::vector<std::string> unmatched_trips;  // trip ids not in the static feed
  std::vector<std::string> not_running;      // trip ids whose service does not run on the day given
};

struct overlay {
  planner::timetable timetable;  // shares the base's feed, which must outlive it
  overlay_report report;
};

// The timetable `base` with the trip updates of `rt` applied. Does not fail:
// updates that cannot be applied are counted in the report.
overlay apply_trip_updates(planner::timetable const& base, realtime_feed const& rt,
                           overlay_options const& options = {});

}  // namespace cityos::mobility::realtime
