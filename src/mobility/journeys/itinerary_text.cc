// SPDX-License-Identifier: Apache-2.0
#include "mobility/journeys/itinerary_text.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "mobility/journeys/local_time.h"

namespace cityos::mobility::journeys {

namespace {

// "08:05", or "2024-01-02 00:30" on another day than the query's.
std::string clock(std::int32_t date, std::int32_t seconds, std::int32_t query_date) {
  std::string const full = format_local_date_time(date, seconds);
  std::string const day = format_local_date_time(query_date, 0).substr(0, 10);
  if (full.substr(0, 10) == day) return full.substr(11, 5);
  return full.substr(0, 10) + " " + full.substr(11, 5);
}

std::string place_text(endpoint const& e) {
  if (e.stop_id.empty()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6f,%.6f", e.lat, e.lon);
    return buf;
  }
  return e.name + " (" + e.stop_id + ")";
}

std::string minutes(std::int32_t seconds) { return std::to_string((seconds + 30) / 60) + " min"; }

std::string route_text(itinerary_leg const& l) {
  std::string r = l.route_short_name;
  if (!l.route_long_name.empty()) r += (r.empty() ? "" : " ") + l.route_long_name;
  if (r.empty()) r = l.route_id;
  if (!l.headsign.empty()) r += " for " + l.headsign;
  return r;
}

void write_leg(itinerary_leg const& l, std::int32_t date, std::ostream& out) {
  out << "  " << clock(date, l.departure, date) << " - " << clock(date, l.arrival, date) << "  ";
  if (l.mode == leg_mode::walk) {
    out << "walk " << std::lround(l.distance_m) << " m (" << minutes(l.arrival - l.departure) << ") from "
        << place_text(l.from) << " to " << place_text(l.to) << "\n";
    return;
  }
  out << route_text(l) << ": " << place_text(l.from) << " -> " << place_text(l.to) << ", " << l.stop_count
      << (l.stop_count == 1 ? " stop" : " stops") << " [trip " << l.trip_id << ", route " << l.route_id << "]\n";
}

}  // namespace

void write_plan_text(plan_response const& p, std::ostream& out) {
  out << "From " << place_text(p.from) << " to " << place_text(p.to) << ", "
      << (p.arrive_by ? "arriving by " : "leaving at ") << format_local_date_time(p.date, p.time)
      << (p.timezone.empty() ? "" : " (" + p.timezone + ")") << "\n";
  if (p.itineraries.empty()) {
    out << "no itinerary found\n";
    return;
  }
  int n = 0;
  for (auto const& it : p.itineraries) {
    out << "\nItinerary " << ++n << ": " << clock(p.date, it.departure, p.date) << " -> "
        << clock(p.date, it.arrival, p.date) << " (" << minutes(it.arrival - it.departure) << "), "
        << it.transfers << (it.transfers == 1 ? " transfer" : " transfers") << ", walk " << std::lround(it.walk_m)
        << " m, fare ";
    if (it.fare) {
      out << *it.fare << " " << it.currency << "\n";
    } else {
      out << "unknown\n";
    }
    for (auto const& l : it.legs) write_leg(l, p.date, out);
  }
}

}  // namespace cityos::mobility::journeys
