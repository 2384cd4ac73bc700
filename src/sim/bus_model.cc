// SPDX-License-Identifier: Apache-2.0
#include "sim/bus_model.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cityos::sim {

namespace {

namespace gtfs = mobility::gtfs;

constexpr double kEarthRadiusM = 6'371'000.0;

double rad(double deg) { return deg * std::numbers::pi / 180.0; }

double distance_m(double lat1, double lon1, double lat2, double lon2) {
  double const x = rad(lon2 - lon1) * std::cos(rad((lat1 + lat2) / 2));
  double const y = rad(lat2 - lat1);
  return std::sqrt(x * x + y * y) * kEarthRadiusM;
}

double bearing_deg(double lat1, double lon1, double lat2, double lon2) {
  double const x = rad(lon2 - lon1) * std::cos(rad((lat1 + lat2) / 2));
  double const y = rad(lat2 - lat1);
  double b = std::atan2(x, y) * 180.0 / std::numbers::pi;
  return b < 0 ? b + 360.0 : b;
}

}  // namespace

result<bus_model> bus_model::make(gtfs::feed f) {
  bus_model m;
  m.feed_ = std::move(f);
  auto const& feed = m.feed_;
  std::vector<std::uint8_t> weekdays(feed.service_ids.size(), 0);
  for (auto const& c : feed.calendars) {
    if (c.service < weekdays.size()) weekdays[c.service] |= c.weekdays;
  }
  // Shape points per shape: [first, end) into feed.shape_points (sorted by shape).
  std::vector<std::pair<std::size_t, std::size_t>> shape_range(feed.shape_ids.size(), {0, 0});
  for (std::size_t i = 0; i < feed.shape_points.size();) {
    std::size_t j = i;
    while (j < feed.shape_points.size() && feed.shape_points[j].shape == feed.shape_points[i].shape) ++j;
    if (feed.shape_points[i].shape < shape_range.size()) shape_range[feed.shape_points[i].shape] = {i, j};
    i = j;
  }
  for (std::uint32_t t = 0; t < feed.trips.size(); ++t) {
    auto const& trip = feed.trips[t];
    if (trip.stop_time_count < 2 || trip.service >= weekdays.size() || weekdays[trip.service] == 0) continue;
    trip_path p{t, weekdays[trip.service], {}, {}, -1, -1};
    auto const* st = &feed.stop_times[trip.first_stop_time];
    std::size_t const n = trip.stop_time_count;
    if (trip.shape < shape_range.size() &&
        shape_range[trip.shape].second - shape_range[trip.shape].first >= 2) {
      for (std::size_t k = shape_range[trip.shape].first; k < shape_range[trip.shape].second; ++k) {
        auto const& sp = feed.shape_points[k];
        double const d = p.path.empty() ? 0.0
                                        : p.path.back().dist + distance_m(p.path.back().lat, p.path.back().lon,
                                                                          sp.lat, sp.lon);
        p.path.push_back({sp.lat, sp.lon, d});
      }
    } else {
      for (std::size_t k = 0; k < n; ++k) {
        auto const& s = feed.stops[st[k].stop];
        double const d = p.path.empty() ? 0.0
                                        : p.path.back().dist + distance_m(p.path.back().lat, p.path.back().lon,
                                                                          s.lat, s.lon);
        p.path.push_back({s.lat, s.lon, d});
      }
    }
    // Each stop at the nearest path point, never behind the previous stop.
    std::size_t from = 0;
    for (std::size_t k = 0; k < n; ++k) {
      auto const& s = feed.stops[st[k].stop];
      std::size_t best = from;
      double best_d = 1e18;
      for (std::size_t q = from; q < p.path.size(); ++q) {
        // A loop passes near a stop twice: the first close pass is the stop.
        if (best_d < 150 && p.path[q].dist - p.path[best].dist > 3000) break;
        double const d = distance_m(s.lat, s.lon, p.path[q].lat, p.path[q].lon);
        if (d < best_d) best_d = d, best = q;
      }
      p.stop_dist.push_back(p.path[best].dist);
      from = best;
    }
    std::int32_t const dep0 = st[0].departure >= 0 ? st[0].departure : st[0].arrival;
    std::int32_t const arrn = st[n - 1].arrival >= 0 ? st[n - 1].arrival : st[n - 1].departure;
    if (dep0 < 0 || arrn < dep0) continue;
    p.first_dep = dep0;
    p.last_arr = arrn;
    m.paths_.push_back(std::move(p));
  }
  if (m.paths_.empty()) return make_error(error_code::bad_request, "GTFS feed has no trip a bus can run");
  return m;
}

std::size_t bus_model::trips() const { return paths_.size(); }

bool bus_model::locate(trip_path const& t, std::int32_t when, bus_position& out) const {
  if (when < t.first_dep || when > t.last_arr) return false;
  auto const& trip = feed_.trips[t.trip];
  auto const* st = &feed_.stop_times[trip.first_stop_time];
  std::size_t const n = trip.stop_time_count;
  auto arr = [&](std::size_t k) { return st[k].arrival >= 0 ? st[k].arrival : st[k].departure; };
  auto dep = [&](std::size_t k) { return st[k].departure >= 0 ? st[k].departure : st[k].arrival; };
  double dist = t.stop_dist[n - 1];
  double speed = 0;
  std::size_t next = n - 1;
  for (std::size_t k = 0; k + 1 < n; ++k) {
    if (when < arr(k)) break;  // untimed gap: stays at the last stop passed
    if (when <= dep(k)) {  // standing at stop k
      dist = t.stop_dist[k];
      next = k + 1;
      break;
    }
    if (when < arr(k + 1)) {  // between k and k+1
      double const span = std::max(1, arr(k + 1) - dep(k));
      double const f = (when - dep(k)) / span;
      double const seg = t.stop_dist[k + 1] - t.stop_dist[k];
      dist = t.stop_dist[k] + f * seg;
      speed = seg / span * 3.6;
      next = k + 1;
      break;
    }
  }
  // The path segment holding `dist`.
  auto it = std::upper_bound(t.path.begin(), t.path.end(), dist,
                             [](double d, point const& p) { return d < p.dist; });
  std::size_t const i = it == t.path.begin() ? 0 : std::min<std::size_t>(it - t.path.begin() - 1, t.path.size() - 2);
  auto const& a = t.path[i];
  auto const& b = t.path[i + 1];
  double const len = b.dist - a.dist;
  double const f = len > 0 ? std::clamp((dist - a.dist) / len, 0.0, 1.0) : 0.0;
  out.trip = t.trip;
  out.lat = a.lat + f * (b.lat - a.lat);
  out.lon = a.lon + f * (b.lon - a.lon);
  out.bearing = bearing_deg(a.lat, a.lon, b.lat, b.lon);
  out.speed_kmh = speed;
  out.next_stop = st[next].stop;
  out.next_seq = static_cast<std::uint32_t>(next);
  out.stop_count = static_cast<std::uint32_t>(n);
  return true;
}

std::vector<bus_position> bus_model::positions(
    int weekday, std::int32_t secs,
    std::function<std::int32_t(std::uint32_t, std::int32_t)> const& delay_of) const {
  std::vector<bus_position> out;
  int const yesterday = (weekday + 6) % 7;
  for (std::int32_t day : {-1, 0}) {
    int const wd = day == 0 ? weekday : yesterday;
    std::int32_t const t_day = day == 0 ? secs : secs + 86'400;
    for (auto const& t : paths_) {
      if ((t.weekdays & (1u << wd)) == 0) continue;
      if (t_day < t.first_dep || t_day > t.last_arr + 3600) continue;  // cheap filter (delays < 1 h)
      std::int32_t const delay = delay_of(t.trip, day);
      bus_position p;
      if (!locate(t, t_day - delay, p)) continue;
      p.service_day = day;
      out.push_back(p);
    }
  }
  return out;
}

}  // namespace cityos::sim
