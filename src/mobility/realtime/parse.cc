// SPDX-License-Identifier: Apache-2.0
#include "mobility/realtime/parse.h"

#include <limits>
#include <string>

#include "mobility/realtime/detail/gtfs_realtime.pb.h"

namespace cityos::mobility::realtime {

namespace {

namespace pb = cityos::gtfs_rt;

trip_descriptor trip_of(pb::TripDescriptor const& t) {
  trip_descriptor out;
  out.trip_id = t.trip_id();
  out.route_id = t.route_id();
  out.start_time = t.start_time();
  out.start_date = t.start_date();
  if (t.has_direction_id()) out.direction_id = t.direction_id();
  out.relationship = static_cast<trip_relationship>(t.schedule_relationship());
  return out;
}

vehicle_descriptor vehicle_of(pb::VehicleDescriptor const& v) { return {v.id(), v.label(), v.license_plate()}; }

stop_time_event event_of(pb::TripUpdate::StopTimeEvent const& e) {
  stop_time_event out;
  if (e.has_delay()) out.delay = e.delay();
  if (e.has_time()) out.time = e.time();
  return out;
}

trip_update trip_update_of(std::string const& id, pb::TripUpdate const& u) {
  trip_update out;
  out.entity_id = id;
  out.trip = trip_of(u.trip());
  if (u.has_vehicle()) out.vehicle = vehicle_of(u.vehicle());
  if (u.has_timestamp()) out.timestamp = u.timestamp();
  if (u.has_delay()) out.delay = u.delay();
  out.stops.reserve(static_cast<std::size_t>(u.stop_time_update_size()));
  for (auto const& s : u.stop_time_update()) {
    stop_time_update st;
    if (s.has_stop_sequence()) st.stop_sequence = s.stop_sequence();
    st.stop_id = s.stop_id();
    if (s.has_arrival()) st.arrival = event_of(s.arrival());
    if (s.has_departure()) st.departure = event_of(s.departure());
    st.relationship = static_cast<stop_relationship>(s.schedule_relationship());
    out.stops.push_back(std::move(st));
  }
  return out;
}

vehicle_position vehicle_position_of(std::string const& id, pb::VehiclePosition const& v) {
  vehicle_position out;
  out.entity_id = id;
  if (v.has_trip()) out.trip = trip_of(v.trip());
  if (v.has_vehicle()) out.vehicle = vehicle_of(v.vehicle());
  if (v.has_position()) {
    auto const& p = v.position();
    position where{p.latitude(), p.longitude(), {}, {}, {}};
    if (p.has_bearing()) where.bearing = p.bearing();
    if (p.has_speed()) where.speed = p.speed();
    if (p.has_odometer()) where.odometer = p.odometer();
    out.where = where;
  }
  if (v.has_current_stop_sequence()) out.current_stop_sequence = v.current_stop_sequence();
  out.stop_id = v.stop_id();
  if (v.has_current_status()) out.current_status = static_cast<std::uint8_t>(v.current_status());
  if (v.has_timestamp()) out.timestamp = v.timestamp();
  return out;
}

}  // namespace

result<realtime_feed> parse_feed(std::string_view bytes) {
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    return make_error(error_code::invalid_request, "GTFS-Realtime message larger than 2 GiB");
  pb::FeedMessage msg;
  if (!msg.ParsePartialFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return make_error(error_code::invalid_request,
                      "not a GTFS-Realtime FeedMessage (" + std::to_string(bytes.size()) +
                          " bytes): malformed protobuf");
  if (!msg.IsInitialized())
    return make_error(error_code::invalid_request,
                      "GTFS-Realtime FeedMessage lacks required fields: " + msg.InitializationErrorString());
  realtime_feed out;
  out.version = msg.header().gtfs_realtime_version();
  out.differential = msg.header().incrementality() == pb::FeedHeader::DIFFERENTIAL;
  if (msg.header().has_timestamp()) out.timestamp = msg.header().timestamp();
  for (auto const& e : msg.entity()) {
    if (e.is_deleted()) {
      ++out.deleted;
      continue;
    }
    if (e.has_trip_update()) out.trip_updates.push_back(trip_update_of(e.id(), e.trip_update()));
    if (e.has_vehicle()) out.vehicles.push_back(vehicle_position_of(e.id(), e.vehicle()));
    if (!e.has_trip_update() && !e.has_vehicle()) ++out.other;
  }
  return out;
}

}  // namespace cityos::mobility::realtime
