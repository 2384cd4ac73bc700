// SPDX-License-Identifier: Apache-2.0
// A spatial index over the stops a journey can start or end at: stops
// (location_type 0) served by at least one trip. Stops are bucketed in a grid
// of fixed cells in degrees; near() visits only the cells that can hold a stop
// within the radius and measures great-circle distances. Immutable after
// construction, safe to share between threads; keeps no reference to the feed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "mobility/gtfs/feed.h"

namespace cityos::mobility::journeys {

struct nearby_stop {
  gtfs::index_t stop = gtfs::no_index;  // feed::stops
  double distance_m = 0;                // straight line
};

class stop_index {
 public:
  // Indexes the stops `s` with `boardable[s]` true (missing entries: false).
  stop_index(gtfs::feed const& f, std::vector<bool> const& boardable);

  // The indexed stops within `radius_m` metres of (lat, lon), nearest first
  // (ties by stop index), at most `limit` of them. Empty for a radius <= 0.
  std::vector<nearby_stop> near(double lat, double lon, double radius_m, std::size_t limit) const;

  std::size_t size() const { return points_.size(); }

 private:
  struct point {
    gtfs::index_t stop;
    double lat, lon;
  };
  static std::int64_t key(std::int64_t row, std::int64_t col) { return (row << 32) ^ (col & 0xffffffff); }
  std::int64_t row_of(double lat) const;
  std::int64_t col_of(double lon) const;
  void scan_all(double lat, double lon, double radius_m, std::vector<nearby_stop>& out) const;

  std::vector<point> points_;
  std::unordered_map<std::int64_t, std::vector<std::uint32_t>> cells_;  // cell -> positions in points_
  double cell_lat_deg_ = 0.01, cell_lon_deg_ = 0.01;
};

// True for each stop of `f` that is a stop (location_type 0) with a stop_time.
std::vector<bool> boardable_stops(gtfs::feed const& f);

}  // namespace cityos::mobility::journeys
