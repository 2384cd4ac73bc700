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

result<std::vector<safety::river::reading>> read_series(std::string const& path) {
  auto text = read_file(path);
  if (!text) return std::move(text).err();
  auto series = safety::flood_watch::parse_readings_csv(*text);
  if (!series) return make_error(series.err().code, path + ": " + series.err().detail);
  return series;
}

// The station's links for the routed run: the document's, overridden by the options.
result<void> link_options(flood_settings const& s, safety::river::station& st) {
  if (!s.upstream.empty()) {
    safety::river::upstream_link link;
    if (!st.upstream.empty()) link = st.upstream.front();
    if (link.station.empty()) link.station = "upstream";
    if (s.travel_minutes > 0) link.travel_ms = static_cast<epoch_ms>(s.travel_minutes) * 60'000;
    if (link.travel_ms <= 0)
      return make_error(error_code::bad_request, "--upstream needs --travel-minutes (or an upstream link in --config)");
    if (s.gain >= 0) link.gain = s.gain;
    st.upstream = {link};
  } else {
    st.upstream.clear();
  }
  if (!s.rainfall.empty()) {
    safety::river::rainfall_link link;
    bool const configured = st.rainfall.has_value();
    if (configured) link = *st.rainfall;
    if (link.entity.empty()) link.entity = s.rainfall;
    if (s.lag_minutes >= 0) link.lag_ms = static_cast<epoch_ms>(s.lag_minutes) * 60'000;
    if (s.metres_per_mm >= 0) link.metres_per_mm = s.metres_per_mm;
    if (!configured && (s.lag_minutes < 0 || s.metres_per_mm < 0))
      return make_error(error_code::bad_request,
                        "--rainfall needs --lag-minutes and --metres-per-mm (or a rainfall link in --config)");
    st.rainfall = link;
  } else {
    st.rainfall.reset();
  }
  return {};
}

// Backtests the readings with the upstream gauge and/or rain and alone; prints both and the lead gained.
int run_routed(flood_settings const& s, safety::river::station const& station,
               std::vector<safety::river::reading> const& readings, safety::river::backtest_settings const& settings,
               std::ostream& out, std::ostream& err) {
  auto routed = station;
  if (auto r = link_options(s, routed); !r) {
    err << "flood backtest: " << r.err().detail << "\n";
    return 2;
  }
  std::vector<safety::river::reading> upstream, rain;
  for (auto [path, series] : {std::pair{&s.upstream, &upstream}, std::pair{&s.rainfall, &rain}}) {
    if (path->empty()) continue;
    auto got = read_series(*path);
    if (!got) {
      err << "flood backtest: " << got.err().detail << "\n";
      return 2;
    }
    *series = std::move(*got);
  }
  for (auto const& r : rain) {
    if (r.level_m < 0) {
      err << "flood backtest: " << s.rainfall << ": rain amounts must not be negative\n";
      return 2;
    }
  }
  auto alone = station;
  alone.upstream.clear();
  alone.rainfall.reset();
  auto const own = safety::river::run_backtest(alone, readings, settings);
  safety::river::backtest_series more;
  if (!upstream.empty()) more.upstream.push_back(upstream);
  more.rain = rain;
  auto const with = safety::river::run_backtest(routed, readings, more, settings);
  out << "own readings only:\n" << safety::flood_watch::backtest_text(alone, own);
  std::string const with_what = upstream.empty() ? "the rainfall"
                                : rain.empty()     ? "the upstream gauge"
                                                   : "the upstream gauge and the rainfall";
  out << "\nwith " << with_what << ":\n"
      << safety::flood_watch::backtest_text(routed, with) << "\n"
      << safety::flood_watch::lead_gain_text(own, with);
  return 0;
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
  if (s.upstream.empty() && s.rainfall.empty()) {
    out << safety::flood_watch::backtest_text(*station, safety::river::run_backtest(*station, *readings, settings));
    return 0;
  }
  return run_routed(s, *station, *readings, settings, out, err);
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
  bt->add_option("--upstream", s.upstream, "CSV file of an upstream gauge's time,level: also backtest with it");
  bt->add_option("--travel-minutes", s.travel_minutes, "Minutes the flood wave takes from the upstream gauge")
      ->check(CLI::Range(1, 1440));
  bt->add_option("--gain", s.gain, "Downstream change per metre upstream (default: fitted)")
      ->check(CLI::Range(0.0, 2.0));
  bt->add_option("--rainfall", s.rainfall, "CSV file of time,mm (rain since the previous report): also with it");
  bt->add_option("--lag-minutes", s.lag_minutes, "Minutes from rain to its rise at the gauge")
      ->check(CLI::Range(1, 1440));
  bt->add_option("--metres-per-mm", s.metres_per_mm, "Rise in metres per mm of rain")->check(CLI::Range(0.0, 1.0));
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
