// SPDX-License-Identifier: Apache-2.0
// The online on-demand dispatcher (issue 5): every booking gets an answer at
// once — accepted with promised pickup and drop-off windows on one vehicle,
// or rejected with the reason and feasible alternative pickup times. A promise
// becomes the time window of the request's stops, so no later insertion can
// break it (route_evaluator checks every window, capacity, precedence and
// ride time). Vehicles report events (position, picked up, dropped off,
// no-show, breakdown) that move their plans forward.
//
// Times: epoch milliseconds at the interface; inside, seconds after the
// dispatcher's `epoch` (the earliest shift start). Travel times: straight-line
// distance x road factor / speed (travel_times' geographic mode; a street
// network can replace it later). Location slots of finished requests are reused.
// Not thread-safe: the owner serializes calls (one mutex in the service).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/time.h"
#include "mobility/drt/booking.h"
#include "mobility/drt/problem.h"
#include "mobility/drt/route_eval.h"

namespace cityos::mobility::drt {

struct dispatch_settings {
  double road_factor = 1.3;          // road distance / straight-line distance
  double speed_mps = 25 / 3.6;       // average door-to-door speed
  double boarding_s = 60;            // service time at a passenger stop
  double parcel_handling_s = 120;    // service time at a parcel stop
  double pickup_window_s = 600;      // a requested pickup time T allows pickup in [T, T + this]
  double promise_width_s = 600;      // promised pickup windows are this wide at most
  double default_max_detour = 2.0;   // ride at most this x the direct time ...
  double min_ride_slack_s = 600;     // ... and at least the direct time + this
  std::size_t alternatives = 3;      // feasible pickup times offered with a rejection
};

struct fleet_vehicle {
  std::string id;
  load capacity;
  point depot;
  epoch_ms shift_start = 0, shift_end = 0;
};

enum class request_status { scheduled, onboard, completed, cancelled, no_show, unserved };

std::string_view to_string(request_status s);

struct promise {
  std::string vehicle;
  time_window pickup, dropoff;  // promised windows
};

struct decision {
  std::string request_id;
  bool accepted = false;
  promise promised;                // when accepted
  std::string reason;              // when rejected
  std::vector<epoch_ms> alternatives;  // feasible requested pickup times, when rejected
};

struct request_view {
  std::string id;
  booking_kind kind = booking_kind::passenger;
  request_status status = request_status::scheduled;
  promise promised;
  load amount;
  point pickup, dropoff;
  std::optional<epoch_ms> requested_pickup;  // the asked pickup time (parcels: window start); none: latest arrival
  std::optional<epoch_ms> picked_up;         // when the vehicle reported the pickup
  std::string rider;                         // booking::rider
};

// The pickup time a booking asks for (parcels: the start of the pickup window),
// none when it asks for a latest arrival.
inline std::optional<epoch_ms> requested_pickup(booking const& b) {
  return b.kind == booking_kind::parcel ? std::optional<epoch_ms>(b.pickup_window.from) : b.pickup_time;
}

struct planned_stop {
  std::string request_id;
  node_kind kind = node_kind::pickup;
  point at;
  epoch_ms eta = 0;  // earliest start of service in the current plan
  time_window window;
};

struct vehicle_view {
  std::string id;
  point position;
  epoch_ms free_at = 0;  // when it can leave its position
  load capacity, onboard;
  bool in_service = true;
  std::vector<planned_stop> plan;
};

struct vehicle_event {
  enum class kind { position, picked_up, dropped_off, no_show, breakdown } type = kind::position;
  std::string request_id;  // picked_up, dropped_off, no_show
  point position;          // position
};

// Background improvement (dispatcher::improve): a wall-time budget and/or an
// iteration cap, whichever ends first; with neither, nothing runs.
struct improve_options {
  double time_budget_ms = 5;
  std::uint64_t max_iterations = 0;
  std::uint64_t seed = 1;
};

struct improve_report {
  std::uint64_t iterations = 0;
  double distance_before_m = 0, distance_after_m = 0;  // all in-service plans, to the end depots
  std::vector<std::string> requests_moved;             // now on another vehicle
  std::vector<std::string> vehicles_changed;           // whose plan changed
};

// Next-day (static) mode (dispatcher::submit_batch): the search's wall time
// after the regret insertion of the batch.
struct batch_options {
  double time_limit_ms = 1000;  // 0: regret insertion only
  std::uint64_t seed = 1;
};

struct batch_report {
  std::vector<decision> decisions;          // in input order
  std::vector<std::string> requests_moved;  // earlier requests now on another vehicle
  std::uint64_t iterations = 0;
};

class dispatcher {
 public:
  // Errors (bad_request): no vehicles, duplicate ids, a shift ending before it starts.
  static result<dispatcher> make(std::vector<fleet_vehicle> fleet, dispatch_settings const& settings = {});

  // Decides on a booking received at `now`. A booking without id gets
  // "req-<n>". Errors: already_exists for a known id. A rejection is a decision,
  // not an error; nothing of a rejected booking stays in the plans.
  result<decision> submit(booking const& b, epoch_ms now);
  // Cancels a scheduled request. Errors: not_found; unprocessable once on board or finished.
  result<void> cancel(std::string const& id);
  // Applies a vehicle event at `now`. Errors: not_found (vehicle or request),
  // unprocessable (the request is not at that stage on that vehicle, or the
  // vehicle is out of service). A breakdown re-plans the vehicle's scheduled
  // requests on others (keeping their promises) and marks the rest unserved.
  result<std::vector<std::string>> apply_event(std::string const& vehicle_id, vehicle_event const& e, epoch_ms now);

  // Improves the live plans by destroy-repair search (large neighbourhood
  // search, detail/live_search.h) within `o`'s budget. Adopts the best plans
  // found only if their total distance is strictly lower; every scheduled
  // request stays placed and keeps its promised windows (they are its stops'
  // time windows); only scheduled requests move, riders on board stay, and
  // vehicles out of service or already late receive nothing. Moved requests'
  // promise.vehicle changes. (dispatcher_improve.cc)
  improve_report improve(improve_options const& o);

  // Decides a whole batch of bookings together (next-day mode): all are added,
  // placed by regret insertion and improved within o.time_limit_ms; those
  // placed are accepted with promises as submit gives them, the rest rejected
  // with a reason and alternatives; earlier requests may change vehicle (as
  // with improve). Decisions in input order. Errors:
  // already_exists (an id known or repeated in the batch), nothing applied.
  // (dispatcher_improve.cc)
  result<batch_report> submit_batch(std::vector<booking> const& bookings, epoch_ms now,
                                    batch_options const& o = {});

  // Total planned distance (metres) of the in-service vehicles, to their end depots.
  double total_distance_m() const;
  // The model and the evaluated live routes, one per vehicle (index = fleet
  // order), for independent checks: the reference is valid until the next
  // non-const call.
  problem const& model() const { return problem_; }
  std::vector<route_state> routes() const;

  std::optional<request_view> request(std::string const& id) const;
  std::vector<vehicle_view> vehicles() const;
  std::optional<vehicle_view> vehicle(std::string const& id) const;
  std::size_t open_requests() const;

 private:
  struct request_state {
    std::uint32_t index = 0;  // problem::requests
    booking_kind kind = booking_kind::passenger;
    request_status status = request_status::scheduled;
    std::uint32_t vehicle = 0;
    promise promised;
    point pickup, dropoff;
    std::optional<epoch_ms> requested_pickup, picked_up;
    std::string rider;
  };
  struct vehicle_state {
    route_state route;  // route.origin.location is the vehicle's own slot, moved with it
    point position;
    bool in_service = true;
  };

  dispatcher(std::vector<fleet_vehicle> fleet, dispatch_settings const& settings);
  double to_s(epoch_ms t) const { return static_cast<double>(t - epoch_) / 1000.0; }
  // Unbounded times (no_limit) map to the largest representable instant.
  epoch_ms to_ms(double s) const {
    if (!std::isfinite(s) || s > 1e15) return std::numeric_limits<epoch_ms>::max();
    return epoch_ + static_cast<epoch_ms>(std::llround(s * 1000.0));
  }
  // A location slot for `p` (a free one if any), its travel times filled in.
  std::uint32_t add_location(point p);
  // Moves slot `slot` to `p`.
  void move_location(std::uint32_t slot, point p);
  // `p` in metres east and north of reference_ (equirectangular: within a
  // city, off by well under 0.1 %).
  planar_point planar(point p) const;
  // Frees the location slots of a finished request's stops.
  void release(std::uint32_t req);
  double travel_s(point a, point b) const;
  // Adds request nodes for `b`; its windows as asked (not yet promised).
  std::uint32_t add_request(booking const& b, std::string const& id, epoch_ms now);
  // Best feasible (vehicle, insertion) for request `req`, if any.
  std::optional<std::pair<std::uint32_t, insertion>> best_vehicle(std::uint32_t req);
  void commit(std::uint32_t req, std::uint32_t v, insertion const& at, promise& out);
  std::vector<epoch_ms> alternatives(booking const& b, epoch_ms now);
  void set_origin(vehicle_state& v, point p, double time);
  // Narrows request `req`'s windows to the promise around its planned times
  // in `route` (evaluated, containing req, vehicle v); returns the promise.
  promise promise_in(std::uint32_t req, std::uint32_t v, route_state const& route);
  struct search_outcome {
    std::vector<std::int32_t> placed;  // bank position -> vehicle, or -1
    std::uint64_t iterations = 0;
    double distance_before = 0, distance_after = 0;  // as total_distance_m
  };
  // Searches the live plans plus the unplaced requests `bank`; adopts the
  // result if it places more of the bank or is strictly shorter, keeping every
  // scheduled request placed. (dispatcher_improve.cc)
  search_outcome search(std::vector<std::uint32_t> const& bank, improve_options const& o);
  request_view view(std::string const& id, request_state const& r) const;
  vehicle_view view(std::uint32_t v) const;

  std::vector<fleet_vehicle> fleet_;
  dispatch_settings settings_;
  epoch_ms epoch_ = 0;
  problem problem_;
  point reference_;
  std::vector<point> locations_;  // per location slot, as travel.points in degrees
  std::vector<std::uint32_t> free_locations_;
  std::vector<vehicle_state> vehicles_;
  std::map<std::string, request_state> requests_;
  std::uint64_t next_id_ = 1;
};

}  // namespace cityos::mobility::drt
