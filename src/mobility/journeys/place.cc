// SPDX-License-Identifier: Apache-2.0
#include "mobility/journeys/place.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "mobility/journeys/detail/parameter_error.h"

namespace cityos::mobility::journeys {

namespace {

constexpr std::string_view kStopPrefix = "stop:";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool parse_number(std::string_view s, double& out) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto const [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && std::isfinite(out);
}

error bad(std::string_view what, std::string const& message) { return detail::parameter_error(what, message); }

std::int32_t walk_seconds(double distance_m, access_options const& o) {
  return static_cast<std::int32_t>(std::lround(distance_m / o.walking_speed_mps));
}

}  // namespace

result<place> parse_place(std::string_view text, std::string_view what) {
  std::string_view const t = trim(text);
  if (t.empty()) return bad(what, "is empty: expected 'lat,lon' or 'stop:STOP_ID'");
  if (t.substr(0, kStopPrefix.size()) == kStopPrefix) {
    std::string_view const id = t.substr(kStopPrefix.size());
    if (id.empty()) return bad(what, "names no stop id after 'stop:'");
    place p;
    p.type = place::kind::stop;
    p.stop_id = std::string(id);
    return p;
  }
  auto const comma = t.find(',');
  if (comma == std::string_view::npos)
    return bad(what, "must be 'lat,lon' or 'stop:STOP_ID', got '" + std::string(t) + "'");
  place p;
  if (!parse_number(t.substr(0, comma), p.lat))
    return bad(what, "latitude '" + std::string(trim(t.substr(0, comma))) + "' is not a number");
  if (!parse_number(t.substr(comma + 1), p.lon))
    return bad(what, "longitude '" + std::string(trim(t.substr(comma + 1))) + "' is not a number");
  if (p.lat < -90 || p.lat > 90) return bad(what, "latitude must be between -90 and 90");
  if (p.lon < -180 || p.lon > 180) return bad(what, "longitude must be between -180 and 180");
  return p;
}

result<resolved_place> resolve_place(place const& p, std::string_view what, gtfs::feed const& f,
                                     stop_index const& index, std::vector<bool> const& boardable,
                                     access_options const& options) {
  resolved_place r;
  if (p.type == place::kind::stop) {
    auto const id = f.stop_ids.find(p.stop_id);
    if (!id) return bad(what, "names an unknown stop id '" + p.stop_id + "'");
    r.stop = *id;
    r.lat = f.stops[*id].lat;
    r.lon = f.stops[*id].lon;
    if (*id < boardable.size() && boardable[*id]) r.stops.push_back({*id, 0, 0});
    for (std::size_t s = 0; s < f.stops.size() && s < boardable.size(); ++s)
      if (f.stops[s].parent == *id && boardable[s]) r.stops.push_back({static_cast<gtfs::index_t>(s), 0, 0});
    if (r.stops.empty()) return bad(what, "stop '" + p.stop_id + "' is not served by any trip");
    return r;
  }
  r.lat = p.lat;
  r.lon = p.lon;
  for (auto const& n : index.near(p.lat, p.lon, options.max_walk_m, std::numeric_limits<std::size_t>::max())) {
    double const walked = n.distance_m * options.detour_factor;
    r.stops.push_back({n.stop, walked, walk_seconds(walked, options)});
  }
  if (r.stops.empty())
    return make_error(error_code::unprocessable,
                      "no stop within " + std::to_string(std::lround(options.max_walk_m)) + " m of '" +
                          std::string(what) + "' (" + std::to_string(p.lat) + "," + std::to_string(p.lon) + ")");
  return r;
}

std::vector<planner::stop_offset> offsets_of(resolved_place const& r) {
  std::vector<planner::stop_offset> out;
  out.reserve(r.stops.size());
  for (auto const& s : r.stops) out.push_back({s.stop, s.walk});
  return out;
}

}  // namespace cityos::mobility::journeys
