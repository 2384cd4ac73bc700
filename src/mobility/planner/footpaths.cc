// SPDX-License-Identifier: Apache-2.0
#include "mobility/planner/footpaths.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <numeric>

namespace cityos::mobility::planner {

double distance_m(double lat1, double lon1, double lat2, double lon2) {
  constexpr double r = 6'371'000, rad = 3.14159265358979323846 / 180;
  double const dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
  double const a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * r * std::asin(std::min(1.0, std::sqrt(a)));
}

namespace {

void set_link(std::vector<footpath>& links, gtfs::index_t to, std::int32_t duration, bool at_least) {
  for (auto& l : links)
    if (l.to == to) {
      l.duration = at_least ? std::max(l.duration, duration) : duration;
      return;
    }
  links.push_back({to, duration});
}

}  // namespace

walking_links build_walking_links(gtfs::feed const& f, std::vector<bool> const& used,
                                  footpath_options const& options) {
  walking_links out;
  out.from.assign(f.stops.size(), {});
  out.change_time.assign(f.stops.size(), -1);

  // Sweep stops sorted by latitude; only pairs within the radius' latitude band are measured.
  std::vector<gtfs::index_t> order;
  for (gtfs::index_t s = 0; s < f.stops.size(); ++s)
    if (s < used.size() && used[s]) order.push_back(s);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return f.stops[a].lat < f.stops[b].lat; });
  double const band = options.radius_m / 111'000.0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    auto const& a = f.stops[order[i]];
    for (std::size_t j = i + 1; j < order.size() && f.stops[order[j]].lat - a.lat <= band; ++j) {
      auto const& b = f.stops[order[j]];
      double const d = distance_m(a.lat, a.lon, b.lat, b.lon);
      if (d > options.radius_m) continue;
      auto const t = static_cast<std::int32_t>(std::ceil(d * options.detour_factor / options.walking_speed_mps));
      out.from[order[i]].push_back({order[j], t});
      out.from[order[j]].push_back({order[i], t});
    }
  }

  for (auto const& t : f.transfers) {
    if (t.from_stop >= f.stops.size() || t.to_stop >= f.stops.size()) continue;
    if (t.from_route != gtfs::no_index || t.to_route != gtfs::no_index || t.from_trip != gtfs::no_index ||
        t.to_trip != gtfs::no_index)
      continue;
    if (t.from_stop == t.to_stop) {
      if (t.type == 3) out.change_time[t.from_stop] = INT32_MAX;
      else if (t.type == 2 && t.min_transfer_time >= 0) out.change_time[t.from_stop] = t.min_transfer_time;
      else if (t.type == 1) out.change_time[t.from_stop] = 0;
      continue;
    }
    auto& links = out.from[t.from_stop];
    if (t.type == 3) {
      std::erase_if(links, [&](footpath const& l) { return l.to == t.to_stop; });
    } else if (t.type == 2 && t.min_transfer_time >= 0) {
      set_link(links, t.to_stop, t.min_transfer_time, true);
    }
  }
  for (auto& links : out.from)
    std::sort(links.begin(), links.end(), [](auto const& a, auto const& b) { return a.to < b.to; });
  return out;
}

}  // namespace cityos::mobility::planner
