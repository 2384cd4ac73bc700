// SPDX-License-Identifier: Apache-2.0
#include "safety/flood_watch/flood_watch.h"

#include <chrono>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "ngsild/geo/geo_query.h"
#include "ngsild/entity/stored_attributes.h"
#include "safety/flood_watch/river_json.h"
#include "store/publish/entity_publisher.h"

namespace cityos::safety::flood_watch {

namespace {

constexpr std::string_view kRiverAlertPrefix = "urn:ngsi-ld:Alert:river:";

// The water level of a stored WaterObserved: waterLevel, else height (Smart Data Models).
json::object const* level_attribute(json::object const& e) {
  if (auto const* a = ngsild::find_attribute(e, "waterLevel")) return a;
  return ngsild::find_attribute(e, "height");
}

// The time of a reading: the attribute's observedAt, else the entity's dateObserved.
std::optional<epoch_ms> reading_time(json::object const& e, json::object const& attr) {
  if (auto t = ngsild::observed_at(attr)) return t;
  auto const* d = ngsild::find_attribute(e, "dateObserved");
  if (!d) return std::nullopt;
  auto const* v = d->if_contains("value");
  if (v && v->is_object()) v = v->get_object().if_contains("@value");
  if (!v || !v->is_string()) return std::nullopt;
  return parse_iso8601(std::string_view(v->get_string()));
}

// True if the change rewrote the entity but left its water-level instance as it was
// (another attribute changed). A gauge repeating a value rewrites the instance
// (observedAt, modifiedAt), which is a new reading.
bool same_reading(store::entity_change const& c) {
  if (!c.before || !c.after) return false;
  auto const* a = level_attribute(*c.before);
  auto const* b = level_attribute(*c.after);
  return a && b && *a == *b;
}

json::object without_context(json::object e) {
  e.erase("@context");
  return e;
}

bool is_active_river_alert(json::object const& stored) {
  auto const* id = stored.if_contains("id");
  if (!id || !id->is_string() || !std::string_view(id->get_string()).starts_with(kRiverAlertPrefix)) return false;
  auto const* s = ngsild::find_attribute(stored, "alertStatus");
  return s && ngsild::string_value(*s) == "active";
}

}  // namespace

flood_watch::flood_watch(flood_config config, store::store& st, std::function<epoch_ms()> clock,
                         shelters::shelter_directory const* shelters)
    : config_(std::move(config)),
      store_(st),
      clock_(std::move(clock)),
      shelters_(shelters) {
  auto const n = config_.stations.size();
  std::unordered_map<std::string, std::size_t> by_id;
  for (std::size_t i = 0; i < n; ++i) {
    by_entity_.emplace(config_.stations[i].entity, i);
    by_id.emplace(config_.stations[i].station.id, i);
  }
  // Each watch keeps the readings the routed forecasts of its own and of the
  // stations downstream of it use (river/routed_forecast.h).
  std::vector<epoch_ms> history(n, 0);
  upstream_.resize(n);
  downstream_.resize(n);
  rain_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto const& s = config_.stations[i].station;
    history[i] = std::max(history[i], river::station_history_ms(s));
    for (auto const& link : s.upstream) {
      auto const u = by_id.at(link.station);  // checked by parse_flood_config
      upstream_[i].push_back(u);
      downstream_[u].push_back(i);
      history[u] = std::max(history[u], river::upstream_history_ms(config_.stations[u].station, link));
    }
    epoch_ms rain_span = 0;
    if (s.rainfall) {
      by_rain_.emplace(s.rainfall->entity, i);
      rain_span = river::rain_history_ms(*s.rainfall);
    }
    rain_.emplace_back(rain_span);
  }
  watches_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    watches_.emplace_back(config_.stations[i].station, config_.names, config_.tolerance_ms, history[i]);
    for (auto u : upstream_[i]) {
      watches_[i].name_upstream(config_.stations[u].station.id, config_.stations[u].station.name);
    }
  }
}

flood_watch::~flood_watch() { worker_.stop(); }

result<void> flood_watch::start() {
  if (auto r = close_stale(); !r) return r;
  std::unordered_set<std::string> ids;
  for (auto const& [id, index] : by_entity_) ids.insert(id);
  for (auto const& [id, index] : by_rain_) ids.insert(id);
  worker_.start(
      store_, config_.tenant, store::change_worker::only_ids(std::move(ids)), std::chrono::milliseconds(config_.check_interval_ms),
      [this](std::vector<store::entity_change> const& changes) { process(changes); }, [this] { check(clock_()); });
  return {};
}

result<void> flood_watch::close_stale() {
  std::vector<std::string> ids;
  store_.scan(config_.tenant, [&](json::object const& e) {
    if (is_active_river_alert(e)) ids.emplace_back(e.at("id").get_string());
    return true;
  });
  std::string const closed_at = format_iso8601(clock_());
  // Only alertStatus and validTo change: set them in the stored alerts.
  for (auto const& id : ids) {
    auto r = store_.modify(config_.tenant, id, [&closed_at](json::object const* cur) -> result<store::mutation> {
      if (!cur) return store::mutation{};
      json::object next = *cur;
      // validTo beside alertStatus (same @context), for alerts that had none.
      for (auto const& kv : *cur) {
        if (ngsild::local_name(kv.key()) != "alertStatus") continue;
        std::string const key(kv.key().substr(0, kv.key().size() - std::string_view("alertStatus").size()));
        if (!next.contains(key + "validTo")) next[key + "validTo"] = json::array{json::object{{"type", "Property"}}};
      }
      for (auto& kv : next) {
        auto const name = ngsild::local_name(kv.key());
        if ((name != "alertStatus" && name != "validTo") || !kv.value().is_array()) continue;
        for (auto& inst : kv.value().get_array()) {
          if (!inst.is_object()) continue;
          if (name == "alertStatus") inst.get_object()["value"] = "closed";
          if (name == "validTo") inst.get_object()["value"] = json::object{{"@type", "DateTime"}, {"@value", closed_at}};
        }
      }
      next["modifiedAt"] = closed_at;
      return store::mutation{store::mutation::kind::put, std::move(next)};
    });
    if (!r) return std::move(r).err();
  }
  if (!ids.empty()) spdlog::info("flood watch: closed {} alerts left active by the previous run", ids.size());
  return {};
}

void flood_watch::process(std::vector<store::entity_change> const& changes) {
  for (auto const& c : changes) {
    if (!c.after) continue;  // a deletion
    if (auto it = by_entity_.find(c.id); it != by_entity_.end()) water_reading(c, it->second);
    auto const rain = by_rain_.equal_range(c.id);
    for (auto it = rain.first; it != rain.second; ++it) rain_report(c, it->second);
  }
}

void flood_watch::water_reading(store::entity_change const& c, std::size_t index) {
  if (same_reading(c)) return;
  auto const* attr = level_attribute(*c.after);
  auto const level = attr ? ngsild::number_value(*attr) : std::nullopt;
  if (!level) return;
  epoch_ms const t = reading_time(*c.after, *attr).value_or(clock_());
  std::lock_guard lock(mutex_);
  auto& w = watches_[index];
  if (auto last = w.last_reading(); last && t <= last->time) return;  // late or repeated
  ++readings_;
  record(w.observe({t, *level}, inputs(index)), w.station());
  for (auto d : downstream_[index]) record(watches_[d].reforecast(t, inputs(d)), watches_[d].station());
}

void flood_watch::rain_report(store::entity_change const& c, std::size_t index) {
  auto const& link = *config_.stations[index].station.rainfall;
  auto const* attr = ngsild::find_attribute(*c.after, link.attribute);
  if (!attr) return;
  if (c.before) {
    auto const* was = ngsild::find_attribute(*c.before, link.attribute);
    if (was && *was == *attr) return;  // another attribute changed
  }
  auto const mm = ngsild::number_value(*attr);
  if (!mm || *mm < 0) return;
  epoch_ms const t = reading_time(*c.after, *attr).value_or(clock_());
  std::lock_guard lock(mutex_);
  rain_[index].add({t, *mm});  // not newer than the last report: ignored
  record(watches_[index].reforecast(t, inputs(index)), watches_[index].station());
}

river::route_inputs flood_watch::inputs(std::size_t index) const {
  river::route_inputs in;
  auto const& s = config_.stations[index].station;
  for (std::size_t j = 0; j < upstream_[index].size(); ++j) {
    auto const& u = watches_[upstream_[index][j]];
    in.upstream.push_back({&s.upstream[j], u.window(), u.own_forecast(), u.health().faulty()});
  }
  if (s.rainfall) in.rain = river::rain_input{rain_[index].readings()};
  return in;
}

void flood_watch::check(epoch_ms now) {
  std::lock_guard lock(mutex_);
  for (auto& w : watches_) record(w.check(now), w.station());
}

void flood_watch::add_shelters(alert_record& a, river::station const& at) const {
  if (!shelters_ || config_.shelters.count == 0 || a.kind == episode_kind::fault || !a.active) return;
  shelters::nearest_query q;
  q.lon = at.longitude;
  q.lat = at.latitude;
  q.limit = config_.shelters.count;
  q.max_distance_m = config_.shelters.max_distance_m;
  json::array list;
  for (auto const& n : shelters_->nearest(q)) list.push_back(shelters::nearby_json(n));
  a.entity["nearestShelters"] = json::object{{"type", "JsonProperty"}, {"json", std::move(list)}};
}

void flood_watch::record(std::vector<alert_record>&& changed, river::station const& at) {
  if (changed.empty()) return;
  std::vector<json::object> entities;
  for (auto& a : changed) {
    add_shelters(a, at);
    entities.push_back(without_context(a.entity));
    alerts_.file(std::move(a));
  }
  if (auto r = store::publish_entities(store_, config_.tenant, entities, format_iso8601(clock_())); !r) {
    ++publish_errors_;
    spdlog::warn("flood watch: publishing alerts failed: {}", r.err().detail);
  }
}

void flood_watch::drain() { worker_.drain(); }

json::object flood_watch::rivers() const {
  std::lock_guard lock(mutex_);
  json::array out;
  for (std::size_t i = 0; i < watches_.size(); ++i) out.push_back(station_json(watches_[i], config_.stations[i].entity));
  return json::object{{"stations", std::move(out)}};
}

result<json::object> flood_watch::river(std::string_view id) const {
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < watches_.size(); ++i) {
    if (config_.stations[i].station.id == id || config_.stations[i].entity == id) {
      return station_json(watches_[i], config_.stations[i].entity);
    }
  }
  return make_error(error_code::not_found, "no watched river station '" + std::string(id) + "'");
}

json::object flood_watch::alerts(alert_filter const& f) const {
  std::lock_guard lock(mutex_);
  std::unordered_set<std::string_view> in_area;  // station ids within f.near
  if (f.near) {
    for (auto const& s : config_.stations) {
      double const d = ngsild::geo::haversine_meters(f.near->lon, f.near->lat, s.station.longitude, s.station.latitude);
      if (d <= f.near->radius_m) in_area.insert(s.station.id);
    }
  }
  std::vector<alert_record const*> picked;
  auto keep = [&](alert_record const& a) {
    return (f.station.empty() || a.station == f.station) && (f.episode.empty() || episode_name(a.kind) == f.episode) &&
           (!f.near || in_area.contains(a.station));
  };
  for (auto const& [id, a] : alerts_.active()) {
    if (keep(a)) picked.push_back(&a);
  }
  if (f.all) {
    for (auto const& a : alerts_.closed()) {
      if (keep(a)) picked.push_back(&a);
    }
  }
  std::stable_sort(picked.begin(), picked.end(), [](auto const* x, auto const* y) {
    return x->updated != y->updated ? x->updated > y->updated : x->id < y->id;
  });
  json::array out;
  for (auto const* a : picked) out.push_back(a->entity);
  return json::object{{"alerts", std::move(out)}};
}

std::size_t flood_watch::readings() const {
  std::lock_guard lock(mutex_);
  return readings_;
}

std::size_t flood_watch::publish_errors() const {
  std::lock_guard lock(mutex_);
  return publish_errors_;
}

}  // namespace cityos::safety::flood_watch
