// SPDX-License-Identifier: Apache-2.0
// The journey planner service: owns a loaded GTFS feed and what is built from
// it (planner timetable, fares, translations, stop index) and answers plan and
// nearby-stop queries. The schedule searched is the timetable with the latest
// real-time trip updates applied (apply_trip_updates swaps it in whole; a
// search in progress keeps the one it started with). All members are
// thread-safe. Not copyable or movable (the timetable refers to the feed
// member); hold it in a unique_ptr.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.h"
#include "mobility/gtfs/feed.h"
#include "mobility/gtfs/feed_loader.h"
#include "mobility/gtfs/translation_index.h"
#include "mobility/journeys/itinerary.h"
#include "mobility/journeys/place.h"
#include "mobility/journeys/plan_request.h"
#include "mobility/journeys/stop_index.h"
#include "mobility/fares/fare_calculator.h"
#include "mobility/planner/fare_table.h"
#include "mobility/planner/timetable.h"
#include "mobility/realtime/overlay.h"
#include "mobility/realtime/realtime_feed.h"

namespace cityos::mobility::journeys {

struct planner_settings {
  planner::timetable_options timetable;  // walking between stops, change times
  access_options access;                 // walking to and from the first and last stop
};

struct stop_info {
  std::string id, name;                       // name in the requested language
  std::vector<gtfs::translated_text> names;   // every language known
  std::string parent_id;                      // the station, if any
  double lat = 0, lon = 0, distance_m = 0;
};

class journey_planner {
 public:
  explicit journey_planner(gtfs::feed f, planner_settings const& settings = {});
  journey_planner(journey_planner const&) = delete;
  journey_planner& operator=(journey_planner const&) = delete;

  // Itineraries from r.from to r.to: the planner's Pareto set over arrival
  // (departure for arrive_by), transfers and, with r.fares and a feed with
  // fares, the fare; plus walking straight there when the places are within
  // r.max_walk_m (journeys it dominates are dropped). Every itinerary is priced
  // when the feed has fares.
  // Errors: bad_request (unknown stop, stop not served), unprocessable (no
  // stop within walking range of a coordinate).
  result<plan_response> plan(plan_request const& r) const;

  // Boardable stops within `radius_m` of (lat, lon), nearest first, at most `limit`.
  std::vector<stop_info> stops_near(double lat, double lon, double radius_m, std::size_t limit,
                                    std::string const& lang) const;

  // Applies a GTFS-Realtime feed's trip updates to the scheduled timetable
  // (replacing the previous updates: feeds are full datasets) and makes the
  // result the schedule of later searches.
  realtime::overlay_report apply_trip_updates(realtime::realtime_feed const& rt,
                                              realtime::overlay_options const& options);

  gtfs::feed const& feed() const { return feed_; }
  // The scheduled timetable (without real-time updates).
  planner::timetable const& timetable() const { return timetable_; }
  fares::fare_calculator const& fares() const { return fares_; }
  std::string const& timezone() const { return timezone_; }
  planner_settings const& settings() const { return settings_; }

 private:
  // A timetable and its fare table, replaced together.
  struct schedule {
    std::unique_ptr<planner::timetable const> owned;  // null for the scheduled timetable
    planner::timetable const* tt = nullptr;
    planner::fare_table fares;
    schedule(planner::timetable const& t, fares::fare_calculator const& f) : tt(&t), fares(t, f) {}
    schedule(std::unique_ptr<planner::timetable const> t, fares::fare_calculator const& f)
        : owned(std::move(t)), tt(owned.get()), fares(*tt, f) {}
  };
  std::shared_ptr<schedule const> current() const;

  gtfs::feed feed_;
  planner_settings settings_;
  planner::timetable timetable_;
  fares::fare_calculator fares_;
  mutable std::mutex schedule_mutex_;
  std::shared_ptr<schedule const> schedule_;  // guarded by schedule_mutex_
  gtfs::translation_index translations_;
  std::vector<bool> boardable_;
  stop_index stops_;
  std::string timezone_;
};

// Loads the feed at `path` (folder or .zip) and builds a planner. Errors: those
// of gtfs::load_feed, and bad_request when the feed is not usable (the detail
// gives the first errors).
result<std::unique_ptr<journey_planner>> load_journey_planner(std::filesystem::path const& path,
                                                              planner_settings const& settings = {},
                                                              gtfs::load_options const& options = {});

}  // namespace cityos::mobility::journeys
