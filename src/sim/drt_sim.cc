// SPDX-License-Identifier: Apache-2.0
#include "sim/drt_sim.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "sim/sim_time.h"

namespace cityos::sim {

namespace {

struct spot {
  double lat, lon;
};

// Suburbs where people live (near the bus stops of 白鳥台, 本輪西, 水元, 知利別, 陣屋).
constexpr std::array<spot, 5> kHomes = {{{42.3780, 140.9399}, {42.3610, 140.9790}, {42.3790, 141.0330},
                                         {42.3641, 141.0251}, {42.3440, 140.9900}}};
// Where they go: Higashi-Muroran station, Nakajima, Muroran station, a hospital area, the university.
constexpr std::array<spot, 5> kHubs = {{{42.3496, 141.0246}, {42.3520, 141.0210}, {42.3177, 140.9736},
                                        {42.3290, 140.9960}, {42.3763, 141.0344}}};

// Trips per hour of the whole population at `hour` (local).
double demand_per_hour(double hour) {
  if (hour < 7 || hour >= 20) return 0;
  auto bump = [](double h, double c, double w) { return std::exp(-((h - c) / w) * ((h - c) / w)); };
  return 2.0 + 4.0 * bump(hour, 8.5, 1.2) + 3.0 * bump(hour, 14, 2.5) + 3.0 * bump(hour, 17.5, 1.2);
}

json::object jitter(spot s, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> d(-0.003, 0.003);  // about ±300 m
  double const lat = std::round((s.lat + d(rng)) * 1e6) / 1e6;
  double const lon = std::round((s.lon + d(rng)) * 1e6) / 1e6;
  return json::object{{"lat", lat}, {"lon", lon}};
}

double number(json::value const* v) { return v && v->is_number() ? v->to_number<double>() : 0.0; }

}  // namespace

void drt_sim::book(api_writer& w, epoch_ms now, double minutes, std::mt19937_64& rng) {
  if (unavailable_) return;
  auto const lt = to_local(now, utc_offset_s_);
  double const mean = demand_per_hour(lt.seconds / 3600.0) * minutes / 60.0;
  std::poisson_distribution<int> count(std::max(mean, 1e-9));
  int const n = mean > 0 ? count(rng) : 0;
  std::uniform_int_distribution<std::size_t> home(0, kHomes.size() - 1), hub(0, kHubs.size() - 1);
  std::uniform_int_distribution<int> lead_min(10, 40), party(1, 2), volume(1, 5);
  std::bernoulli_distribution outbound(lt.seconds < 13 * 3600 ? 0.8 : 0.3), parcel(0.2);
  for (int i = 0; i < n; ++i) {
    json::object b;
    b["id"] = "sim-" + std::to_string(start_ / 1000) + "-" + std::to_string(next_id_++);
    auto a = jitter(kHomes[home(rng)], rng);
    auto z = jitter(kHubs[hub(rng)], rng);
    bool const out = outbound(rng);
    epoch_ms const t = (now / 60'000 + lead_min(rng)) * 60'000;
    if (parcel(rng)) {
      b["kind"] = "parcel";
      b["pickup"] = std::move(z);  // parcels come from the centre to homes
      b["dropoff"] = std::move(a);
      b["pickupWindow"] = json::object{{"from", format_iso8601(t)}, {"to", format_iso8601(t + 3'600'000)}};
      b["deliveryWindow"] = json::object{{"from", format_iso8601(t)}, {"to", format_iso8601(t + 3 * 3'600'000)}};
      b["volume"] = volume(rng);
    } else {
      b["kind"] = "passenger";
      b["pickup"] = out ? a : z;
      b["dropoff"] = out ? z : a;
      b["pickupTime"] = format_iso8601(t);
      b["passengers"] = party(rng);
    }
    json::value body = std::move(b);
    auto r = w.send("POST", "/api/v1/drt/requests", {}, &body, {}, {503});
    if (r.status == 503) {
      unavailable_ = true;
      return;
    }
  }
}

void drt_sim::follow(api_writer& w, epoch_ms now, double seconds) {
  if (unavailable_) return;
  auto r = w.send("GET", "/api/v1/drt/vehicles", {}, nullptr, {}, {503});
  if (r.status == 503) {
    unavailable_ = true;
    return;
  }
  auto list = r.status == 200 ? parse_json(r.body) : result<json::value>(json::value());
  if (!list || !list->is_object() || !list->as_object().contains("vehicles")) return;
  for (auto const& v : list->as_object().at("vehicles").as_array()) {
    auto const& vo = v.as_object();
    std::string const id(vo.at("id").as_string());
    auto p = w.send("GET", "/api/v1/drt/vehicles/" + id + "/plan", {}, nullptr);
    auto plan = p.status == 200 ? parse_json(p.body) : result<json::value>(json::value());
    if (!plan || !plan->is_object()) continue;
    auto const* stops = plan->as_object().if_contains("plan");
    if (!stops || !stops->is_array() || stops->as_array().empty()) continue;
    auto const& next = stops->as_array().front().as_object();
    auto const* eta_s = next.if_contains("eta");
    // A plain value, not an optional: GCC 12 -O2 warns (maybe-uninitialized) on the optional.
    epoch_ms const eta = eta_s && eta_s->is_string() ? parse_iso8601(eta_s->as_string()).value_or(-1) : -1;
    std::string const events = "/api/v1/drt/vehicles/" + id + "/events";
    if (eta >= 0 && eta <= now) {
      json::value e = json::object{{"type", next.at("action") == "pickup" ? "pickedUp" : "droppedOff"},
                                   {"requestId", next.at("requestId")}};
      w.send("POST", events, {}, &e);
      continue;
    }
    // Towards the stop, arriving at its ETA.
    auto const& pos = vo.at("position").as_object();
    auto const& to = next.at("location").as_object();
    double const left_s = eta >= 0 ? static_cast<double>(eta - now) / 1000.0 : 600.0;
    double const f = std::clamp(seconds / std::max(left_s, seconds), 0.0, 1.0);
    double const lat = number(pos.if_contains("lat")) + f * (number(to.if_contains("lat")) - number(pos.if_contains("lat")));
    double const lon = number(pos.if_contains("lon")) + f * (number(to.if_contains("lon")) - number(pos.if_contains("lon")));
    json::value e = json::object{{"type", "position"},
                                 {"location", json::object{{"lat", std::round(lat * 1e6) / 1e6},
                                                           {"lon", std::round(lon * 1e6) / 1e6}}}};
    w.send("POST", events, {}, &e);
  }
}

}  // namespace cityos::sim
