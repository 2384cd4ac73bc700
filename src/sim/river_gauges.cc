// SPDX-License-Identifier: Apache-2.0
#include "sim/river_gauges.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace cityos::sim {

namespace {

struct gauge {
  char const* device;
  char const* name_ja;
  char const* name_en;
  double lon, lat;
  double base, peak;  // metres: normal level, top of the rain event
};

// Made-up levels; the locations are approximate (near the bus stops 知利別1丁目 and 本輪西駅前).
constexpr std::array<gauge, 2> kGauges = {{
    {"muroran-chiribetsu", "知利別川 知利別水位観測所", "Chiribetsu river gauge", 141.0195, 42.3585, 0.55, 2.45},
    {"muroran-chimaibetsu", "チマイベツ川 本輪西水位観測所", "Chimaibetsu river gauge", 140.9790, 42.3600, 0.40, 0.95},
}};

constexpr epoch_ms kMinute = 60'000;
constexpr epoch_ms kRise = 240 * kMinute;
constexpr epoch_ms kFall = 360 * kMinute;
constexpr epoch_ms kDay = 1440 * kMinute;

double smoothstep(double x) {
  x = std::clamp(x, 0.0, 1.0);
  return x * x * (3 - 2 * x);
}

json::value geo_point(double lon, double lat) {
  return json::object{{"type", "Point"}, {"coordinates", json::array{lon, lat}}};
}

}  // namespace

void river_gauges::provision(api_writer& w) const {
  json::value group = json::object{
      {"services",
       json::array{json::object{
           {"apikey", kRiverApiKey},
           {"entity_type", "WaterObserved"},
           {"resource", "/iot/json"},
           {"autoprovision", false},
           {"attributes", json::array{json::object{{"object_id", "h"},
                                                   {"name", "height"},
                                                   {"type", "Number"},
                                                   {"metadata", json::object{{"unitCode", json::object{{"value", "MTR"}}}}}}}},
       }}}};
  w.send("POST", "/iot/services", {}, &group, {}, {409});
  json::array devices;
  for (auto const& g : kGauges) {
    devices.push_back(json::object{
        {"device_id", g.device},
        {"apikey", kRiverApiKey},
        {"entity_name", std::string("urn:ngsi-ld:WaterObserved:") + g.device},
        {"entity_type", "WaterObserved"},
        {"static_attributes",
         json::array{json::object{{"name", "name"}, {"type", "Text"}, {"value", std::string(g.name_ja) + " / " + g.name_en}},
                     json::object{{"name", "location"}, {"type", "geo:json"}, {"value", geo_point(g.lon, g.lat)}}}},
    });
  }
  json::value body = json::object{{"devices", std::move(devices)}};
  w.send("POST", "/iot/devices", {}, &body, {}, {409});
}

double river_gauges::level(int g, epoch_ms now) const {
  auto const& def = kGauges[static_cast<std::size_t>(g)];
  double shape = 0;
  if (now >= event_start_) {
    epoch_ms const t = (now - event_start_) % kDay;
    if (t < kRise) shape = smoothstep(static_cast<double>(t) / kRise);
    else if (t < kRise + kFall) shape = 1 - smoothstep(static_cast<double>(t - kRise) / kFall);
  }
  return def.base + (def.peak - def.base) * shape;
}

double river_gauges::evacuating(epoch_ms now) const {
  // People start leaving at the Chiribetsu gauge's evacuation judgement level (1.9 m)
  // and most have left by its flood danger level (2.2 m): data/muroran/flood-watch.json.
  return std::clamp((level(0, now) - 1.9) / 0.4, 0.0, 1.0) * 0.8;
}

void river_gauges::report(api_writer& w, epoch_ms now, std::mt19937_64& rng) const {
  std::uniform_real_distribution<double> noise(-0.01, 0.01);
  for (std::size_t g = 0; g < kGauges.size(); ++g) {
    double const h = std::round((level(static_cast<int>(g), now) + noise(rng)) * 1000) / 1000;
    json::value body = json::object{{"h", h}, {"TimeInstant", format_iso8601(now)}};
    w.send("POST", "/iot/json", {{"k", kRiverApiKey}, {"i", kGauges[g].device}}, &body);
  }
}

}  // namespace cityos::sim
