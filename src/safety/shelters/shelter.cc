// SPDX-License-Identifier: Apache-2.0
#include "safety/shelters/shelter.h"

#include <cctype>
#include <cmath>
#include <string_view>

#include "ngsild/entity/stored_attributes.h"

namespace cityos::safety::shelters {

namespace {

bool names_shelter(std::string_view code) {
  std::string lower(code);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("shelter") != std::string::npos || code.find("避難") != std::string_view::npos;
}

// True for EvacuationShelter/Shelter types, or a PointOfInterest with a shelter category.
bool is_shelter(json::object const& stored) {
  auto const* types = stored.if_contains("type");
  if (!types || !types->is_array()) return false;
  bool poi = false;
  for (auto const& t : types->get_array()) {
    if (!t.is_string()) continue;
    auto const name = ngsild::local_name(t.get_string());
    if (name == "EvacuationShelter" || name == "Shelter") return true;
    poi = poi || name == "PointOfInterest";
  }
  if (!poi) return false;
  auto const* category = ngsild::find_attribute(stored, "category");
  if (!category) return false;
  auto const* v = category->if_contains("value");
  if (!v) v = category->if_contains("valueList");
  if (!v) return false;
  if (v->is_string()) return names_shelter(v->get_string());
  if (!v->is_array()) return false;
  for (auto const& c : v->get_array()) {
    if (c.is_string() && names_shelter(c.get_string())) return true;
  }
  return false;
}

std::optional<std::int64_t> count(json::object const& stored, std::string_view name) {
  auto const* a = ngsild::find_attribute(stored, name);
  if (!a) return std::nullopt;
  auto const v = ngsild::number_value(*a);
  if (!v || !std::isfinite(*v) || *v < 0) return std::nullopt;
  return static_cast<std::int64_t>(std::llround(*v));
}

void read_name(json::object const& stored, shelter& s) {
  auto const* a = ngsild::find_attribute(stored, "name");
  if (!a) return;
  if (auto const* map = a->if_contains("languageMap"); map && map->is_object()) {
    auto text = [&](std::string_view lang) -> std::string {
      auto const* t = map->get_object().if_contains(lang);
      return t && t->is_string() ? std::string(t->get_string()) : std::string();
    };
    s.name_ja = text("ja");
    s.name_en = text("en");
    return;
  }
  s.name_ja = s.name_en = std::string(ngsild::string_value(*a));
}

}  // namespace

bool shelter::takes_people() const {
  if (status == "closed" || status == "full") return false;
  return !capacity || !occupancy || *occupancy < *capacity;
}

std::optional<shelter> read_shelter(json::object const& stored) {
  if (!is_shelter(stored)) return std::nullopt;
  auto const* id = stored.if_contains("id");
  auto const* location = ngsild::find_attribute(stored, "location");
  if (!id || !id->is_string() || !location) return std::nullopt;
  auto const at = ngsild::point_value(*location);
  if (!at) return std::nullopt;
  shelter s;
  s.id = std::string(id->get_string());
  s.lon = at->lon;
  s.lat = at->lat;
  read_name(stored, s);
  s.capacity = count(stored, "capacity");
  s.occupancy = count(stored, "occupancy");
  if (!s.occupancy) s.occupancy = count(stored, "currentOccupancy");
  if (auto const* st = ngsild::find_attribute(stored, "status")) s.status = std::string(ngsild::string_value(*st));
  return s;
}

json::object nearby_json(nearby const& n) {
  auto const& s = n.place;
  json::object o{{"id", s.id},
                 {"name", json::object{{"ja", s.name_ja}, {"en", s.name_en}}},
                 {"location", json::array{s.lon, s.lat}},
                 {"distance", std::lround(n.distance_m)},
                 {"walkingDistance", std::lround(n.walking_m)},
                 {"walkingMinutes", n.walking_minutes},
                 {"status", s.status.empty() ? "open" : s.status},
                 {"available", s.takes_people()}};
  if (s.capacity) o["capacity"] = *s.capacity;
  if (s.occupancy) o["occupancy"] = *s.occupancy;
  return o;
}

}  // namespace cityos::safety::shelters
