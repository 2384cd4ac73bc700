// SPDX-License-Identifier: Apache-2.0
#include "app/flood_command.h"

#include <fstream>
#include <sstream>

#include "safety/flood_watch/backtest_io.h"
#include "safety/river/presets.h"

namespace cityos::app {

namespace {

result<std::string> read_file(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(error_code::not_found, "cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

result<safety::river::station> load_station(flood_settings const& s) {
  if (!s.station.empty()) {
    auto st = safety::river::load_station_preset(s.station);
    if (!st) {
      std::string names;
      for (auto n : safety::river::station_preset_names()) names += (names.empty() ? "" : ", ") + std::string(n);
      return make_error(error_code::not_found, "unknown station preset '" + s.station + "' (presets: " + names + ")");
    }
    return st;
  }
  auto text = read_file(s.config);
  if (!text) return std::move(text).err();
  return safety::river::parse_station_text(*text);
}

int run_backtest(flood_settings const& s, std::ostream& out, std::ostream& err) {
  auto station = load_station(s);
  if (!station) {
    err << "flood backtest: " << station.err().detail << "\n";
    return 2;
  }
  auto text = read_file(s.readings);
  if (!text) {
    err << "flood backtest: " << text.err().detail << "\n";
    return 2;
  }
  auto readings = safety::flood_watch::parse_readings_csv(*text);
  if (!readings) {
    err << "flood backtest: " << s.readings << ": " << readings.err().detail << "\n";
    return 2;
  }
  safety::river::backtest_settings settings;
  settings.tolerance_ms = static_cast<epoch_ms>(s.tolerance_min) * 60'000;
  out << safety::flood_watch::backtest_text(*station, safety::river::run_backtest(*station, *readings, settings));
  return 0;
}

}  // namespace

void add_flood_command(CLI::App& cli, flood_settings& s) {
  auto* flood = cli.add_subcommand("flood", "Flood watch tools (river levels, issue 8)");
  flood->require_subcommand(1);
  auto* bt = flood->add_subcommand("backtest", "Replay a gauge's readings: lead times and false alarms");
  auto* preset = bt->add_option("--station", s.station, "Station preset (fujieda_demo, masuda_demo)");
  auto* config = bt->add_option("--config", s.config, "Station document (JSON, docs/flood-watch.md)");
  preset->excludes(config);
  bt->add_option("--readings", s.readings, "CSV file of time,level (ISO 8601 or epoch ms, metres)")->required();
  bt->add_option("--tolerance", s.tolerance_min, "Minutes a prediction may be late before it is a false alarm")
      ->capture_default_str()
      ->check(CLI::Range(0, 720));
  bt->callback([&s] { s.command = "backtest"; });
}

int run_flood(flood_settings const& s, std::ostream& out, std::ostream& err) {
  if (s.command == "backtest") {
    if (s.station.empty() && s.config.empty()) {
      err << "flood backtest: give --station PRESET or --config FILE\n";
      return 2;
    }
    return run_backtest(s, out, err);
  }
  err << "flood: unknown command\n";
  return 2;
}

}  // namespace cityos::app
