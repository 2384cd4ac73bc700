// SPDX-License-Identifier: Apache-2.0
#include "safety/flood_watch/backtest_io.h"

#include <charconv>
#include <cstdio>

namespace cityos::safety::flood_watch {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '"')) s.remove_suffix(1);
  return s;
}

std::optional<epoch_ms> parse_time(std::string_view s) {
  epoch_ms ms = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), ms);
  if (ec == std::errc() && p == s.data() + s.size()) return ms;
  return parse_iso8601(s);
}

std::optional<double> parse_level(std::string_view s) {
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string minutes(epoch_ms ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f min", static_cast<double>(ms) / 60'000.0);
  return buf;
}

}  // namespace

result<std::vector<river::reading>> parse_readings_csv(std::string_view text) {
  std::vector<river::reading> out;
  std::size_t line_no = 0;
  while (!text.empty()) {
    auto const nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (trim(line).empty()) continue;
    auto const comma = line.find(',');
    std::string const where = "line " + std::to_string(line_no) + ": ";
    if (comma == std::string_view::npos) {
      return make_error(error_code::bad_request, where + "expected \"time,level\"");
    }
    auto const t_text = trim(line.substr(0, comma));
    auto const l_text = trim(line.substr(comma + 1));
    auto const t = parse_time(t_text);
    auto const l = parse_level(l_text);
    if (out.empty() && line_no == 1 && !t) continue;  // a header
    if (!t) return make_error(error_code::bad_request, where + "'" + std::string(t_text) + "' is not a time");
    if (!l) return make_error(error_code::bad_request, where + "'" + std::string(l_text) + "' is not a level in metres");
    out.push_back({*t, *l});
  }
  if (out.empty()) return make_error(error_code::bad_request, "no readings");
  return out;
}

std::string backtest_text(river::station const& s, river::backtest_report const& r) {
  std::string out = "station " + s.id + " (" + s.name.en + ")\n";
  out += "readings: " + std::to_string(r.readings) + " (untrusted: " + std::to_string(r.untrusted) +
         "), predicted alerts: " + std::to_string(r.predicted_alerts) + "\n";
  out += "crossings: " + std::to_string(r.crossings.size()) + "\n";
  for (auto const& c : r.crossings) {
    out += "  level " + std::to_string(c.level) + " at " + format_iso8601(c.crossed_at);
    out += c.predicted_at ? ": predicted at " + format_iso8601(*c.predicted_at) + ", lead " + minutes(c.lead_ms)
                          : ": not predicted";
    out += "\n";
  }
  out += "false alarms: " + std::to_string(r.false_alarms.size()) + "\n";
  for (auto const& f : r.false_alarms) {
    out += "  level " + std::to_string(f.level) + " predicted at " + format_iso8601(f.predicted_at) + " for " +
           format_iso8601(f.expected_at) + "\n";
  }
  out += "open predictions at the end: " + std::to_string(r.open_predictions) + "\n";
  out += "mean lead time: " + minutes(r.mean_lead_ms()) + "\n";
  return out;
}

std::string lead_gain_text(river::backtest_report const& own, river::backtest_report const& routed) {
  std::string out = "with upstream gauges / rainfall vs own readings only:\n";
  epoch_ms sum = 0;
  auto const gains = river::compare_leads(own, routed);
  for (auto const& g : gains) {
    out += "  level " + std::to_string(g.level) + " at " + format_iso8601(g.crossed_at) + ": lead " +
           minutes(g.routed_lead_ms) + " (own only " + minutes(g.own_lead_ms) + "), gained " + minutes(g.gained_ms()) +
           "\n";
    sum += g.gained_ms();
  }
  out += "false alarms: " + std::to_string(routed.false_alarms.size()) + " (own only " +
         std::to_string(own.false_alarms.size()) + ")\n";
  out += "mean lead gained: " + minutes(gains.empty() ? 0 : sum / static_cast<epoch_ms>(gains.size())) + "\n";
  return out;
}

}  // namespace cityos::safety::flood_watch
