// SPDX-License-Identifier: Apache-2.0
#include "sim/bus_sim.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>

#include "sim/sim_time.h"

namespace cityos::sim {

namespace {

json::object prop(json::value v) { return json::object{{"type", "Property"}, {"value", std::move(v)}}; }
json::object prop(std::string_view s) { return prop(json::value(json::string(s))); }
json::object prop(char const* s) { return prop(std::string_view(s)); }

// `v` rounded to `per` parts of a unit (10: one decimal), as its shortest decimal.
double round_to(double v, double per) { return std::round(v * per) / per; }

}  // namespace

void bus_sim::remove_stale(api_writer& w) {
  auto resp = w.send("GET", "/ngsi-ld/v1/entities",
                     {{"type", "Vehicle"}, {"q", "vehicleType==\"bus\""}, {"attrs", "vehicleType"}, {"limit", "1000"}},
                     nullptr);
  auto got = resp.status == 200 ? parse_json(resp.body) : result<json::value>(json::value());
  if (!got || !got->is_array()) return;
  std::vector<std::string> ids;
  for (auto const& e : got->as_array()) {
    auto const* id = e.is_object() ? e.as_object().if_contains("id") : nullptr;
    if (id && id->is_string()) ids.emplace_back(id->as_string());
  }
  w.remove(ids);
}

void bus_sim::step(api_writer& w, epoch_ms now, std::mt19937_64& rng) {
  auto const lt = to_local(now, utc_offset_s_);
  auto const& feed = model_.feed();
  std::exponential_distribution<double> late(1.0 / 70.0);  // mean 70 s
  auto delay_of = [&](std::uint32_t trip, std::int32_t service_day) {
    auto key = std::make_pair(lt.date + service_day, trip);
    auto it = delays_.find(key);
    if (it == delays_.end()) {
      auto const d = static_cast<std::int32_t>(std::min(600.0, std::round(late(rng))));
      it = delays_.emplace(key, d).first;
    }
    return it->second;
  };
  auto const buses = model_.positions(lt.weekday, lt.seconds, delay_of);
  // Forget the delays of runs two days old.
  std::erase_if(delays_, [&](auto const& kv) { return kv.first.first < lt.date - 1; });

  std::string const at = format_iso8601(now);
  std::set<std::string> now_running;
  json::array entities;
  for (auto const& b : buses) {
    auto const& trip = feed.trips[b.trip];
    auto const& route = feed.routes[trip.route];
    std::string const& trip_id = feed.trip_ids.name(b.trip);
    std::string id = "urn:ngsi-ld:Vehicle:bus:" + trip_id;
    std::string const name = !route.short_name.empty() ? route.short_name : route.long_name;
    json::object loc{{"type", "GeoProperty"},
                     {"value", json::object{{"type", "Point"},
                                            {"coordinates", json::array{round_to(b.lon, 1e6), round_to(b.lat, 1e6)}}}},
                     {"observedAt", at}};
    json::object speed = prop(round_to(b.speed_kmh, 10));
    speed["unitCode"] = "KMH";
    auto& load = loads_.try_emplace(id, bus_load{b.next_seq > 0 ? b.next_seq - 1 : 0, 0, 0}).first->second;
    serve_stops(load, b.next_seq, b.stop_count, lt.seconds, seed_, lt.date + b.service_day, b.trip);
    json::object delay = prop(delay_of(b.trip, b.service_day));
    delay["unitCode"] = "SEC";
    entities.push_back(json::object{
        {"id", json::string(id)},
        {"type", "Vehicle"},
        {"vehicleType", prop("bus")},
        {"name", prop(name.empty() ? feed.route_ids.name(trip.route) : name)},
        {"location", std::move(loc)},
        {"bearing", prop(round_to(b.bearing, 10))},
        {"speed", std::move(speed)},
        {"refTrip", prop(trip_id)},
        {"refRoute", prop(feed.route_ids.name(trip.route))},
        {"nextStop", prop(feed.stops[b.next_stop].name)},
        {"delay", std::move(delay)},
        {"inService", prop(true)},
        {"passengersBoarded", prop(load.boarded)},
        {"occupancy", prop(load.occupancy)},
    });
    now_running.insert(std::move(id));
  }
  w.upsert(entities);
  std::vector<std::string> ended;
  std::set_difference(running_.begin(), running_.end(), now_running.begin(), now_running.end(),
                      std::back_inserter(ended));
  w.remove(ended);
  for (auto const& id : ended) loads_.erase(id);
  running_ = std::move(now_running);
}

}  // namespace cityos::sim
