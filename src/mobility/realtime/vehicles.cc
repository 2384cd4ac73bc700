// SPDX-License-Identifier: Apache-2.0
#include "mobility/realtime/vehicles.h"

#include "common/time.h"
#include "mobility/gtfs/publish.h"

namespace cityos::mobility::realtime {

namespace {

json::object property(json::value v) { return {{"type", "Property"}, {"value", std::move(v)}}; }
json::object relationship(std::string object) { return {{"type", "Relationship"}, {"object", std::move(object)}}; }

// The static route of a position: its trip's route, else the descriptor's route_id.
std::optional<gtfs::index_t> route_of(gtfs::feed const& f, trip_descriptor const& d) {
  if (auto t = f.trip_ids.find(d.trip_id); !d.trip_id.empty() && t && *t < f.trips.size()) return f.trips[*t].route;
  if (auto r = f.route_ids.find(d.route_id); !d.route_id.empty() && r && *r < f.routes.size()) return *r;
  return std::nullopt;
}

json::object entity_of(gtfs::feed const& f, vehicle_position const& v, vehicle_options const& o) {
  std::string const& vid = v.vehicle.id.empty() ? v.entity_id : v.vehicle.id;
  json::object e{{"id", gtfs::gtfs_entity_id("Vehicle", o.prefix, vid)}, {"type", "Vehicle"}};
  json::object location{{"type", "GeoProperty"},
                        {"value", json::object{{"type", "Point"}, {"coordinates", json::array{v.where->lon, v.where->lat}}}}};
  std::string observed;
  if (v.timestamp) observed = format_iso8601(static_cast<epoch_ms>(*v.timestamp) * 1000);
  if (!observed.empty()) location["observedAt"] = observed;
  e["location"] = std::move(location);
  if (v.where->bearing) e["bearing"] = property(*v.where->bearing);
  if (v.where->speed) e["speed"] = property(*v.where->speed * 3.6);
  if (!v.vehicle.label.empty()) e["name"] = property(json::string(v.vehicle.label));
  if (!v.vehicle.license_plate.empty()) e["vehiclePlateIdentifier"] = property(json::string(v.vehicle.license_plate));
  e["fleetVehicleId"] = property(json::string(vid));
  if (v.trip) {
    auto const route = route_of(f, *v.trip);
    e["vehicleType"] = property(json::string(vehicle_type(route ? f.routes[*route].type : -1)));
    if (route) e["refGtfsRoute"] = relationship(gtfs::gtfs_entity_id("GtfsRoute", o.prefix, f.route_ids.name(*route)));
    if (!v.trip->trip_id.empty()) e["tripId"] = property(json::string(v.trip->trip_id));
    e["serviceStatus"] = property("onRoute");
  }
  if (v.current_stop_sequence) e["currentStopSequence"] = property(*v.current_stop_sequence);
  if (auto s = f.stop_ids.find(v.stop_id); !v.stop_id.empty() && s)
    e["refGtfsStop"] = relationship(gtfs::gtfs_entity_id("GtfsStop", o.prefix, v.stop_id));
  if (!observed.empty()) e["observationDateTime"] = property(json::object{{"@type", "DateTime"}, {"@value", observed}});
  return e;
}

}  // namespace

std::string vehicle_type(std::int32_t route_type) {
  if (route_type == 0 || route_type == 5 || (route_type >= 900 && route_type < 1000)) return "tram";
  if (route_type == 3 || (route_type >= 700 && route_type < 800)) return "bus";
  if (route_type == 11 || route_type == 800) return "trolley";
  return "other";
}

std::vector<json::object> vehicle_entities(gtfs::feed const& f, realtime_feed const& rt, vehicle_options const& o) {
  std::vector<json::object> out;
  for (auto const& v : rt.vehicles)
    if (v.where) out.push_back(entity_of(f, v, o));
  return out;
}

}  // namespace cityos::mobility::realtime
