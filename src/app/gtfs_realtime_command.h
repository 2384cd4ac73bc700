// SPDX-License-Identifier: Apache-2.0
// `cityos gtfs realtime FEED --updates FILE|URL [--broker URL] [--tenant T]`:
// loads a static GTFS feed and a GTFS-Realtime message (mobility/realtime),
// applies its trip updates to the planner's timetable and prints a summary
// (trips updated and canceled, skipped stops, unmatched trip ids, overlay build
// time); with --broker, upserts the vehicle positions as Vehicle entities
// (ids urn:ngsi-ld:Vehicle:<prefix>:<vehicle id>) through the batch API.
#pragma once

#include <ostream>

#include <CLI/CLI.hpp>

#include "app/gtfs_command.h"

namespace cityos::app {

// Adds `realtime` under the `gtfs` command, options bound to `s`.
void add_gtfs_realtime_command(CLI::App& gtfs, gtfs_settings& s);

// Runs it: summary to `out`, progress to `progress`. Returns 0 on success, 1
// when the feed or the updates cannot be read or parsed, the broker cannot be
// reached, or it rejects any entity.
int run_gtfs_realtime(gtfs_settings const& s, std::ostream& out, std::ostream& progress);

}  // namespace cityos::app
