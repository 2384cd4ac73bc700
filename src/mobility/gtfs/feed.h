// SPDX-License-Identifier: Apache-2.0
// A GTFS / GTFS-JP feed in memory. Ids are interned (id_table) and records refer
// to each other by index: stops[i] is the stop whose id is stop_ids.name(i), and
// so on for agencies, routes, trips and fares. Times are seconds after midnight
// of the service day (may exceed 86400), dates days since 1970-01-01, -1 = absent.
// stop_times are sorted by (trip, stop_sequence); trip::first_stop_time and
// stop_time_count give each trip's slice. Immutable after loading; safe to share.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mobility/gtfs/id_table.h"

namespace cityos::mobility::gtfs {

struct agency {
  std::string name, url, timezone, lang, phone, fare_url, email;
};

struct stop {
  std::string code, name, desc, url, timezone, platform_code;
  double lat = 0, lon = 0;
  index_t zone = no_index;          // zone_ids
  index_t parent = no_index;        // stop_ids
  std::uint8_t location_type = 0;   // 0 stop, 1 station, 2 entrance, 3 node, 4 boarding area
  std::uint8_t wheelchair_boarding = 0;
};

struct route {
  index_t agency = no_index;
  std::string short_name, long_name, desc, url, color, text_color;
  std::string jp_parent_route_id;   // GTFS-JP
  std::int32_t type = 3;
  std::int32_t sort_order = -1;
};

struct trip {
  index_t route = no_index;
  index_t service = no_index;       // service_ids
  index_t shape = no_index;         // shape_ids
  std::string headsign, short_name, block_id;
  std::string jp_trip_desc, jp_trip_desc_symbol, jp_office_id;  // GTFS-JP
  std::int8_t direction_id = -1;
  std::uint8_t wheelchair_accessible = 0, bikes_allowed = 0;
  std::uint32_t first_stop_time = 0, stop_time_count = 0;
};

// 28 bytes: the table that reaches millions of rows.
struct stop_time {
  index_t trip = no_index;
  index_t stop = no_index;
  std::int32_t arrival = -1, departure = -1;
  std::uint32_t sequence = 0;
  index_t headsign = no_index;      // feed::texts
  std::uint8_t pickup_type = 0, drop_off_type = 0, timepoint = 1;
};

struct calendar {
  index_t service = no_index;
  std::uint8_t weekdays = 0;        // bit 0 Monday .. bit 6 Sunday
  std::int32_t start_date = -1, end_date = -1;
};

struct calendar_date {
  index_t service = no_index;
  std::int32_t date = -1;
  std::uint8_t exception_type = 1;  // 1 added, 2 removed
};

struct frequency {
  index_t trip = no_index;
  std::int32_t start = -1, end = -1, headway_secs = 0;
  bool exact_times = false;
};

struct transfer {
  index_t from_stop = no_index, to_stop = no_index;
  index_t from_route = no_index, to_route = no_index, from_trip = no_index, to_trip = no_index;
  std::uint8_t type = 0;            // 0 recommended, 1 timed, 2 minimum time, 3 forbidden
  std::int32_t min_transfer_time = -1;
};

struct fare_attribute {
  double price = 0;
  std::string currency;
  std::uint8_t payment_method = 0;
  std::int32_t transfers = -1;      // -1: unlimited
  index_t agency = no_index;
  std::int32_t transfer_duration = -1;
};

struct fare_rule {
  index_t fare = no_index;          // fare_ids
  index_t route = no_index;
  index_t origin = no_index, destination = no_index, contains = no_index;  // zone_ids
};

// Both forms: GTFS (table_name, field_name, record_id, ...) and the older
// trans_id/lang form of GTFS-JP v2, read as field_value = trans_id.
struct translation {
  std::string table_name, field_name, language, text, record_id, record_sub_id, field_value;
};

struct feed_info {
  std::string publisher_name, publisher_url, lang, default_lang, version, contact_email, contact_url;
  std::int32_t start_date = -1, end_date = -1;
};

struct shape_point {
  index_t shape = no_index;
  std::uint32_t sequence = 0;
  float lat = 0, lon = 0;
  float dist_traveled = -1;
};

struct agency_jp {
  index_t agency = no_index;
  std::string official_name, zip_number, address, president_pos, president_name;
};

struct route_jp {
  index_t route = no_index;
  std::string update_date, origin_stop, via_stop, destination_stop;
};

struct office_jp {
  std::string id, name, url, phone;
};

struct feed {
  id_table agency_ids, stop_ids, route_ids, trip_ids, service_ids, zone_ids, shape_ids, fare_ids;
  id_table texts;  // repeated free text of big tables (stop_headsign)

  std::vector<agency> agencies;
  std::vector<stop> stops;
  std::vector<route> routes;
  std::vector<trip> trips;
  std::vector<stop_time> stop_times;
  std::vector<calendar> calendars;
  std::vector<calendar_date> calendar_dates;
  std::vector<frequency> frequencies;
  std::vector<transfer> transfers;
  std::vector<fare_attribute> fare_attributes;
  std::vector<fare_rule> fare_rules;
  std::vector<translation> translations;
  std::vector<feed_info> feed_infos;
  std::vector<shape_point> shape_points;  // sorted by (shape, sequence)
  std::vector<agency_jp> agencies_jp;
  std::vector<route_jp> routes_jp;
  std::vector<office_jp> offices_jp;
};

}  // namespace cityos::mobility::gtfs
