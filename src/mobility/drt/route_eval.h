// SPDX-License-Identifier: Apache-2.0
// Route evaluation for the PDPTW / dial-a-ride model: the evaluated state of
// one route (earliest schedule, latest feasible start times, loads after each
// stop) and the feasibility and cost of inserting or removing a request. The
// static solver and the online dispatcher both use it; a promise made to a
// rider is a time window on its nodes, which every later insertion checked here
// keeps. Time windows and capacities (all three load dimensions) are checked in
// O(1) per insertion position pair from the state; maximum ride times and
// maximum route duration, when the problem has them, get an exact O(n) schedule
// check per candidate (a fixpoint of the earliest schedule, see
// schedule_feasible). Not thread-safe: use one route_evaluator per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "mobility/drt/problem.h"

namespace cityos::mobility::drt {

// Tolerance of every time-window, ride-time and duration comparison.
inline constexpr double time_epsilon = 1e-9;

// Where a route begins: the vehicle's start depot at its shift start by
// default; the online dispatcher sets the current position, the time it is
// free there and the load on board. A request already picked up appears by
// its delivery node only; its ride limit is then the caller's to express as
// that node's latest time (pickup time + max ride), as is any promise.
struct route_origin {
  std::uint32_t location = 0;
  double time = 0;
  load onboard;
};

// The evaluated state of one route. Positions are "extended": 0 is the origin,
// 1..m the stops, m+1 the end depot. Filled by route_evaluator::evaluate; stays
// valid until `stops` changes.
struct route_state {
  std::uint32_t vehicle = 0;
  std::vector<node_index> stops;
  route_origin origin;
  // extended position -> value
  std::vector<std::uint32_t> location;
  std::vector<double> earliest;  // earliest start of service
  std::vector<double> latest;    // latest start keeping the rest feasible (time windows only)
  std::vector<load> load_after;  // load after service
  double distance = 0;
  bool feasible = true;  // all constraints, exact (ride times and duration included)

  std::size_t size() const { return stops.size(); }
  bool empty() const { return stops.empty(); }
};

// Pickup goes before original stop `pickup_pos` (0..m), the delivery before
// original stop `delivery_pos` (pickup_pos..m), after the pickup.
struct insertion {
  std::uint32_t pickup_pos = 0, delivery_pos = 0;
  double delta = 0;  // distance added
};

class route_evaluator {
 public:
  // `p` must outlive the evaluator.
  explicit route_evaluator(problem const& p);

  problem const& prob() const { return p_; }
  // True if some request has a finite maximum ride time or some vehicle a
  // finite maximum duration: insertions then get the exact schedule check.
  bool needs_exact_check() const { return exact_; }

  // The default origin of vehicle `v`: its start depot at shift start, empty.
  route_origin depot_origin(std::uint32_t v) const;

  // Recomputes every derived field of `r` from r.vehicle, r.stops, r.origin.
  void evaluate(route_state& r) const;

  // True if inserting request `req` at (pickup_pos, delivery_pos) keeps the
  // route feasible. REQUIRES: r evaluated and feasible, req not in r.
  bool can_insert(route_state const& r, std::uint32_t req, std::uint32_t pickup_pos,
                  std::uint32_t delivery_pos) const;
  // Distance added by that insertion (feasible or not).
  double insert_delta(route_state const& r, std::uint32_t req, std::uint32_t pickup_pos,
                      std::uint32_t delivery_pos) const;
  // The cheapest feasible insertion of `req` into `r`, or nullopt (for
  // distances without the triangle inequality: a cheap one, maybe not the cheapest).
  std::optional<insertion> best_insertion(route_state const& r, std::uint32_t req) const;

  // Distance saved by removing request `req` (both nodes) from `r`.
  // REQUIRES: both nodes of req are in r.stops.
  double removal_delta(route_state const& r, std::uint32_t req) const;

  // Exact feasibility of serving `stops` in order with vehicle `v` from
  // `origin`: time windows, capacities, ride times, shift end, duration.
  bool schedule_feasible(std::uint32_t v, route_origin const& origin,
                         std::span<node_index const> stops) const;

 private:
  // Calls f(insertion) for every (pickup_pos, delivery_pos) that passes the
  // time-window and capacity check; with `bound`, skips pickup positions whose
  // pickup detour alone is >= *bound (exact for metric distances).
  template <typename F>
  void scan(route_state const& r, std::uint32_t req, double const* bound, F&& f) const;
  bool window_check(route_state const& r, std::uint32_t req, std::uint32_t i, std::uint32_t j) const;
  bool exact_insert_ok(route_state const& r, std::uint32_t req, insertion const& c) const;
  double dist(std::uint32_t a, std::uint32_t b) const { return p_.travel.d(a, b); }
  double time(std::uint32_t a, std::uint32_t b) const { return p_.travel.t(a, b); }

  problem const& p_;
  bool exact_ = false;
  // scratch buffers reused by the const checks (hence not thread-safe)
  mutable std::vector<node_index> seq_;
  mutable std::vector<double> t_;
  mutable std::vector<std::uint32_t> pos_, stamp_;
  mutable std::uint32_t generation_ = 0;
  mutable std::vector<insertion> cand_;
};

// Inserts `req` into r.stops at `at` (no evaluation).
void apply_insertion(problem const& p, route_state& r, std::uint32_t req, insertion const& at);
// Removes both nodes of `req` from r.stops (no evaluation).
void erase_request(problem const& p, route_state& r, std::uint32_t req);

}  // namespace cityos::mobility::drt
