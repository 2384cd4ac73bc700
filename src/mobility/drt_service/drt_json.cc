// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt_service/drt_json.h"

#include <limits>

namespace cityos::mobility::drt_service {

namespace {

json::value time_json(epoch_ms t) {
  if (t == std::numeric_limits<epoch_ms>::max()) return nullptr;
  return json::string(format_iso8601(t));
}

// An unbounded end is left out.
json::object window_json(drt::time_window const& w) {
  json::object o{{"from", time_json(w.from)}};
  if (w.to != std::numeric_limits<epoch_ms>::max()) o["to"] = time_json(w.to);
  return o;
}

json::object point_json(drt::point p) { return {{"lat", p.lat}, {"lon", p.lon}}; }

json::object load_json(drt::load l) { return {{"seats", l.seats}, {"wheelchairs", l.wheelchairs}, {"volume", l.volume}}; }

json::object geo(drt::point p) {
  return {{"type", "GeoProperty"},
          {"value", json::object{{"type", "Point"}, {"coordinates", json::array{p.lon, p.lat}}}}};
}

json::object prop(json::value v) { return {{"type", "Property"}, {"value", std::move(v)}}; }

std::string_view kind_name(drt::booking_kind k) { return k == drt::booking_kind::parcel ? "parcel" : "passenger"; }

}  // namespace

json::object decision_json(drt::decision const& d) {
  json::object o{{"id", d.request_id}, {"accepted", d.accepted}};
  if (d.accepted) {
    o["vehicle"] = d.promised.vehicle;
    o["pickupWindow"] = window_json(d.promised.pickup);
    o["dropoffWindow"] = window_json(d.promised.dropoff);
  } else {
    o["reason"] = d.reason;
    json::array alts;
    for (auto t : d.alternatives) alts.push_back(time_json(t));
    o["alternatives"] = std::move(alts);
  }
  return o;
}

json::object request_json(drt::request_view const& r) {
  json::object o{{"id", r.id},
          {"kind", kind_name(r.kind)},
          {"status", drt::to_string(r.status)},
          {"vehicle", r.promised.vehicle},
          {"pickupWindow", window_json(r.promised.pickup)},
          {"dropoffWindow", window_json(r.promised.dropoff)},
          {"load", load_json(r.amount)},
          {"pickup", point_json(r.pickup)},
          {"dropoff", point_json(r.dropoff)}};
  if (!r.rider.empty()) o["rider"] = r.rider;
  return o;
}

json::array plan_json(drt::vehicle_view const& v) {
  json::array plan;
  for (auto const& s : v.plan)
    plan.push_back(json::object{{"requestId", s.request_id},
                                {"action", s.kind == drt::node_kind::pickup ? "pickup" : "dropoff"},
                                {"location", point_json(s.at)},
                                {"eta", time_json(s.eta)},
                                {"window", window_json(s.window)}});
  return plan;
}

json::object vehicle_json(drt::vehicle_view const& v) {
  return {{"id", v.id},
          {"inService", v.in_service},
          {"position", point_json(v.position)},
          {"freeAt", time_json(v.free_at)},
          {"capacity", load_json(v.capacity)},
          {"onboard", load_json(v.onboard)},
          {"plannedStops", v.plan.size()}};
}

std::string vehicle_entity_id(std::string_view id) { return "urn:ngsi-ld:Vehicle:drt:" + std::string(id); }
std::string request_entity_id(std::string_view id) { return "urn:ngsi-ld:DrtRequest:" + std::string(id); }

json::object vehicle_entity(drt::vehicle_view const& v) {
  std::string_view status = !v.in_service ? "outOfService" : v.plan.empty() ? "parked" : "onRoute";
  return {{"id", vehicle_entity_id(v.id)},
          {"type", "Vehicle"},
          {"vehicleType", prop("minibus")},
          {"location", geo(v.position)},
          {"serviceStatus", prop(json::string(status))},
          {"onboard", prop(load_json(v.onboard))},
          {"vehiclePlan", prop(plan_json(v))}};
}

json::object request_entity(drt::request_view const& r) {
  json::object e{{"id", request_entity_id(r.id)},
                 {"type", "DrtRequest"},
                 {"requestKind", prop(json::string(kind_name(r.kind)))},
                 {"status", prop(json::string(drt::to_string(r.status)))},
                 {"promisedPickup", prop(window_json(r.promised.pickup))},
                 {"promisedDropoff", prop(window_json(r.promised.dropoff))},
                 {"pickupLocation", geo(r.pickup)},
                 {"dropoffLocation", geo(r.dropoff)}};
  e["load"] = prop(load_json(r.amount));
  if (r.requested_pickup) e["requestedPickupTime"] = prop(time_json(*r.requested_pickup));
  if (r.picked_up) e["pickedUpAt"] = prop(time_json(*r.picked_up));
  if (!r.rider.empty()) e["subject"] = prop(json::string(r.rider));
  if (!r.promised.vehicle.empty())
    e["refVehicle"] = json::object{{"type", "Relationship"}, {"object", vehicle_entity_id(r.promised.vehicle)}};
  return e;
}

json::object rejected_request_entity(drt::booking const& b, drt::decision const& d) {
  json::object e{{"id", request_entity_id(d.request_id)},
                 {"type", "DrtRequest"},
                 {"requestKind", prop(json::string(kind_name(b.kind)))},
                 {"status", prop("rejected")},
                 {"rejectionReason", prop(json::string(d.reason))},
                 {"pickupLocation", geo(b.pickup)},
                 {"dropoffLocation", geo(b.dropoff)},
                 {"load", prop(load_json(b.amount))}};
  if (auto t = drt::requested_pickup(b)) e["requestedPickupTime"] = prop(time_json(*t));
  if (!b.rider.empty()) e["subject"] = prop(json::string(b.rider));
  return e;
}

}  // namespace cityos::mobility::drt_service
