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

json::array horizons_json(std::vector<river::horizon_forecast> const& hs) {
  json::array horizons;
  for (auto const& h : hs) {
    horizons.push_back(json::object{{"minutes", h.minutes}, {"level", mm(h.level_m)}, {"low", mm(h.low_m)},
                                    {"high", mm(h.high_m)}});
  }
  return horizons;
}

json::array metres_json(std::vector<double> const& v) {
  json::array out;
  for (double x : v) out.push_back(mm(x));
  return out;
}

json::value routing_json(river_watch const& w) {
  auto const& r = w.routing();
  if (!r) return nullptr;
  json::object out;
  auto const& own = w.own_forecast();
  out["at"] = format_iso8601(r->at);
  out["base"] = mm(r->base_m);
  if (own) {
    out["own"] = json::object{{"level", mm(own->level_m)}, {"slopePerHour", mm(own->slope_m_per_h)},
                              {"horizons", horizons_json(own->horizons)}};
  } else {
    out["own"] = nullptr;
  }
  json::array routed;
  for (auto const& l : r->routed_m) routed.push_back(l ? json::value(mm(*l)) : json::value(nullptr));
  out["routed"] = std::move(routed);
  json::array upstream;
  for (auto const& u : r->upstream) {
    upstream.push_back(json::object{{"station", u.station},
                                    {"travelMinutes", u.travel_ms / 60'000},
                                    {"gain", std::round(u.gain * 1000.0) / 1000.0},
                                    {"gainSource", json::string(u.gain_source)},
                                    {"status", json::string(river::upstream_status_name(u.status))},
                                    {"change", metres_json(u.change_m)}});
  }
  out["upstream"] = std::move(upstream);
  if (r->rain) {
    json::array rain_mm;
    for (double x : r->rain->mm) rain_mm.push_back(std::round(x * 10.0) / 10.0);
    out["rainfall"] = json::object{
        {"entity", r->rain->entity}, {"mm", std::move(rain_mm)}, {"change", metres_json(r->rain->change_m)}};
  }
  return out;
}

json::value forecast_json(std::optional<river::level_forecast> const& f, std::optional<river::routing> const& r) {
  if (!f) return nullptr;
  json::array horizons = horizons_json(f->horizons);
  json::array crossings;
  for (std::size_t i = 0; i < f->crossings.size(); ++i) {
    auto const& c = f->crossings[i];
    json::object o{{"level", c.level}, {"threshold", c.threshold_m}, {"at", format_iso8601(c.at)}};
    if (r && i < r->sources.size())
      o["basis"] = r->sources[i] == river::crossing_source::routed ? "routed" : "ownReadings";
    crossings.push_back(std::move(o));
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
  out["forecast"] = forecast_json(w.forecast(), w.routing());
  if (!s.upstream.empty() || s.rainfall) out["routing"] = routing_json(w);
  out["health"] = health_json(w);
  json::array active;
  for (auto const& id : w.active_alerts()) active.push_back(json::string(id));
  out["activeAlerts"] = std::move(active);
  return out;
}

}  // namespace cityos::safety::flood_watch
