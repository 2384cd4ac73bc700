// SPDX-License-Identifier: Apache-2.0
// Turns a planner journey (indexes, seconds) into an itinerary (GTFS ids,
// names in the requested language, walking distances): consecutive walks are
// merged, the first walk is moved to end when the first ride leaves and the
// last to start when the last ride arrives, so an itinerary departs as late and
// arrives as early as its rides allow. Also builds the walk-only itinerary.
// Refers to its arguments, which must outlive it; not thread-safe (cheap to make).
#pragma once

#include "mobility/gtfs/feed.h"
#include "mobility/journeys/itinerary.h"
#include "mobility/journeys/names.h"
#include "mobility/journeys/place.h"
#include "mobility/planner/raptor.h"

namespace cityos::mobility::journeys {

class itinerary_builder {
 public:
  itinerary_builder(gtfs::feed const& f, names const& n, resolved_place const& from, resolved_place const& to,
                    access_options const& access)
      : feed_(f), names_(n), from_(from), to_(to), access_(access) {}

  // The origin or destination as a leg end (the named stop for a stop place).
  endpoint origin() const { return place_end(from_); }
  endpoint destination() const { return place_end(to_); }

  itinerary build(planner::journey const& j) const;
  // Walking straight from origin to destination, leaving at `time` (arriving
  // at `time` when `arrive_by`).
  itinerary walk_only(std::int32_t time, bool arrive_by) const;

 private:
  endpoint place_end(resolved_place const& p) const;
  endpoint stop_end(gtfs::index_t stop) const;
  itinerary_leg walk_leg(planner::leg const& l) const;
  itinerary_leg transit_leg(planner::leg const& l) const;

  gtfs::feed const& feed_;
  names const& names_;
  resolved_place const& from_;
  resolved_place const& to_;
  access_options const& access_;
};

}  // namespace cityos::mobility::journeys
