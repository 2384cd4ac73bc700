// SPDX-License-Identifier: Apache-2.0
#include "safety/flood_watch/flood_config.h"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "safety/river/presets.h"

namespace cityos::safety::flood_watch {

namespace {

error bad(std::string const& path, std::string_view why) {
  return make_error(error_code::bad_request, path + " " + std::string(why));
}

// Prefixes a river parser's error with the member path of the station.
error within(std::string const& path, error e) {
  e.detail = path + "." + e.detail;
  return e;
}

result<std::string> string_member(json::object const& o, std::string const& path, std::string_view key,
                                  std::string fallback) {
  auto const* v = o.if_contains(key);
  if (!v) return fallback;
  if (!v->is_string()) return bad(path + "." + std::string(key), "must be a string");
  return std::string(v->get_string());
}

result<epoch_ms> minutes_member(json::object const& o, std::string_view key, epoch_ms unit, std::int64_t lo,
                                std::int64_t hi, epoch_ms fallback) {
  auto const* v = o.if_contains(key);
  if (!v) return fallback;
  if (!v->is_int64() || v->as_int64() < lo || v->as_int64() > hi) {
    return bad(std::string(key), "must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  }
  return v->as_int64() * unit;
}

result<watched_station> preset_station(json::object const& o, std::string const& path) {
  for (auto const& kv : o) {
    if (kv.key() != "preset" && kv.key() != "id" && kv.key() != "entity") {
      return bad(path + "." + std::string(kv.key()), "is not a known member of a preset station");
    }
  }
  auto const& p = o.at("preset");
  if (!p.is_string()) return bad(path + ".preset", "must be a string");
  auto s = river::load_station_preset(std::string_view(p.get_string()));
  if (!s) return bad(path + ".preset", "'" + std::string(p.get_string()) + "' is not a preset");
  auto id = string_member(o, path, "id", s->id);
  if (!id) return std::move(id).err();
  s->id = *id;
  auto entity = string_member(o, path, "entity", s->id);
  if (!entity) return std::move(entity).err();
  return watched_station{std::move(*s), std::move(*entity)};
}

result<watched_station> parse_entry(json::value const& v, std::string const& path) {
  if (!v.is_object()) return bad(path, "must be an object");
  auto const& o = v.get_object();
  if (o.contains("preset")) return preset_station(o, path);
  json::object doc = o;
  std::string entity;
  if (auto const* e = o.if_contains("entity")) {
    if (!e->is_string() || e->get_string().empty()) return bad(path + ".entity", "must be a non-empty string");
    entity = std::string(e->get_string());
    doc.erase("entity");
  }
  auto s = river::parse_station(doc);
  if (!s) return within(path, std::move(s).err());
  if (entity.empty()) entity = s->id;
  return watched_station{std::move(*s), std::move(entity)};
}

result<river::level_names> parse_names(json::object const& o) {
  auto const* v = o.if_contains("levelNames");
  if (!v) return river::load_level_names_preset("jma_2026");
  if (v->is_string()) {
    auto n = river::load_level_names_preset(std::string_view(v->get_string()));
    if (!n) return bad("levelNames", "'" + std::string(v->get_string()) + "' is not a preset");
    return n;
  }
  auto n = river::parse_level_names(*v);
  if (!n) return within("levelNames", std::move(n).err());
  return n;
}

result<std::vector<watched_station>> parse_stations(json::object const& o) {
  auto const* v = o.if_contains("stations");
  if (!v || !v->is_array() || v->get_array().empty()) {
    return bad("stations", "must be an array of at least one station");
  }
  std::vector<watched_station> out;
  std::set<std::string> ids, entities;
  for (std::size_t i = 0; i < v->get_array().size(); ++i) {
    std::string const path = "stations[" + std::to_string(i) + "]";
    auto s = parse_entry(v->get_array()[i], path);
    if (!s) return std::move(s).err();
    if (!ids.insert(s->station.id).second) return bad(path + ".id", "is used twice");
    if (!entities.insert(s->entity).second) return bad(path + ".entity", "is used twice");
    out.push_back(std::move(*s));
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto const& links = out[i].station.upstream;
    for (std::size_t j = 0; j < links.size(); ++j) {
      if (ids.contains(links[j].station)) continue;
      return bad("stations[" + std::to_string(i) + "].upstream[" + std::to_string(j) + "].station",
                 "'" + links[j].station + "' is not a station of this watch");
    }
  }
  return out;
}

// A number member of "shelters" within [lo, hi], or `fallback` when absent.
result<double> number_member(json::object const& o, std::string_view key, double lo, double hi, double fallback) {
  auto const* v = o.if_contains(key);
  if (!v) return fallback;
  if (!v->is_number() || v->to_number<double>() < lo || v->to_number<double>() > hi) {
    return bad("shelters." + std::string(key), fmt::format("must be a number from {:g} to {:g}", lo, hi));
  }
  return v->to_number<double>();
}

result<shelter_settings> parse_shelters(json::object const& o) {
  shelter_settings s;
  auto const* v = o.if_contains("shelters");
  if (!v) return s;
  if (!v->is_object()) return bad("shelters", "must be an object");
  auto const& so = v->get_object();
  for (auto const& kv : so) {
    auto const k = kv.key();
    if (k != "count" && k != "maxDistanceMetres" && k != "detourFactor" && k != "walkingMetresPerMinute") {
      return bad("shelters." + std::string(k), "is not a known member");
    }
  }
  auto count = number_member(so, "count", 0, 20, static_cast<double>(s.count));
  if (!count) return std::move(count).err();
  if (*count != std::floor(*count)) return bad("shelters.count", "must be a whole number");
  s.count = static_cast<std::size_t>(*count);
  auto max_distance = number_member(so, "maxDistanceMetres", 1, 100'000, s.max_distance_m);
  if (!max_distance) return std::move(max_distance).err();
  s.max_distance_m = *max_distance;
  auto detour = number_member(so, "detourFactor", 1, 3, s.detour_factor);
  if (!detour) return std::move(detour).err();
  s.detour_factor = *detour;
  auto speed = number_member(so, "walkingMetresPerMinute", 20, 200, s.metres_per_minute);
  if (!speed) return std::move(speed).err();
  s.metres_per_minute = *speed;
  return s;
}

}  // namespace

result<flood_config> parse_flood_config(json::value const& doc) {
  if (!doc.is_object()) return make_error(error_code::bad_request, "the flood-watch configuration must be an object");
  auto const& o = doc.get_object();
  for (auto const& kv : o) {
    auto const k = kv.key();
    if (k != "tenant" && k != "levelNames" && k != "checkIntervalSeconds" && k != "predictionToleranceMinutes" &&
        k != "stations" && k != "shelters") {
      return bad(std::string(k), "is not a known member");
    }
  }
  flood_config c;
  auto tenant = string_member(o, "", "tenant", "");
  if (!tenant) return std::move(tenant).err();
  c.tenant = std::move(*tenant);
  auto names = parse_names(o);
  if (!names) return std::move(names).err();
  c.names = std::move(*names);
  auto check = minutes_member(o, "checkIntervalSeconds", 1000, 1, 3600, c.check_interval_ms);
  if (!check) return std::move(check).err();
  c.check_interval_ms = *check;
  auto tolerance = minutes_member(o, "predictionToleranceMinutes", 60'000, 0, 720, c.tolerance_ms);
  if (!tolerance) return std::move(tolerance).err();
  c.tolerance_ms = *tolerance;
  auto shelters = parse_shelters(o);
  if (!shelters) return std::move(shelters).err();
  c.shelters = *shelters;
  auto stations = parse_stations(o);
  if (!stations) return std::move(stations).err();
  c.stations = std::move(*stations);
  return c;
}

result<flood_config> load_flood_config(std::filesystem::path const& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(error_code::not_found, "cannot read the flood-watch configuration " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  auto doc = parse_json(text.str());
  if (!doc) return std::move(doc).err();
  return parse_flood_config(*doc);
}

}  // namespace cityos::safety::flood_watch
