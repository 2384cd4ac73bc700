// SPDX-License-Identifier: Apache-2.0
// A GTFS-Realtime feed message as plain values (no protobuf types): the trip
// updates and vehicle positions CityOS uses. Ids are the producer's strings,
// resolved against the static feed later (overlay.h, vehicles.h). Absent
// optional fields are std::nullopt or empty strings. Immutable once parsed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cityos::mobility::realtime {

// TripDescriptor.ScheduleRelationship (values as in the reference).
enum class trip_relationship : std::uint8_t {
  scheduled = 0, added = 1, unscheduled = 2, canceled = 3, replacement = 5, duplicated = 6, deleted = 7
};
// TripUpdate.StopTimeUpdate.ScheduleRelationship.
enum class stop_relationship : std::uint8_t { scheduled = 0, skipped = 1, no_data = 2, unscheduled = 3 };

struct trip_descriptor {
  std::string trip_id, route_id;
  std::string start_time;  // "HH:MM:SS" as sent; may exceed 24:00:00
  std::string start_date;  // "YYYYMMDD" as sent
  std::optional<std::uint32_t> direction_id;
  trip_relationship relationship = trip_relationship::scheduled;
};

struct vehicle_descriptor {
  std::string id, label, license_plate;
};

struct stop_time_event {
  std::optional<std::int32_t> delay;  // seconds late (negative: early)
  std::optional<std::int64_t> time;   // POSIX seconds
};

struct stop_time_update {
  std::optional<std::uint32_t> stop_sequence;  // stop_times.txt stop_sequence
  std::string stop_id;
  std::optional<stop_time_event> arrival, departure;
  stop_relationship relationship = stop_relationship::scheduled;
};

struct trip_update {
  std::string entity_id;
  trip_descriptor trip;
  vehicle_descriptor vehicle;
  std::vector<stop_time_update> stops;  // in stop order, as sent
  std::optional<std::uint64_t> timestamp;
  std::optional<std::int32_t> delay;    // trip-level delay (used when no stop has one)
};

struct position {
  double lat = 0, lon = 0;  // WGS84 degrees (sent as float)
  std::optional<double> bearing, speed, odometer;  // degrees from north, m/s, m
};

struct vehicle_position {
  std::string entity_id;
  std::optional<trip_descriptor> trip;
  vehicle_descriptor vehicle;
  std::optional<position> where;
  std::optional<std::uint32_t> current_stop_sequence;
  std::string stop_id;
  std::optional<std::uint8_t> current_status;  // 0 incoming at, 1 stopped at, 2 in transit to
  std::optional<std::uint64_t> timestamp;      // POSIX seconds of the position
};

struct realtime_feed {
  std::string version;  // gtfs_realtime_version
  bool differential = false;
  std::optional<std::uint64_t> timestamp;  // POSIX seconds the feed was made
  std::vector<trip_update> trip_updates;
  std::vector<vehicle_position> vehicles;
  std::size_t deleted = 0;  // entities with is_deleted, not kept
  std::size_t other = 0;    // entities with neither a trip update nor a position (alerts...)
};

}  // namespace cityos::mobility::realtime
