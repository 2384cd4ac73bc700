// SPDX-License-Identifier: Apache-2.0
#include "safety/watch_over/person_watch.h"

#include <cstdio>

namespace cityos::safety::watch_over {

namespace {

constexpr std::string_view kUrnPrefix = "urn:ngsi-ld:";
constexpr double kBatteryRecovery = 0.05;
constexpr epoch_ms kDay = 86'400'000;

constexpr std::array<std::string_view, kWatchKinds> kNames = {"leftHomeZone", "noMovement", "lowBattery"};
constexpr std::array<std::string_view, kWatchKinds> kSeverity = {"high", "high", "low"};

json::value text_property(std::string_view s) {
  return json::object{{"type", "Property"}, {"value", json::string(s.data(), s.size())}};
}

json::value date_time(epoch_ms t) {
  return json::object{{"type", "Property"}, {"value", json::object{{"@type", "DateTime"}, {"@value", format_iso8601(t)}}}};
}

json::value language(std::string const& ja, std::string const& en) {
  return json::object{{"type", "LanguageProperty"}, {"languageMap", json::object{{"ja", ja}, {"en", en}}}};
}

std::pair<std::string, std::string> texts(watched_person const& p, watch_kind k) {
  switch (k) {
    case watch_kind::left_home_zone:
      return {p.name_ja + "さんが見守り区域の外に出ました。", p.name_en + " has left the home zone."};
    case watch_kind::no_movement:
      return {p.name_ja + "さんの動きが" + std::to_string(p.no_movement_ms / 60'000) + "分以上ありません。",
              p.name_en + " has not moved for " + std::to_string(p.no_movement_ms / 60'000) + " minutes."};
    case watch_kind::low_battery:
      return {p.name_ja + "さんの見守りタグの電池残量が少なくなっています。",
              "The battery of " + p.name_en + "'s tag is low."};
  }
  return {};
}

}  // namespace

std::string_view watch_kind_name(watch_kind k) { return kNames[static_cast<std::size_t>(k)]; }

person_watch::person_watch(watched_person p) : person_(std::move(p)) {}

bool person_watch::daytime(epoch_ms t) const {
  epoch_ms const local = ((t + static_cast<epoch_ms>(person_.utc_offset_min) * 60'000) % kDay + kDay) % kDay;
  if (person_.day_from_ms <= person_.day_to_ms) return local >= person_.day_from_ms && local < person_.day_to_ms;
  return local >= person_.day_from_ms || local < person_.day_to_ms;  // wraps midnight
}

void person_watch::prune(epoch_ms now) {
  while (!positions_.empty() && positions_.front().time < now - person_.retention_ms) positions_.pop_front();
}

json::object person_watch::entity(watch_kind k, std::string const& id, epoch_ms t, std::optional<lon_lat> where) const {
  auto const [ja, en] = texts(person_, k);
  json::object e;
  e["id"] = id;
  e["type"] = "WatchOverAlert";
  e["category"] = text_property("health");
  e["subCategory"] = text_property(watch_kind_name(k));
  e["severity"] = text_property(kSeverity[static_cast<std::size_t>(k)]);
  e["subject"] = json::object{{"type", "Relationship"}, {"object", person_.person}};
  e["alertSource"] = json::object{{"type", "Relationship"}, {"object", person_.device}};
  e["description"] = language(ja, en);
  e["dateIssued"] = date_time(t);
  e["validFrom"] = date_time(t);
  e["alertStatus"] = text_property("active");
  if (where) {
    e["location"] = json::object{
        {"type", "GeoProperty"},
        {"value", json::object{{"type", "Point"}, {"coordinates", json::array{where->lon, where->lat}}}}};
  }
  if (k == watch_kind::low_battery && battery_) e["batteryLevel"] = json::object{{"type", "Property"}, {"value", *battery_}};
  return e;
}

void person_watch::open(watch_kind k, epoch_ms t, std::optional<lon_lat> where, std::vector<watch_alert>& out) {
  auto& a = open_[static_cast<std::size_t>(k)];
  if (a) return;
  std::string_view local = person_.person;
  if (local.starts_with(kUrnPrefix)) local.remove_prefix(kUrnPrefix.size());
  std::string id = "urn:ngsi-ld:WatchOverAlert:" + std::string(local) + ":" + std::string(watch_kind_name(k)) + ":" +
                   std::to_string(t);
  a = watch_alert{id, person_.person, k, true, t, t, entity(k, id, t, where)};
  out.push_back(*a);
}

void person_watch::close(watch_kind k, epoch_ms t, std::string_view outcome, std::vector<watch_alert>& out) {
  auto& a = open_[static_cast<std::size_t>(k)];
  if (!a) return;
  a->active = false;
  a->updated = t;
  a->entity["alertStatus"] = text_property("closed");
  a->entity["validTo"] = date_time(t);
  a->entity["outcome"] = text_property(outcome);
  out.push_back(std::move(*a));
  a.reset();
}

std::vector<watch_alert> person_watch::observe_position(epoch_ms t, lon_lat p) {
  std::vector<watch_alert> out;
  prune(t);
  positions_.push_back({t, p});
  bool const in = contains(person_.home_zone, p);
  if (!in && inside_.value_or(true)) open(watch_kind::left_home_zone, t, p, out);
  if (in) close(watch_kind::left_home_zone, t, "returned", out);
  inside_ = in;
  if (!anchor_ || distance_m(anchor_->at, p) > person_.movement_m) {
    anchor_ = position{t, p};
    close(watch_kind::no_movement, t, "moved", out);
  }
  auto more = check(t);
  out.insert(out.end(), more.begin(), more.end());
  return out;
}

std::vector<watch_alert> person_watch::observe_battery(epoch_ms t, double level) {
  std::vector<watch_alert> out;
  battery_ = level > 1 ? level / 100 : level;
  if (*battery_ < person_.low_battery) {
    open(watch_kind::low_battery, t, std::nullopt, out);
  } else if (*battery_ >= person_.low_battery + kBatteryRecovery) {
    close(watch_kind::low_battery, t, "recharged", out);
  }
  return out;
}

std::vector<watch_alert> person_watch::check(epoch_ms now) {
  std::vector<watch_alert> out;
  prune(now);
  if (anchor_ && daytime(now) && now - anchor_->time >= person_.no_movement_ms) {
    open(watch_kind::no_movement, now, anchor_->at, out);
  }
  return out;
}

}  // namespace cityos::safety::watch_over
