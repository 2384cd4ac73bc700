// SPDX-License-Identifier: Apache-2.0
#include "sim/city_sensors.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "sim/sim_time.h"

namespace cityos::sim {

namespace {

struct place {
  char const* id;  // last part of the entity id
  char const* name_ja;
  char const* name_en;
  double lon, lat;
  int size;        // parking: spaces; counter: peak people per 10 min; shelter: capacity
};

constexpr std::array<place, 4> kParking = {{
    {"muroran-station", "室蘭駅前駐車場", "Muroran Station car park", 140.9745, 42.3170, 120},
    {"higashi-muroran-west", "東室蘭駅西口駐車場", "Higashi-Muroran Station West car park", 141.0238, 42.3500, 180},
    {"nakajima", "中島町駐車場", "Nakajima car park", 141.0210, 42.3515, 400},
    {"city-hall", "市役所駐車場", "City Hall car park", 140.9755, 42.3150, 90},
}};

constexpr std::array<place, 4> kCounters = {{
    {"higashi-muroran-station", "東室蘭駅 自由通路", "Higashi-Muroran Station concourse", 141.0255, 42.3492, 420},
    {"muroran-station", "室蘭駅前", "Muroran Station square", 140.9740, 42.3175, 160},
    {"nakajima-street", "中島町 商店街", "Nakajima shopping street", 141.0205, 42.3522, 300},
    {"muroran-it", "室蘭工業大学前", "Muroran Institute of Technology gate", 141.0344, 42.3763, 220},
}};

constexpr std::array<place, 4> kShelters = {{
    {"nakajima", "中島地区 指定避難所", "Nakajima district shelter", 141.0190, 42.3540, 450},
    {"chiribetsu", "知利別地区 指定避難所", "Chiribetsu district shelter", 141.0240, 42.3630, 300},
    {"wanishi", "輪西地区 指定避難所", "Wanishi district shelter", 141.0095, 42.3360, 250},
    {"muroran-it", "室蘭工業大学 体育館", "Muroran Institute of Technology gym", 141.0350, 42.3785, 800},
}};

json::object prop(json::value v) { return json::object{{"type", "Property"}, {"value", std::move(v)}}; }

json::object observed(json::value v, std::string const& at) {
  auto p = prop(std::move(v));
  p["observedAt"] = at;
  return p;
}

json::object names(place const& p) {
  return json::object{{"type", "LanguageProperty"},
                      {"languageMap", json::object{{"ja", p.name_ja}, {"en", p.name_en}}}};
}

json::object point(place const& p) {
  return json::object{{"type", "GeoProperty"},
                      {"value", json::object{{"type", "Point"}, {"coordinates", json::array{p.lon, p.lat}}}}};
}

double bump(double hour, double centre, double width) {
  double const d = (hour - centre) / width;
  return std::exp(-d * d);
}

// Share of a car park in use at `hour` (local): business hours and a Sunday shopping peak.
double occupancy(double hour, int weekday) {
  double const work = weekday < 5 ? 0.55 * bump(hour, 12.5, 4.0) : 0.2 * bump(hour, 13, 4);
  double const shop = (weekday >= 5 ? 0.45 : 0.2) * bump(hour, 15, 2.5);
  return std::clamp(0.08 + work + shop, 0.0, 0.98);
}

// Share of a counter's peak at `hour`: commuter peaks on weekdays, midday otherwise.
double crowd(double hour, int weekday) {
  if (weekday < 5) return 0.03 + bump(hour, 7.8, 1.0) + 0.8 * bump(hour, 17.8, 1.3) + 0.3 * bump(hour, 12.3, 1.5);
  return 0.03 + 0.6 * bump(hour, 13.5, 3.0);
}

// A shelter with `people` in it (PointOfInterest of Smart Data Models, category shelter).
json::object shelter(place const& s, std::int64_t people) {
  return json::object{{"id", std::string("urn:ngsi-ld:PointOfInterest:shelter-") + s.id},
                      {"type", "PointOfInterest"},
                      {"name", names(s)},
                      {"category", prop(json::array{"shelter", "floodShelter"})},
                      {"capacity", prop(s.size)},
                      {"occupancy", prop(people)},
                      {"status", prop(people < s.size ? "open" : "full")},
                      {"location", point(s)}};
}

}  // namespace

void city_sensors::publish_shelters(api_writer& w) const {
  json::array out;
  for (auto const& s : kShelters) out.push_back(shelter(s, 0));
  w.upsert(out);
}

void city_sensors::report(api_writer& w, epoch_ms now, std::mt19937_64& rng, double evacuating) const {
  auto const lt = to_local(now, utc_offset_s_);
  double const hour = lt.seconds / 3600.0;
  std::string const at = format_iso8601(now);
  std::normal_distribution<double> noise(0.0, 0.04);
  json::array out;
  for (auto const& p : kParking) {
    double const used = std::clamp(occupancy(hour, lt.weekday) + noise(rng), 0.0, 1.0);
    auto const free_spots = static_cast<std::int64_t>(std::lround(p.size * (1 - used)));
    out.push_back(json::object{{"id", std::string("urn:ngsi-ld:OffStreetParking:") + p.id},
                               {"type", "OffStreetParking"},
                               {"name", names(p)},
                               {"totalSpotNumber", prop(p.size)},
                               {"availableSpotNumber", observed(free_spots, at)},
                               {"status", prop(free_spots > 0 ? "open" : "full")},
                               {"location", point(p)}});
  }
  for (auto const& p : kCounters) {
    double const share = std::max(0.0, crowd(hour, lt.weekday) * (1 + noise(rng) * 3));
    auto const count = static_cast<std::int64_t>(std::lround(p.size * share));
    out.push_back(json::object{{"id", std::string("urn:ngsi-ld:CrowdFlowObserved:") + p.id},
                               {"type", "CrowdFlowObserved"},
                               {"name", names(p)},
                               {"peopleCount", observed(count, at)},
                               {"congested", prop(count > p.size * 0.8)},
                               {"location", point(p)}});
  }
  // The nearest shelters to the river fill first (listed nearest first).
  for (std::size_t i = 0; i < kShelters.size(); ++i) {
    double const share = std::clamp(evacuating * (1.2 - 0.25 * static_cast<double>(i)), 0.0, 1.0);
    out.push_back(shelter(kShelters[i], static_cast<std::int64_t>(std::lround(kShelters[i].size * share))));
  }
  w.upsert(out);
}

}  // namespace cityos::sim
