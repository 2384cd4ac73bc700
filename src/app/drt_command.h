// SPDX-License-Identifier: Apache-2.0
// `cityos drt ...`: the on-demand transport dispatcher's commands (issue 5).
// `cityos drt check INSTANCE SOLUTION [--format lilim|cordeau]` reads a
// benchmark instance and a SINTEF-format solution and prints the checker's
// report (mobility/drt/checker.h). `cityos drt solve --format lilim|cordeau
// INSTANCE --time-limit S --out SOLUTION [--seed N] [--progress]` solves it
// and writes the SINTEF solution file. `cityos drt day --fleet FLEET.json
// --bookings BOOKINGS.json [--time-limit S] [--out PLAN.json]` decides a day's
// bookings together (next-day mode) and writes the plans. To add a subcommand: a field group in
// drt_settings, an add_drt_<name> in add_drt_command, a branch in run_drt.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

namespace cityos::app {

struct drt_settings {
  std::string command;           // the subcommand given: "check", "solve", "day"
  std::string instance;          // instance file
  std::string format = "lilim";  // "lilim" or "cordeau"
  // check
  std::string solution;          // SINTEF solution file
  // solve
  double time_limit = 10;        // seconds
  std::uint64_t seed = 1;
  std::string out;               // SINTEF solution file to write
  bool progress = false;         // print every new best solution to `err`
  // day (time_limit, seed and out as for solve; out optional)
  std::string fleet;             // fleet file (drt_service/fleet_config.h)
  std::string bookings;          // {"requests": [booking, ...]} or [booking, ...]
};

// Adds `drt` with its subcommands, options bound to `s`.
void add_drt_command(CLI::App& cli, drt_settings& s);
// Runs the subcommand named by s.command; returns its exit code.
int run_drt(drt_settings const& s, std::ostream& out, std::ostream& err);

// Checks s.solution against s.instance, report to `out`, errors to `err`.
// Returns 0 if feasible, 1 if infeasible, 2 if an input cannot be read.
int run_drt_check(drt_settings const& s, std::ostream& out, std::ostream& err);

// Solves s.instance with the ALNS solver (mobility/drt/solver.h) within
// s.time_limit, writes the SINTEF solution to s.out, prints the summary
// (vehicles, distance, time used, checker verdict) to `out`. Returns 0 if the
// checker accepts the solution and every request is served, 1 if not, 2 if an
// input cannot be read or the output cannot be written. (drt_solve_command.cc)
int run_drt_solve(drt_settings const& s, std::ostream& out, std::ostream& err);

// Decides s.bookings together on a fresh dispatcher for s.fleet, deciding at
// the earliest shift start (regret insertion, then s.time_limit of search);
// prints served / rejected / vehicles used / total distance to `out`, writes
// the decisions and plans as JSON to s.out if given. Returns 0, or 2 if an
// input cannot be read or the output cannot be written. (drt_day_command.cc)
int run_drt_day(drt_settings const& s, std::ostream& out, std::ostream& err);

}  // namespace cityos::app
