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
  watches_.reserve(config_.stations.size());
  for (std::size_t i = 0; i < config_.stations.size(); ++i) {
    by_entity_.emplace(config_.stations[i].entity, i);
    watches_.emplace_back(config_.stations[i].station, config_.names, config_.tolerance_ms);
  }
}

flood_watch::~flood_watch() { worker_.stop(); }

result<void> flood_watch::start() {
  if (auto r = close_stale(); !r) return r;
  std::unordered_set<std::string> ids;
  for (auto const& [id, index] : by_entity_) ids.insert(id);
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
    if (same_reading(c)) continue;
    auto const* attr = level_attribute(*c.after);
    auto const level = attr ? ngsild::number_value(*attr) : std::nullopt;
    if (!level) continue;
    epoch_ms const t = reading_time(*c.after, *attr).value_or(clock_());
    std::lock_guard lock(mutex_);
    auto& w = watches_[by_entity_.at(c.id)];
    if (auto last = w.last_reading(); last && t <= last->time) continue;  // late or repeated
    ++readings_;
    record(w.observe({t, *level}), w.station());
  }
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
