// SPDX-License-Identifier: Apache-2.0
#include "app/drt_command.h"

#include "mobility/drt/checker.h"
#include "mobility/drt/instance_reader.h"
#include "mobility/drt/solution_file.h"

namespace cityos::app {
namespace {

void add_format_option(CLI::App& sub, drt_settings& s) {
  sub.add_option("--format", s.format, "Instance format")
      ->check(CLI::IsMember({"lilim", "cordeau"}))
      ->capture_default_str();
}

void add_drt_check(CLI::App& drt, drt_settings& s) {
  auto* check = drt.add_subcommand("check", "Check a solution file against an instance and report violations");
  check->add_option("instance", s.instance, "Instance file (Li & Lim PDPTW or Cordeau DARP)")->required();
  check->add_option("solution", s.solution, "Solution file in the SINTEF format")->required();
  add_format_option(*check, s);
  check->callback([&s] { s.command = "check"; });
}

void add_drt_solve(CLI::App& drt, drt_settings& s) {
  auto* solve = drt.add_subcommand("solve", "Solve a PDPTW / dial-a-ride instance and write a SINTEF solution file");
  solve->add_option("instance", s.instance, "Instance file (Li & Lim PDPTW or Cordeau DARP)")->required();
  solve->add_option("--out", s.out, "Solution file to write (SINTEF format)")->required();
  solve->add_option("--time-limit", s.time_limit, "Seconds to search")->check(CLI::PositiveNumber)->capture_default_str();
  solve->add_option("--seed", s.seed, "Random seed")->capture_default_str();
  solve->add_flag("--progress", s.progress, "Print every new best solution to stderr");
  add_format_option(*solve, s);
  solve->callback([&s] { s.command = "solve"; });
}

void add_drt_day(CLI::App& drt, drt_settings& s) {
  auto* day = drt.add_subcommand("day", "Decide a day's bookings together (next-day mode) and write the plans");
  day->add_option("--fleet", s.fleet, "Fleet file (JSON, as for serve --drt-fleet)")->required();
  day->add_option("--bookings", s.bookings, "Bookings file: {\"requests\": [booking, ...]}")->required();
  day->add_option("--time-limit", s.time_limit, "Seconds to improve the plans")->check(CLI::NonNegativeNumber)->capture_default_str();
  day->add_option("--seed", s.seed, "Random seed")->capture_default_str();
  day->add_option("--out", s.out, "Plan file to write (JSON: decisions and vehicle plans)");
  day->callback([&s] { s.command = "day"; });
}

}  // namespace

void add_drt_command(CLI::App& cli, drt_settings& s) {
  auto* drt = cli.add_subcommand("drt", "On-demand transport (dial-a-ride) dispatcher");
  drt->require_subcommand(1);
  add_drt_check(*drt, s);
  add_drt_solve(*drt, s);
  add_drt_day(*drt, s);
}

int run_drt(drt_settings const& s, std::ostream& out, std::ostream& err) {
  if (s.command == "check") return run_drt_check(s, out, err);
  if (s.command == "solve") return run_drt_solve(s, out, err);
  if (s.command == "day") return run_drt_day(s, out, err);
  err << "unknown drt command '" << s.command << "'\n";
  return 2;
}

int run_drt_check(drt_settings const& s, std::ostream& out, std::ostream& err) {
  namespace drt = mobility::drt;
  auto p = drt::read_instance(s.instance, s.format);
  if (!p) {
    err << "cannot read instance: " << p.err().detail << "\n";
    return 2;
  }
  auto sol = drt::read_solution(s.solution, *p);
  if (!sol) {
    err << "cannot read solution: " << sol.err().detail << "\n";
    return 2;
  }
  auto const report = drt::check_solution(*p, sol->routes);
  drt::write_check_report(*p, report, out);
  return report.feasible() ? 0 : 1;
}

}  // namespace cityos::app
