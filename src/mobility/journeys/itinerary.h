// SPDX-License-Identifier: Apache-2.0
// What a plan answers, ready to render (JSON for HTTP and `cityos plan --json`,
// text for the CLI): itineraries of walk and transit legs with names already
// in the requested language. Times are seconds after midnight of `date`, the
// query's local date (may exceed a day). Plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cityos::mobility::journeys {

// A leg's end: a stop (stop_id set) or the origin / destination coordinate.
struct endpoint {
  std::string stop_id;  // empty: the origin or destination itself
  std::string name;     // stop name; empty for a coordinate
  double lat = 0, lon = 0;
};

enum class leg_mode { walk, transit };

struct itinerary_leg {
  leg_mode mode = leg_mode::walk;
  endpoint from, to;
  std::int32_t departure = 0, arrival = 0;
  double distance_m = 0;  // walk: straight line x detour factor
  // Transit only:
  std::string trip_id, route_id, route_short_name, route_long_name, headsign;
  std::int32_t route_type = 3;
  std::uint32_t stop_count = 0;  // stops travelled: alighting position - boarding position
};

struct itinerary {
  std::int32_t departure = 0, arrival = 0;
  int transfers = 0;
  double walk_m = 0;                 // all walk legs
  std::optional<double> fare;        // total, in `currency`; nullopt: unknown
  std::string currency;
  std::vector<itinerary_leg> legs;
};

struct plan_response {
  std::int32_t date = 0;   // days since 1970-01-01: the query's local date
  std::int32_t time = 0;   // the query's time, seconds after midnight
  bool arrive_by = false;
  std::string timezone;    // the feed's (first agency's) timezone
  endpoint from, to;
  std::vector<itinerary> itineraries;  // by transfers, then arrival
};

}  // namespace cityos::mobility::journeys
