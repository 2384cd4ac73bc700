// SPDX-License-Identifier: Apache-2.0
#include "mobility/journeys/journey_planner.h"

#include <algorithm>

#include "mobility/journeys/itinerary_builder.h"
#include "mobility/journeys/names.h"
#include "mobility/planner/footpaths.h"
#include "mobility/planner/journey_fare.h"
#include "mobility/planner/raptor.h"

namespace cityos::mobility::journeys {

namespace {

bool has_ride(planner::journey const& j) {
  return std::any_of(j.legs.begin(), j.legs.end(), [](auto const& l) { return l.kind == planner::leg_kind::ride; });
}

// Keeps the walk and the journeys it does not dominate: arriving earlier, or
// for arrive-by, leaving later.
void add_walk(std::vector<itinerary>& out, itinerary walk, bool arrive_by) {
  std::erase_if(out, [&](itinerary const& it) {
    return arrive_by ? it.departure <= walk.departure : it.arrival >= walk.arrival;
  });
  out.insert(out.begin(), std::move(walk));
}

}  // namespace

journey_planner::journey_planner(gtfs::feed f, planner_settings const& settings)
    : feed_(std::move(f)),
      settings_(settings),
      timetable_(feed_, settings_.timetable),
      fares_(feed_),
      schedule_(std::make_shared<schedule const>(timetable_, fares_)),
      translations_(feed_),
      boardable_(boardable_stops(feed_)),
      stops_(feed_, boardable_),
      timezone_(feed_.agencies.empty() ? std::string() : feed_.agencies.front().timezone) {}

result<plan_response> journey_planner::plan(plan_request const& r) const {
  access_options access = settings_.access;
  if (r.max_walk_m) access.max_walk_m = *r.max_walk_m;
  auto from = resolve_place(r.from, "from", feed_, stops_, boardable_, access);
  if (!from) return std::move(from).err();
  auto to = resolve_place(r.to, "to", feed_, stops_, boardable_, access);
  if (!to) return std::move(to).err();

  planner::query q{offsets_of(*from), offsets_of(*to), r.when.date, r.when.time, r.arrive_by};
  planner::search_options so;
  so.max_transfers = r.max_transfers;
  so.wheelchair = r.wheelchair;
  if (r.max_transfer_walk_m) {
    auto const& w = settings_.timetable.walking;
    so.max_transfer_walk = static_cast<std::int32_t>(*r.max_transfer_walk_m * w.detour_factor / w.walking_speed_mps);
  }
  auto const sched = current();
  bool const priced = fares_.has_fares();
  if (priced && r.fares) so.fares = &sched->fares;
  auto journeys = planner::plan(*sched->tt, q, so);
  if (!journeys) return std::move(journeys).err();
  if (priced && !r.fares)
    for (auto& j : *journeys) planner::price_journey(*sched->tt, fares_, j);

  names const n(feed_, translations_, r.lang);
  itinerary_builder const build(feed_, n, *from, *to, access);
  plan_response out;
  out.date = r.when.date;
  out.time = r.when.time;
  out.arrive_by = r.arrive_by;
  out.timezone = timezone_;
  out.from = build.origin();
  out.to = build.destination();
  for (auto const& j : *journeys)
    if (has_ride(j)) out.itineraries.push_back(build.build(j));
  double const straight = planner::distance_m(from->lat, from->lon, to->lat, to->lon);
  if (straight <= access.max_walk_m) {
    add_walk(out.itineraries, build.walk_only(r.when.time, r.arrive_by), r.arrive_by);
  } else {
    for (auto const& j : *journeys)  // walking via a stop both places reach
      if (!has_ride(j)) add_walk(out.itineraries, build.build(j), r.arrive_by);
  }
  std::stable_sort(out.itineraries.begin(), out.itineraries.end(), [](auto const& a, auto const& b) {
    if (a.transfers != b.transfers) return a.transfers < b.transfers;
    return a.arrival != b.arrival ? a.arrival < b.arrival : a.departure > b.departure;
  });
  return out;
}

std::shared_ptr<journey_planner::schedule const> journey_planner::current() const {
  std::lock_guard lock(schedule_mutex_);
  return schedule_;
}

realtime::overlay_report journey_planner::apply_trip_updates(realtime::realtime_feed const& rt,
                                                             realtime::overlay_options const& options) {
  auto o = realtime::apply_trip_updates(timetable_, rt, options);
  auto tt = std::make_unique<planner::timetable const>(std::move(o.timetable));
  auto next = std::make_shared<schedule const>(std::move(tt), fares_);
  std::lock_guard lock(schedule_mutex_);
  schedule_ = std::move(next);
  return std::move(o.report);
}

std::vector<stop_info> journey_planner::stops_near(double lat, double lon, double radius_m, std::size_t limit,
                                                   std::string const& lang) const {
  names const n(feed_, translations_, lang);
  std::vector<stop_info> out;
  for (auto const& s : stops_.near(lat, lon, radius_m, limit)) {
    auto const& stop = feed_.stops[s.stop];
    stop_info i;
    i.id = feed_.stop_ids.name(s.stop);
    i.name = n.stop(s.stop);
    i.names = n.stop_all(s.stop);
    if (stop.parent != gtfs::no_index) i.parent_id = feed_.stop_ids.name(stop.parent);
    i.lat = stop.lat;
    i.lon = stop.lon;
    i.distance_m = s.distance_m;
    out.push_back(std::move(i));
  }
  return out;
}

result<std::unique_ptr<journey_planner>> load_journey_planner(std::filesystem::path const& path,
                                                              planner_settings const& settings,
                                                              gtfs::load_options const& options) {
  auto loaded = gtfs::load_feed(path, options);
  if (!loaded) return std::move(loaded).err();
  if (!loaded->usable()) {
    std::string detail = "GTFS feed " + path.string() + " is not usable";
    auto const& kept = loaded->report.kept();
    for (std::size_t i = 0; i < kept.size() && i < 3; ++i) detail += (i ? "; " : ": ") + kept[i].to_string();
    return make_error(error_code::bad_request, detail);
  }
  return std::make_unique<journey_planner>(std::move(loaded->data), settings);
}

}  // namespace cityos::mobility::journeys
