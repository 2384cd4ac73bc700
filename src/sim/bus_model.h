// SPDX-License-Identifier: Apache-2.0
// The scheduled buses of a GTFS feed as positions at a moment: each trip's
// stops placed along its shape, a bus interpolated between its stop times
// along the shape. A service runs on a day when its calendar.txt weekday bit
// is set, whatever the calendar's dates (a demo plays an old feed on today's
// weekday); calendar_dates.txt is ignored. Immutable after make(); thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "mobility/gtfs/feed.h"

namespace cityos::sim {

// One bus on its trip at a moment.
struct bus_position {
  std::uint32_t trip = 0;        // index into feed().trips
  std::int32_t service_day = 0;  // 0: today's service, -1: yesterday's (after midnight)
  double lat = 0, lon = 0;
  double bearing = 0;            // degrees clockwise from north
  double speed_kmh = 0;          // 0 while standing at a stop
  std::uint32_t next_stop = 0;   // index into feed().stops
  std::uint32_t next_seq = 0;    // position of that stop in the trip's stop times (>= 1)
  std::uint32_t stop_count = 0;  // stop times of the trip
};

class bus_model {
 public:
  // Prepares the trips of `f` (those with at least two timed stops). Errors:
  // bad_request when no trip can run.
  static result<bus_model> make(mobility::gtfs::feed f);

  // The buses running at `secs` seconds after local midnight of a day of
  // weekday `weekday` (0 Monday .. 6 Sunday), trips of the day before past
  // midnight included. `delay_of(trip, service_day)` gives each run's delay in
  // seconds (the bus is that late everywhere). Ordered by (service_day, trip).
  std::vector<bus_position> positions(
      int weekday, std::int32_t secs,
      std::function<std::int32_t(std::uint32_t trip, std::int32_t service_day)> const& delay_of) const;

  mobility::gtfs::feed const& feed() const { return feed_; }
  // Trips that can run (with a geometry).
  std::size_t trips() const;

 private:
  struct point {
    double lat, lon, dist;  // dist: metres from the start of the path
  };
  struct trip_path {
    std::uint32_t trip;
    std::uint8_t weekdays;        // the service's calendar bits
    std::vector<point> path;      // the shape, or the stops in a line
    std::vector<double> stop_dist;  // per stop time of the trip: distance along path
    std::int32_t first_dep, last_arr;
  };
  bus_model() = default;
  bool locate(trip_path const& t, std::int32_t when, bus_position& out) const;

  mobility::gtfs::feed feed_;
  std::vector<trip_path> paths_;  // by trip index
};

}  // namespace cityos::sim
