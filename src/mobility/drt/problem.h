// SPDX-License-Identifier: Apache-2.0
// A pickup-and-delivery problem with time windows (PDPTW / dial-a-ride), the
// common model of the on-demand dispatcher (issue 5): the static solver, the
// online dispatcher and the solution checker all read it. Node 0..n-1 are
// stops; every request has one pickup node and one delivery node. Loads have
// three dimensions (seats, wheelchair places, parcel volume). Times and
// durations are in the problem's time unit (seconds for the dispatcher,
// the instance's unit for benchmark files); travel times come from a
// travel_times source (a matrix here; a street network later). Plain data:
// build it, then read it from any number of threads.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace cityos::mobility::drt {

using node_index = std::uint32_t;
inline constexpr node_index no_node = std::numeric_limits<node_index>::max();
inline constexpr double no_limit = std::numeric_limits<double>::infinity();

// A load or a capacity: seats, wheelchair places, parcel volume units.
struct load {
  int seats = 0, wheelchairs = 0, volume = 0;
  friend load operator+(load a, load b) { return {a.seats + b.seats, a.wheelchairs + b.wheelchairs, a.volume + b.volume}; }
  friend load operator-(load a, load b) { return {a.seats - b.seats, a.wheelchairs - b.wheelchairs, a.volume - b.volume}; }
  // True if every dimension of this is at most that of `cap`.
  bool fits(load cap) const { return seats <= cap.seats && wheelchairs <= cap.wheelchairs && volume <= cap.volume; }
  bool operator==(load const&) const = default;
};

enum class node_kind : std::uint8_t { pickup, delivery };

struct node {
  node_kind kind = node_kind::pickup;
  std::uint32_t request = 0;   // index into problem::requests
  std::uint32_t location = 0;  // index into the travel-time source
  double earliest = 0, latest = no_limit;  // service may start in [earliest, latest]
  double service = 0;                      // time spent at the stop
  std::string label;                       // the id in the source (instance task number, request id)
};

struct request {
  node_index pickup = no_node, delivery = no_node;
  load amount;                 // picked up at `pickup`, dropped at `delivery`
  double max_ride = no_limit;  // from the end of pickup service to the start of delivery
  std::string id;
};

struct vehicle {
  load capacity;
  std::uint32_t start_location = 0, end_location = 0;  // depots
  double shift_start = 0, shift_end = no_limit;        // leave start at or after, reach end by
  double max_duration = no_limit;                      // end arrival minus start departure
  std::string id;
};

// Planar coordinates in metres (east, north of a reference point).
struct planar_point {
  double x = 0, y = 0;
};

// Travel time and distance between locations. Matrix mode (benchmark
// instances): square matrices `time` and `distance` of `size` rows,
// row-major. Geographic mode (the online dispatcher; when `points` is not
// empty): straight-line distance between points x road_factor, at `speed`
// metres per second; nothing stored per pair, so locations are cheap to add.
struct travel_times {
  std::uint32_t size = 0;
  std::vector<double> time, distance;
  std::vector<planar_point> points;
  double road_factor = 1, speed = 1;

  double t(std::uint32_t a, std::uint32_t b) const {
    return points.empty() ? time[static_cast<std::size_t>(a) * size + b] : d(a, b) / speed;
  }
  double d(std::uint32_t a, std::uint32_t b) const {
    if (points.empty()) return distance[static_cast<std::size_t>(a) * size + b];
    double const dx = points[a].x - points[b].x, dy = points[a].y - points[b].y;
    return std::sqrt(dx * dx + dy * dy) * road_factor;
  }
};

struct problem {
  std::string name;
  std::vector<node> nodes;
  std::vector<request> requests;
  std::vector<vehicle> vehicles;  // the fleet; benchmark files give a count of identical vehicles
  travel_times travel;
};

// A route: the stops one vehicle serves in order, depots implied at both ends.
struct route {
  std::uint32_t vehicle = 0;
  std::vector<node_index> stops;
};

struct solution {
  std::vector<route> routes;            // non-empty routes only
  std::vector<std::uint32_t> unserved;  // requests served by no route
};

}  // namespace cityos::mobility::drt
