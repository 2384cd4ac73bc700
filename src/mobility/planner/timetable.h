// SPDX-License-Identifier: Apache-2.0
// The planner's view of a GTFS feed, built once and then read-only (safe to
// share between searches). Trips of a route with the same stops (and the same
// pickup/drop-off permissions) form a pattern; a pattern's trips never overtake
// one another (overtaking trips go to a separate pattern) and are sorted by
// departure, so the earliest catchable trip is found by binary search.
// frequencies.txt trips are expanded into one trip per headway. Times are
// seconds after midnight of the trip's service day (may exceed 86400).
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "mobility/gtfs/feed.h"
#include "mobility/planner/footpaths.h"
#include "mobility/planner/service_calendar.h"

namespace cityos::mobility::planner {

using gtfs::index_t;
using gtfs::no_index;

inline constexpr std::int32_t unreachable = std::numeric_limits<std::int32_t>::max();
inline constexpr std::int32_t any_date = std::numeric_limits<std::int32_t>::min();

struct timetable_options {
  footpath_options walking;
  std::int32_t min_change_time = 60;  // seconds at the same stop when no transfers.txt rule
};

struct stop_event {
  std::int32_t arrival = 0, departure = 0;
};

// One run of a vehicle: a GTFS trip, shifted by `shift` seconds for trips
// expanded from frequencies.txt (0 otherwise).
struct trip_run {
  index_t trip = no_index;     // feed::trips
  index_t service = no_index;  // feed::service_ids
  std::int32_t shift = 0;
  // any_date: runs on the days its service runs; otherwise a real-time run
  // that replaces the scheduled one on this service day only.
  std::int32_t date = any_date;
};

// Real-time changes to a timetable (built by mobility/realtime): scheduled
// runs taken off single service days, and runs added for a single day.
struct removed_run {
  index_t trip = no_index;  // feed::trips
  std::int32_t shift = 0;   // as in trip_run
  std::int32_t date = 0;    // service day
};
struct added_run {
  trip_run run;                          // run.date: the one day it runs
  std::vector<stop_event> events;        // one per position of the trip's stop_times slice
  std::vector<std::uint8_t> can_board;   // per position, e.g. 0 at a skipped stop
  std::vector<std::uint8_t> can_alight;
};
struct timetable_changes {
  std::vector<removed_run> removed;
  std::vector<added_run> added;
};

struct pattern {
  index_t route = no_index;
  std::vector<index_t> stops;            // feed::stops, in travel order
  std::vector<std::uint8_t> can_board;   // per position: pickup_type != 1
  std::vector<std::uint8_t> can_alight;  // per position: drop_off_type != 1
  std::vector<trip_run> trips;           // sorted by departure
  std::vector<stop_event> events;        // events[t * stops.size() + i]
  std::int32_t last_time = 0;            // latest event of any trip

  stop_event const& at(std::size_t trip, std::size_t pos) const { return events[trip * stops.size() + pos]; }
};

struct stop_visit {
  index_t pattern = no_index;
  std::uint32_t position = 0;
};

class timetable {
 public:
  timetable(gtfs::feed const& f, timetable_options const& options = {});
  // `base` with real-time changes: added runs go into new patterns (appended
  // after base's, split so that none overtakes another), removed runs no
  // longer run() on their day. Shares base's feed, which must outlive this.
  // Added runs with malformed sizes (not one entry per stop time) are ignored.
  timetable(timetable const& base, timetable_changes const& changes);

  gtfs::feed const& feed() const { return *feed_; }
  service_calendar const& calendar() const { return calendar_; }
  std::vector<pattern> const& patterns() const { return patterns_; }
  // Patterns serving a stop, with the stop's position in each (several if the pattern loops).
  std::vector<stop_visit> const& visits(index_t stop) const { return visits_[stop]; }
  // Walking links leaving a stop (never to itself).
  std::vector<footpath> const& footpaths(index_t stop) const { return footpaths_[stop]; }
  // Walking links arriving at a stop; footpath::to is the stop they leave from.
  std::vector<footpath> const& footpaths_to(index_t stop) const { return footpaths_to_[stop]; }
  // Minimum time to change vehicles at a stop; `unreachable` if transfers.txt forbids it.
  std::int32_t change_time(index_t stop) const { return change_time_[stop]; }
  std::size_t stop_count() const { return visits_.size(); }
  bool active(index_t service, std::int32_t date) const { return calendar_.active(service, date); }
  // True if `run` operates on service day `date`. The search asks only this,
  // so that real-time changes (cancelled or replaced runs) can narrow it.
  bool runs(trip_run const& run, std::int32_t date) const {
    if (run.date != any_date) return run.date == date;
    return calendar_.active(run.service, date) && (removed_.empty() || !removed(run, date));
  }

 private:
  gtfs::feed const* feed_;
  service_calendar calendar_;
  std::vector<pattern> patterns_;
  std::vector<std::vector<stop_visit>> visits_;
  std::vector<std::vector<footpath>> footpaths_, footpaths_to_;
  std::vector<std::int32_t> change_time_;
  std::vector<removed_run> removed_;  // sorted by (trip, shift, date)

  bool removed(trip_run const& run, std::int32_t date) const;
};

}  // namespace cityos::mobility::planner
