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

  gtfs::feed const& feed() const { return *feed_; }
  service_calendar const& calendar() const { return calendar_; }
  std::vector<pattern> const& patterns() const { return patterns_; }
  // Patterns serving a stop, with the stop's position in each (several if the pattern loops).
  std::vector<stop_visit> const& visits(index_t stop) const { return visits_[stop]; }
  // Walking links leaving a stop (never to itself).
  std::vector<footpath> const& footpaths(index_t stop) const { return footpaths_[stop]; }
  // Minimum time to change vehicles at a stop; `unreachable` if transfers.txt forbids it.
  std::int32_t change_time(index_t stop) const { return change_time_[stop]; }
  std::size_t stop_count() const { return visits_.size(); }
  bool active(index_t service, std::int32_t date) const { return calendar_.active(service, date); }

 private:
  gtfs::feed const* feed_;
  service_calendar calendar_;
  std::vector<pattern> patterns_;
  std::vector<std::vector<stop_visit>> visits_;
  std::vector<std::vector<footpath>> footpaths_;
  std::vector<std::int32_t> change_time_;
};

}  // namespace cityos::mobility::planner
