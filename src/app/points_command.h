// SPDX-License-Identifier: Apache-2.0
// `cityos points ...`: offline tools of the health-points service (issue 7).
//   cityos points replay FILE (--preset NAME | --programme FILE) [--out BALANCES.json]
//       [--verify] [--json] [--progress N]
//   cityos points sample [--persons N] [--days D] [--seed S] [--start DATE] > uploads.jsonl
// replay re-runs a programme's rules over a file of uploads (JSON lines, one
// API operation each; format in docs/health-points.md) on an in-memory store
// and prints what it gave; sample writes such a file of realistic uploads.
// To add a subcommand: fields in points_settings, an add_points_<name> in
// add_points_command, a branch in run_points.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

namespace cityos::app {

struct points_settings {
  std::string command;  // the subcommand given: "replay", "sample"
  // replay
  std::string file;                    // JSON lines of operations
  std::string preset;                  // a built-in programme (wellness/points/presets.h), or
  std::string programme;               // a programme file (JSON or YAML)
  std::string out;                     // per-person balances to write (JSON); "" none
  bool verify = false;                 // re-derive the ledger at the end; not ok -> exit 1
  bool json = false;                   // print the summary as JSON instead of text
  std::size_t progress_every = 100'000;  // a progress line on `err` every N lines; 0 none
  // sample
  std::size_t persons = 100;
  int days = 365;
  std::uint64_t seed = 1;
  std::string start = "2026-04-01";  // the first day (the Japanese fiscal year starts in April)
};

// Adds `points` with its subcommands, options bound to `s`.
void add_points_command(CLI::App& cli, points_settings& s);
// Runs the subcommand named by s.command; returns its exit code.
int run_points(points_settings const& s, std::ostream& out, std::ostream& err);

// Replays s.file through a points service for s.preset / s.programme on an
// in-memory store. Each line is {"op": "enrol"|"steps"|"event"|"redeem"|
// "review"|"adjust", "at"?: ISO 8601 time received, ...the API call's body}
// (review: the body plus "person" and "date"). The service's clock follows
// "at" (default: the end of the body's "date" in Japan, or "joined"'s start
// for enrol, else the previous line's time) and expire_all runs at every
// month change. Prints the summary to `out`, bad lines (line number and
// reason) and progress to `err`. Returns 0; 1 if a line was bad or --verify
// found a mismatch; 2 if the programme or the file cannot be read or the
// balances cannot be written. Refusals by the rules (late upload, not
// enrolled, insufficient points) are counted, not errors. (points_replay.cc)
int run_points_replay(points_settings const& s, std::ostream& out, std::ostream& err);

// Writes s.persons persons' enrolments and s.days days of step uploads from
// s.start as replay lines to `out`, in the order received, deterministic for a
// seed: daily steps lognormal around 6,500 (each person their own level) with
// 24 hourly samples, some days missing, ~2 % manual entries, ~0.5 % phone-shaker
// days (a flat 4,000 steps an hour), ~25 % synced at midday and replaced at
// night, ~4 % uploaded 1-3 days late. Returns 0, 2 for a bad start date.
// (points_sample.cc)
int run_points_sample(points_settings const& s, std::ostream& out, std::ostream& err);

}  // namespace cityos::app
