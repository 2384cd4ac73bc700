// SPDX-License-Identifier: Apache-2.0
// `cityos flood ...`: the flood watch's commands (issue 8).
// `cityos flood backtest (--station PRESET | --config STATION.json) --readings FILE.csv`
// replays a gauge's readings (CSV "time,level") through sensor health, the danger
// tracker and the forecast as the service runs them (safety/river/backtest.h) and
// prints the lead time each crossing gained and the false alarms. With
// `--upstream UP.csv [--travel-minutes N] [--gain G]` (an upstream gauge's readings)
// and/or `--rainfall RAIN.csv [--lag-minutes N] [--metres-per-mm K]` (time,mm) it
// replays them too (routed forecast) and also prints the lead gained over the own
// readings alone; the link settings default to the station document's first
// upstream link and its rainfall link.
#pragma once

#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

namespace cityos::app {

struct flood_settings {
  std::string command;   // the subcommand given: "backtest"
  std::string station;   // a station preset (safety/river/presets.h)
  std::string config;    // or a station document (docs/flood-watch.md)
  std::string readings;  // CSV file
  int tolerance_min = 15;
  std::string upstream;       // CSV of an upstream gauge (time,level)
  int travel_minutes = 0;     // 0: the station document's first upstream link's
  double gain = -1;           // < 0: the link's (fitted when not configured)
  std::string rainfall;       // CSV of rain reports (time,mm since the previous report)
  int lag_minutes = -1;       // < 0: the station document's rainfall link's
  double metres_per_mm = -1;  // < 0: the link's
};

// Adds `flood` with its subcommands, options bound to `s`.
void add_flood_command(CLI::App& cli, flood_settings& s);
// Runs the subcommand named by s.command: the report to `out`, errors to `err`.
// Returns 0 on success, 2 if an input cannot be read or is invalid.
int run_flood(flood_settings const& s, std::ostream& out, std::ostream& err);

}  // namespace cityos::app
