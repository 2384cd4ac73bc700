// SPDX-License-Identifier: Apache-2.0
#include "app/points_command.h"

namespace cityos::app {
namespace {

void add_points_replay(CLI::App& points, points_settings& s) {
  auto* replay = points.add_subcommand("replay", "Re-run a programme's rules over a file of uploads (JSON lines)");
  replay->add_option("file", s.file, "Uploads: one operation per line (docs/health-points.md)")->required();
  auto* preset = replay->add_option("--preset", s.preset,
                                    "Built-in programme: sapporo_2026, shitara, toei, yamagata, kikuyo, swc");
  auto* programme = replay->add_option("--programme", s.programme, "Programme file (JSON or YAML)");
  preset->excludes(programme);
  programme->excludes(preset);
  replay->add_option("--out", s.out, "Write every participant's balance to this JSON file");
  replay->add_flag("--verify", s.verify, "Re-derive every balance from the ledger; exit 1 on a mismatch");
  replay->add_flag("--json", s.json, "Print the summary as JSON");
  replay->add_option("--progress", s.progress_every, "A progress line on stderr every N lines (0: none)")
      ->capture_default_str();
  replay->callback([&s] {
    if (s.preset.empty() && s.programme.empty()) throw CLI::RequiredError("--preset or --programme");
    s.command = "replay";
  });
}

void add_points_sample(CLI::App& points, points_settings& s) {
  auto* sample = points.add_subcommand("sample", "Write a sample file of step uploads (JSON lines) to stdout");
  sample->add_option("--persons", s.persons, "Participants")->check(CLI::PositiveNumber)->capture_default_str();
  sample->add_option("--days", s.days, "Days of uploads")->check(CLI::Range(1, 3660))->capture_default_str();
  sample->add_option("--seed", s.seed, "Random seed")->capture_default_str();
  sample->add_option("--start", s.start, "First day (YYYY-MM-DD)")->capture_default_str();
  sample->callback([&s] { s.command = "sample"; });
}

}  // namespace

void add_points_command(CLI::App& cli, points_settings& s) {
  auto* points = cli.add_subcommand("points", "Health points (健幸ポイント): replay uploads, make sample uploads");
  points->require_subcommand(1);
  add_points_replay(*points, s);
  add_points_sample(*points, s);
}

int run_points(points_settings const& s, std::ostream& out, std::ostream& err) {
  if (s.command == "replay") return run_points_replay(s, out, err);
  if (s.command == "sample") return run_points_sample(s, out, err);
  err << "unknown points command '" << s.command << "'\n";
  return 2;
}

}  // namespace cityos::app
