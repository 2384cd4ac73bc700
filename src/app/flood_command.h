// SPDX-License-Identifier: Apache-2.0
// `cityos flood ...`: the flood watch's commands (issue 8).
// `cityos flood backtest (--station PRESET | --config STATION.json) --readings FILE.csv`
// replays a gauge's readings (CSV "time,level") through sensor health, the danger
// tracker and the forecast as the service runs them (safety/river/backtest.h) and
// prints the lead time each crossing gained and the false alarms.
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
};

// Adds `flood` with its subcommands, options bound to `s`.
void add_flood_command(CLI::App& cli, flood_settings& s);
// Runs the subcommand named by s.command: the report to `out`, errors to `err`.
// Returns 0 on success, 2 if an input cannot be read or is invalid.
int run_flood(flood_settings const& s, std::ostream& out, std::ostream& err);

}  // namespace cityos::app
