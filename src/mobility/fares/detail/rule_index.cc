// SPDX-License-Identifier: Apache-2.0
#include "mobility/fares/detail/rule_index.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace cityos::mobility::fares::detail {

std::size_t fare_row_hash::operator()(fare_row const& r) const {
  std::uint64_t h = (std::uint64_t{r.fare} << 32 | r.route) * 0x9E3779B97F4A7C15ULL;
  h ^= (std::uint64_t{r.origin} << 32 | r.destination) * 0xBF58476D1CE4E5B9ULL;
  return static_cast<std::size_t>(h ^ (h >> 31));
}

namespace {

std::vector<index_t> zones_of_stops(gtfs::feed const& f) {
  std::vector<index_t> zone(f.stops.size(), no_index);
  for (std::size_t i = 0; i < f.stops.size(); ++i) {
    auto const& s = f.stops[i];
    zone[i] = s.zone;
    if (zone[i] == no_index && s.parent != no_index && s.parent < f.stops.size()) zone[i] = f.stops[s.parent].zone;
  }
  return zone;
}

std::vector<index_t> agencies_of_routes(gtfs::feed const& f) {
  index_t const only = f.agencies.size() == 1 ? 0 : no_index;
  std::vector<index_t> agency(f.routes.size());
  for (std::size_t i = 0; i < f.routes.size(); ++i)
    agency[i] = f.routes[i].agency != no_index ? f.routes[i].agency : only;
  return agency;
}

}  // namespace

rule_index::rule_index(gtfs::feed const& f)
    : stop_zone(zones_of_stops(f)),
      route_agency(agencies_of_routes(f)),
      fare_usable(f.fare_attributes.size(), false),
      fare_currency(f.fare_attributes.size(), 0),
      fare_price(f.fare_attributes.size(), 0),
      route_count(static_cast<index_t>(f.routes.size())) {
  for (std::size_t i = 0; i < f.fare_attributes.size(); ++i) {
    fare_price[i] = f.fare_attributes[i].price;
    auto const& cur = f.fare_attributes[i].currency;
    auto it = std::find(currencies.begin(), currencies.end(), cur);
    fare_currency[i] = static_cast<index_t>(it - currencies.begin());
    if (it == currencies.end()) currencies.push_back(cur);
  }
  std::map<std::tuple<index_t, index_t, index_t, index_t>, std::vector<index_t>> groups;
  for (auto const& r : f.fare_rules) {
    if (r.fare >= f.fare_attributes.size()) continue;
    fare_usable[r.fare] = true;
    if (r.contains == no_index)
      add_row(f, {r.fare, r.route, r.origin, r.destination});
    else
      groups[{r.fare, r.route, r.origin, r.destination}].push_back(r.contains);
  }
  for (auto& [k, zones] : groups) {
    std::sort(zones.begin(), zones.end());
    zones.erase(std::unique(zones.begin(), zones.end()), zones.end());
    auto const [fare, route, origin, destination] = k;
    contains.push_back({{fare, route, origin, destination}, std::move(zones)});
  }
  for (std::size_t i = 0; i < f.fare_attributes.size(); ++i) {
    if (fare_usable[i]) continue;
    if (f.fare_attributes[i].agency == no_index && f.agencies.size() > 1) continue;  // applies to nothing known
    fare_usable[i] = true;
    add_row(f, {static_cast<index_t>(i), no_index, no_index, no_index});
  }
}

void rule_index::add_row(gtfs::feed const& f, fare_row const& r) {
  rows.insert(r);
  index_t const fare_agency = f.fare_attributes[r.fare].agency;
  index_t slot = no_index;
  int kind = 2;
  if (r.route != no_index) {
    if (fare_agency != no_index && route_agency[r.route] != fare_agency) return;  // never applies
    slot = r.route;
    kind = 0;
  } else if (fare_agency != no_index) {
    slot = route_count + fare_agency;
    kind = 1;
  }
  cheapest.keep_min({slot, r.origin, r.destination}, r.fare, fare_price);
  shapes |= shape_bit(kind, r.origin == no_index, r.destination == no_index);
}

}  // namespace cityos::mobility::fares::detail
