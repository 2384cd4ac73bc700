// SPDX-License-Identifier: Apache-2.0
// One function per GTFS file: reads its rows into `feed`, checking references to
// files loaded before it (feed_loader.cc calls them in dependency order).
// Private to mobility/gtfs.
#pragma once

#include <string_view>

#include "mobility/gtfs/detail/table_reader.h"
#include "mobility/gtfs/feed.h"

namespace cityos::mobility::gtfs::detail {

// The index of `id` in `ids`, or no_index after reporting "unknown <what>" as an
// error (row skipped) or, if `soft`, a warning. Empty `id` gives no_index silently.
index_t reference(table_reader& t, int col, id_table const& ids, std::string_view what, bool soft = false);

void load_agency(table_reader& t, feed& f);
void load_stops(table_reader& t, feed& f);
void load_routes(table_reader& t, feed& f);
void load_shapes(table_reader& t, feed& f);
void load_calendar(table_reader& t, feed& f);
void load_calendar_dates(table_reader& t, feed& f);
void load_trips(table_reader& t, feed& f, bool have_shapes);
void load_stop_times(table_reader& t, feed& f);
void load_frequencies(table_reader& t, feed& f);
void load_transfers(table_reader& t, feed& f);
void load_fare_attributes(table_reader& t, feed& f);
void load_fare_rules(table_reader& t, feed& f);
void load_translations(table_reader& t, feed& f);
void load_feed_info(table_reader& t, feed& f);
void load_agency_jp(table_reader& t, feed& f);
void load_routes_jp(table_reader& t, feed& f);
void load_office_jp(table_reader& t, feed& f);

}  // namespace cityos::mobility::gtfs::detail
