// SPDX-License-Identifier: Apache-2.0
#include "mobility/journeys/stop_index.h"

#include <algorithm>
#include <cmath>

#include "mobility/planner/footpaths.h"

namespace cityos::mobility::journeys {

namespace {

constexpr double kMetresPerDegree = 111'320.0;  // of latitude; of longitude at the equator
constexpr double kCellMetres = 500.0;
constexpr double kPi = 3.14159265358979323846;

double cos_deg(double deg) { return std::cos(deg * kPi / 180.0); }

}  // namespace

std::vector<bool> boardable_stops(gtfs::feed const& f) {
  std::vector<bool> served(f.stops.size(), false);
  for (auto const& st : f.stop_times)
    if (st.stop < served.size()) served[st.stop] = true;
  for (std::size_t s = 0; s < f.stops.size(); ++s)
    if (f.stops[s].location_type != 0) served[s] = false;
  return served;
}

stop_index::stop_index(gtfs::feed const& f, std::vector<bool> const& boardable) {
  double max_abs_lat = 0;
  for (std::size_t s = 0; s < f.stops.size() && s < boardable.size(); ++s) {
    if (!boardable[s]) continue;
    points_.push_back({static_cast<gtfs::index_t>(s), f.stops[s].lat, f.stops[s].lon});
    max_abs_lat = std::max(max_abs_lat, std::abs(f.stops[s].lat));
  }
  cell_lat_deg_ = kCellMetres / kMetresPerDegree;
  // Cells at least kCellMetres wide everywhere in the feed's latitude band.
  cell_lon_deg_ = kCellMetres / (kMetresPerDegree * std::max(0.01, cos_deg(std::min(max_abs_lat, 89.0))));
  for (std::size_t i = 0; i < points_.size(); ++i)
    cells_[key(row_of(points_[i].lat), col_of(points_[i].lon))].push_back(static_cast<std::uint32_t>(i));
}

std::int64_t stop_index::row_of(double lat) const { return static_cast<std::int64_t>(std::floor(lat / cell_lat_deg_)); }
std::int64_t stop_index::col_of(double lon) const { return static_cast<std::int64_t>(std::floor(lon / cell_lon_deg_)); }

void stop_index::scan_all(double lat, double lon, double radius_m, std::vector<nearby_stop>& out) const {
  for (auto const& p : points_) {
    double const d = planner::distance_m(lat, lon, p.lat, p.lon);
    if (d <= radius_m) out.push_back({p.stop, d});
  }
}

std::vector<nearby_stop> stop_index::near(double lat, double lon, double radius_m, std::size_t limit) const {
  std::vector<nearby_stop> out;
  if (!(radius_m > 0) || limit == 0 || points_.empty()) return out;
  // Degrees spanned by the radius, with a margin for the sphere's curvature.
  double const dlat = radius_m / kMetresPerDegree * 1.01;
  double const worst_lat = std::min(89.0, std::abs(lat) + dlat);
  double const dlon = radius_m / (kMetresPerDegree * std::max(0.01, cos_deg(worst_lat))) * 1.01;
  std::int64_t const r0 = row_of(lat - dlat), r1 = row_of(lat + dlat);
  std::int64_t const c0 = col_of(lon - dlon), c1 = col_of(lon + dlon);
  if (dlon >= 180 || (r1 - r0 + 1) * (c1 - c0 + 1) > static_cast<std::int64_t>(points_.size())) {
    scan_all(lat, lon, radius_m, out);
  } else {
    for (std::int64_t r = r0; r <= r1; ++r)
      for (std::int64_t c = c0; c <= c1; ++c) {
        auto it = cells_.find(key(r, c));
        if (it == cells_.end()) continue;
        for (auto const i : it->second) {
          double const d = planner::distance_m(lat, lon, points_[i].lat, points_[i].lon);
          if (d <= radius_m) out.push_back({points_[i].stop, d});
        }
      }
  }
  auto const closer = [](nearby_stop const& a, nearby_stop const& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.stop < b.stop;
  };
  if (out.size() > limit) {
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(limit), out.end(), closer);
    out.resize(limit);
  } else {
    std::sort(out.begin(), out.end(), closer);
  }
  return out;
}

}  // namespace cityos::mobility::journeys
