// SPDX-License-Identifier: Apache-2.0
#include "mobility/journeys/journey_json.h"

#include <cmath>

#include "mobility/journeys/local_time.h"

namespace cityos::mobility::journeys {

namespace {

// Metres to one decimal (dividing keeps 2.4, where multiplying by 0.1 gives 2.4000000000000004).
double decimetres(double metres) { return std::round(metres * 10) / 10; }

json::object location(double lat, double lon) { return {{"lat", lat}, {"lon", lon}}; }

json::object endpoint_to_json(endpoint const& e) {
  json::object o;
  if (!e.stop_id.empty()) {
    o["stopId"] = e.stop_id;
    o["name"] = e.name;
  }
  o["location"] = location(e.lat, e.lon);
  return o;
}

json::value fare_to_json(itinerary const& it) {
  if (!it.fare) return nullptr;
  return json::object{{"amount", *it.fare}, {"currency", it.currency}};
}

}  // namespace

json::object leg_to_json(itinerary_leg const& l, std::int32_t date) {
  json::object o;
  o["mode"] = l.mode == leg_mode::walk ? "walk" : "transit";
  o["from"] = endpoint_to_json(l.from);
  o["to"] = endpoint_to_json(l.to);
  o["departure"] = format_local_date_time(date, l.departure);
  o["arrival"] = format_local_date_time(date, l.arrival);
  o["duration"] = l.arrival - l.departure;
  if (l.mode == leg_mode::walk) {
    o["distance"] = std::lround(l.distance_m);
    return o;
  }
  o["tripId"] = l.trip_id;
  o["routeId"] = l.route_id;
  o["routeShortName"] = l.route_short_name;
  o["routeLongName"] = l.route_long_name;
  o["routeType"] = l.route_type;
  o["headsign"] = l.headsign;
  o["stopCount"] = static_cast<std::int64_t>(l.stop_count);
  return o;
}

json::object itinerary_to_json(itinerary const& it, std::int32_t date) {
  json::object o;
  o["departure"] = format_local_date_time(date, it.departure);
  o["arrival"] = format_local_date_time(date, it.arrival);
  o["duration"] = it.arrival - it.departure;
  o["transfers"] = it.transfers;
  o["walkDistance"] = std::lround(it.walk_m);
  o["fare"] = fare_to_json(it);
  json::array legs;
  for (auto const& l : it.legs) legs.push_back(leg_to_json(l, date));
  o["legs"] = std::move(legs);
  return o;
}

json::object plan_to_json(plan_response const& p) {
  json::object o;
  o["from"] = endpoint_to_json(p.from);
  o["to"] = endpoint_to_json(p.to);
  o["time"] = format_local_date_time(p.date, p.time);
  o["arriveBy"] = p.arrive_by;
  o["timezone"] = p.timezone;
  json::array its;
  for (auto const& it : p.itineraries) its.push_back(itinerary_to_json(it, p.date));
  o["itineraries"] = std::move(its);
  return o;
}

json::object stops_to_json(std::vector<stop_info> const& stops) {
  json::array arr;
  for (auto const& s : stops) {
    json::object o;
    o["id"] = s.id;
    o["name"] = s.name;
    json::object names;
    for (auto const& t : s.names) names[t.language] = t.text;
    o["names"] = std::move(names);
    if (!s.parent_id.empty()) o["parentStation"] = s.parent_id;
    o["distance"] = decimetres(s.distance_m);
    o["location"] = location(s.lat, s.lon);
    arr.push_back(std::move(o));
  }
  return {{"stops", std::move(arr)}};
}

}  // namespace cityos::mobility::journeys
