// SPDX-License-Identifier: Apache-2.0
// agency, stops (parent stations resolved after the whole file), routes, trips.
#include <utility>
#include <vector>

#include "mobility/gtfs/detail/loaders.h"

namespace cityos::mobility::gtfs::detail {

index_t reference(table_reader& t, int col, id_table const& ids, std::string_view what, bool soft) {
  auto const v = t.text(col);
  if (v.empty()) return no_index;
  if (auto i = ids.find(v)) return *i;
  std::string msg = t.column_name(col) + " '" + std::string(v) + "' is not a known " + std::string(what);
  if (soft) t.warning(col, "unknown_reference", std::move(msg));
  else t.error(col, "unknown_reference", std::move(msg));
  return no_index;
}

namespace {

// Interns a new primary key; reports a duplicate (row skipped) and returns no_index.
index_t new_id(table_reader& t, int col, id_table& ids, std::string_view id) {
  if (ids.find(id)) {
    t.error(col, "duplicate_id", t.column_name(col) + " '" + std::string(id) + "' is already defined");
    return no_index;
  }
  return ids.intern(id);
}

}  // namespace

void load_agency(table_reader& t, feed& f) {
  if (!t.require_columns({"agency_name", "agency_url", "agency_timezone"})) return;
  int const id = t.column("agency_id"), name = t.column("agency_name"), url = t.column("agency_url"),
            tz = t.column("agency_timezone"), lang = t.column("agency_lang"),
            phone = t.column("agency_phone"), fare = t.column("agency_fare_url"),
            email = t.column("agency_email");
  while (t.next()) {
    agency a{std::string(t.required(name)), std::string(t.required(url)), std::string(t.required(tz)),
             std::string(t.text(lang)), std::string(t.text(phone)), std::string(t.text(fare)),
             std::string(t.text(email))};
    if (!t.row_ok()) continue;
    if (new_id(t, id, f.agency_ids, t.text(id)) == no_index) continue;
    f.agencies.push_back(std::move(a));
  }
}

void load_stops(table_reader& t, feed& f) {
  if (!t.require_columns({"stop_id"})) return;
  int const id = t.column("stop_id"), code = t.column("stop_code"), name = t.column("stop_name"),
            desc = t.column("stop_desc"), lat = t.column("stop_lat"), lon = t.column("stop_lon"),
            zone = t.column("zone_id"), url = t.column("stop_url"), type = t.column("location_type"),
            parent = t.column("parent_station"), tz = t.column("stop_timezone"),
            wheel = t.column("wheelchair_boarding"), platform = t.column("platform_code");
  struct pending { index_t stop; std::size_t line; std::string parent; };
  std::vector<pending> parents;
  while (t.next()) {
    stop s;
    s.location_type = static_cast<std::uint8_t>(t.integer(type, 0, 0, 4));
    bool const located = s.location_type <= 2;  // stops, stations and entrances need a name and position
    s.name = std::string(located ? t.required(name) : t.text(name));
    s.lat = t.real(lat, 0, -90, 90, located);
    s.lon = t.real(lon, 0, -180, 180, located);
    s.wheelchair_boarding = static_cast<std::uint8_t>(t.integer(wheel, 0, 0, 2));
    auto const sid = t.required(id);
    if (!t.row_ok()) continue;
    s.code = t.text(code), s.desc = t.text(desc), s.url = t.text(url), s.timezone = t.text(tz);
    s.platform_code = t.text(platform);
    if (!t.text(zone).empty()) s.zone = f.zone_ids.intern(t.text(zone));
    index_t const i = new_id(t, id, f.stop_ids, sid);
    if (i == no_index) continue;
    if (!t.text(parent).empty()) parents.push_back({i, t.line(), std::string(t.text(parent))});
    f.stops.push_back(std::move(s));
  }
  for (auto const& p : parents) {
    if (auto i = f.stop_ids.find(p.parent)) {
      f.stops[p.stop].parent = *i;
      continue;
    }
    // The stop stays, without its parent: its own data is fine.
    t.report_at(severity::error, p.line, "parent_station", "unknown_reference",
                "parent_station '" + p.parent + "' is not a known stop");
  }
}

void load_routes(table_reader& t, feed& f) {
  if (!t.require_columns({"route_id", "route_type"})) return;
  int const id = t.column("route_id"), ag = t.column("agency_id"), sn = t.column("route_short_name"),
            ln = t.column("route_long_name"), desc = t.column("route_desc"), type = t.column("route_type"),
            url = t.column("route_url"), color = t.column("route_color"),
            tcolor = t.column("route_text_color"), order = t.column("route_sort_order"),
            parent = t.column("jp_parent_route_id");
  while (t.next()) {
    route r;
    auto const rid = t.required(id);
    r.type = static_cast<std::int32_t>(t.integer(type, 3, 0, 1999, true));
    r.sort_order = static_cast<std::int32_t>(t.integer(order, -1, 0, INT32_MAX));
    r.agency = reference(t, ag, f.agency_ids, "agency");
    if (r.agency == no_index && f.agencies.size() == 1 && t.text(ag).empty()) r.agency = 0;
    if (t.text(sn).empty() && t.text(ln).empty())
      t.error(sn, "missing_value", "route_short_name or route_long_name is required");
    if (!t.row_ok()) continue;
    r.short_name = t.text(sn), r.long_name = t.text(ln), r.desc = t.text(desc), r.url = t.text(url);
    r.color = t.text(color), r.text_color = t.text(tcolor), r.jp_parent_route_id = t.text(parent);
    if (new_id(t, id, f.route_ids, rid) == no_index) continue;
    f.routes.push_back(std::move(r));
  }
}

void load_trips(table_reader& t, feed& f, bool have_shapes) {
  if (!t.require_columns({"route_id", "service_id", "trip_id"})) return;
  int const id = t.column("trip_id"), route = t.column("route_id"), service = t.column("service_id"),
            head = t.column("trip_headsign"), sn = t.column("trip_short_name"),
            dir = t.column("direction_id"), block = t.column("block_id"), shape = t.column("shape_id"),
            wheel = t.column("wheelchair_accessible"), bikes = t.column("bikes_allowed"),
            jdesc = t.column("jp_trip_desc"), jsym = t.column("jp_trip_desc_symbol"),
            joffice = t.column("jp_office_id");
  while (t.next()) {
    trip r;
    auto const tid = t.required(id);
    t.required(route);
    t.required(service);
    r.route = reference(t, route, f.route_ids, "route");
    r.service = reference(t, service, f.service_ids, "service (calendar or calendar_dates)");
    r.shape = have_shapes ? reference(t, shape, f.shape_ids, "shape", true) : no_index;
    r.direction_id = static_cast<std::int8_t>(t.integer(dir, -1, 0, 1));
    r.wheelchair_accessible = static_cast<std::uint8_t>(t.integer(wheel, 0, 0, 2));
    r.bikes_allowed = static_cast<std::uint8_t>(t.integer(bikes, 0, 0, 2));
    if (!t.row_ok()) continue;
    r.headsign = t.text(head), r.short_name = t.text(sn), r.block_id = t.text(block);
    r.jp_trip_desc = t.text(jdesc), r.jp_trip_desc_symbol = t.text(jsym), r.jp_office_id = t.text(joffice);
    if (new_id(t, id, f.trip_ids, tid) == no_index) continue;
    f.trips.push_back(std::move(r));
  }
}

}  // namespace cityos::mobility::gtfs::detail
