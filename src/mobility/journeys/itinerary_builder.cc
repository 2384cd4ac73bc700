// SPDX-License-Identifier: Apache-2.0
#include "mobility/journeys/itinerary_builder.h"

#include <cmath>

#include "mobility/planner/footpaths.h"

namespace cityos::mobility::journeys {

namespace {

double access_distance(resolved_place const& p, gtfs::index_t stop) {
  for (auto const& s : p.stops)
    if (s.stop == stop) return s.distance_m;
  return 0;
}

// Joins walks that follow each other (origin -> stop -> destination).
void merge_walks(std::vector<itinerary_leg>& legs) {
  std::vector<itinerary_leg> out;
  for (auto& l : legs) {
    if (!out.empty() && out.back().mode == leg_mode::walk && l.mode == leg_mode::walk) {
      out.back().to = std::move(l.to);
      out.back().arrival = l.arrival;
      out.back().distance_m += l.distance_m;
      continue;
    }
    out.push_back(std::move(l));
  }
  legs = std::move(out);
}

}  // namespace

endpoint itinerary_builder::place_end(resolved_place const& p) const {
  if (p.stop != gtfs::no_index) return stop_end(p.stop);
  return endpoint{{}, {}, p.lat, p.lon};
}

endpoint itinerary_builder::stop_end(gtfs::index_t stop) const {
  auto const& s = feed_.stops[stop];
  return endpoint{feed_.stop_ids.name(stop), names_.stop(stop), s.lat, s.lon};
}

itinerary_leg itinerary_builder::walk_leg(planner::leg const& l) const {
  itinerary_leg out;
  out.mode = leg_mode::walk;
  out.departure = l.departure;
  out.arrival = l.arrival;
  out.from = l.from_stop == gtfs::no_index ? origin() : stop_end(l.from_stop);
  out.to = l.to_stop == gtfs::no_index ? destination() : stop_end(l.to_stop);
  if (l.from_stop == gtfs::no_index) {
    out.distance_m = access_distance(from_, l.to_stop);
  } else if (l.to_stop == gtfs::no_index) {
    out.distance_m = access_distance(to_, l.from_stop);
  } else {
    auto const& a = feed_.stops[l.from_stop];
    auto const& b = feed_.stops[l.to_stop];
    out.distance_m = planner::distance_m(a.lat, a.lon, b.lat, b.lon) * access_.detour_factor;
  }
  return out;
}

itinerary_leg itinerary_builder::transit_leg(planner::leg const& l) const {
  itinerary_leg out;
  out.mode = leg_mode::transit;
  out.departure = l.departure;
  out.arrival = l.arrival;
  out.from = stop_end(l.from_stop);
  out.to = stop_end(l.to_stop);
  out.trip_id = feed_.trip_ids.name(l.trip);
  out.route_id = feed_.route_ids.name(l.route);
  out.route_short_name = names_.route_short(l.route);
  out.route_long_name = names_.route_long(l.route);
  out.route_type = feed_.routes[l.route].type;
  out.headsign = names_.headsign(l.trip);
  if (out.headsign.empty() && l.from_position < feed_.trips[l.trip].stop_time_count) {
    auto const& st = feed_.stop_times[feed_.trips[l.trip].first_stop_time + l.from_position];
    if (st.headsign != gtfs::no_index) out.headsign = feed_.texts.name(st.headsign);
  }
  out.stop_count = l.to_position - l.from_position;
  return out;
}

itinerary itinerary_builder::build(planner::journey const& j) const {
  itinerary it;
  it.transfers = j.transfers;
  it.fare = j.fare;
  it.currency = j.currency;
  for (auto const& l : j.legs)
    it.legs.push_back(l.kind == planner::leg_kind::ride ? transit_leg(l) : walk_leg(l));
  merge_walks(it.legs);
  // Leave as late as the first ride allows, arrive as early as the last one does.
  auto const n = it.legs.size();
  if (n >= 2 && it.legs[0].mode == leg_mode::walk && it.legs[1].mode == leg_mode::transit) {
    std::int32_t const slack = it.legs[1].departure - it.legs[0].arrival;
    if (slack > 0) {
      it.legs[0].departure += slack;
      it.legs[0].arrival += slack;
    }
  }
  if (n >= 2 && it.legs[n - 1].mode == leg_mode::walk && it.legs[n - 2].mode == leg_mode::transit) {
    std::int32_t const slack = it.legs[n - 1].departure - it.legs[n - 2].arrival;
    if (slack > 0) {
      it.legs[n - 1].departure -= slack;
      it.legs[n - 1].arrival -= slack;
    }
  }
  for (auto const& l : it.legs)
    if (l.mode == leg_mode::walk) it.walk_m += l.distance_m;
  it.departure = it.legs.empty() ? j.departure : it.legs.front().departure;
  it.arrival = it.legs.empty() ? j.arrival : it.legs.back().arrival;
  return it;
}

itinerary itinerary_builder::walk_only(std::int32_t time, bool arrive_by) const {
  double const d = planner::distance_m(from_.lat, from_.lon, to_.lat, to_.lon) * access_.detour_factor;
  auto const secs = static_cast<std::int32_t>(std::lround(d / access_.walking_speed_mps));
  std::int32_t const departure = arrive_by ? time - secs : time;
  itinerary_leg l;
  l.mode = leg_mode::walk;
  l.from = origin();
  l.to = destination();
  l.departure = departure;
  l.arrival = departure + secs;
  l.distance_m = d;
  itinerary it;
  it.departure = l.departure;
  it.arrival = l.arrival;
  it.walk_m = d;
  it.legs.push_back(std::move(l));
  return it;
}

}  // namespace cityos::mobility::journeys
