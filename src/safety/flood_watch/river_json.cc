// SPDX-License-Identifier: Apache-2.0
#include "safety/flood_watch/river_json.h"

#include <cmath>

namespace cityos::safety::flood_watch {

namespace {

// Metres rounded to the millimetre.
double mm(double m) { return std::round(m * 1000.0) / 1000.0; }

json::object reference_levels(river::station const& s) {
  json::object out;
  for (int l = 1; l <= river::kDangerLevels; ++l) {
    if (auto t = s.threshold(l)) out[river::reference_key(static_cast<river::reference_level>(l))] = *t;
  }
  return out;
}

json::value forecast_json(std::optional<river::level_forecast> const& f) {
  if (!f) return nullptr;
  json::array horizons;
  for (auto const& h : f->horizons) {
    horizons.push_back(json::object{{"minutes", h.minutes}, {"level", mm(h.level_m)}, {"low", mm(h.low_m)},
                                    {"high", mm(h.high_m)}});
  }
  json::array crossings;
  for (auto const& c : f->crossings) {
    crossings.push_back(json::object{{"level", c.level}, {"threshold", c.threshold_m}, {"at", format_iso8601(c.at)}});
  }
  return json::object{{"at", format_iso8601(f->at)},
                      {"level", mm(f->level_m)},
                      {"slopePerHour", mm(f->slope_m_per_h)},
                      {"horizons", std::move(horizons)},
                      {"crossings", std::move(crossings)}};
}

json::object health_json(river_watch const& w) {
  json::array faults;
  for (auto k : {river::fault_kind::missing_reports, river::fault_kind::stuck_value, river::fault_kind::impossible_jump}) {
    if (w.health().has(k)) faults.push_back(json::string(river::fault_name(k)));
  }
  return json::object{{"trusted", w.trusted() && !w.health().faulty()}, {"faults", std::move(faults)}};
}

}  // namespace

json::object station_json(river_watch const& w, std::string const& entity) {
  auto const& s = w.station();
  json::object out;
  out["id"] = s.id;
  out["entity"] = entity;
  out["name"] = json::object{{"ja", s.name.ja}, {"en", s.name.en}};
  out["location"] = json::array{s.longitude, s.latitude};
  out["referenceLevels"] = reference_levels(s);
  if (auto r = w.last_reading()) {
    out["reading"] = json::object{{"time", format_iso8601(r->time)}, {"level", r->level_m}};
  } else {
    out["reading"] = nullptr;
  }
  out["dangerLevel"] = w.level();
  out["indicatedLevel"] = w.indicated();
  out["forecast"] = forecast_json(w.forecast());
  out["health"] = health_json(w);
  json::array active;
  for (auto const& id : w.active_alerts()) active.push_back(json::string(id));
  out["activeAlerts"] = std::move(active);
  return out;
}

}  // namespace cityos::safety::flood_watch
