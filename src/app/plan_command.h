// SPDX-License-Identifier: Apache-2.0
// `cityos plan --gtfs DIR --from PLACE --to PLACE --time LOCAL_TIME`: loads a
// feed, plans one journey and prints the itineraries readably, or with --json
// the JSON of GET /api/v1/plan. Places are "lat,lon" or "stop:STOP_ID".
#pragma once

#include <ostream>
#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

namespace cityos::app {

struct plan_settings {
  std::string gtfs;             // feed folder or .zip
  std::string from, to, time;   // as the HTTP parameters
  bool arrive_by = false;
  int max_transfers = 3;
  std::string max_walk;         // metres; empty: the planner's default (1000)
  std::string lang;             // empty: the feed's names
  std::string max_transfer_walk;  // metres; empty: the timetable's footpath radius
  bool wheelchair = false;
  bool no_fares = false;
  std::string realtime;         // GTFS-Realtime file or URL; empty: the schedule
  std::int32_t utc_offset = 32400;  // feed local time minus UTC, for --realtime
  bool json = false;
};

// Adds `plan` with its options bound to `s`.
void add_plan_command(CLI::App& cli, plan_settings& s);
// Plans and prints to `out`; errors to `err`. Returns 0 on success (also when
// no itinerary is found), 1 if the feed cannot be loaded, 2 for bad input.
int run_plan(plan_settings const& s, std::ostream& out, std::ostream& err);

}  // namespace cityos::app
