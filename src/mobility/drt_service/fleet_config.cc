// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt_service/fleet_config.h"

#include "common/file.h"

namespace cityos::mobility::drt_service {

namespace {

error bad(std::string const& where, std::string_view why) {
  return make_error(error_code::bad_request, where + " " + std::string(why));
}

result<double> number(json::object const& o, std::string_view key, std::string const& where, double fallback,
                      double lo, double hi) {
  auto const* v = o.if_contains(key);
  if (!v) return fallback;
  if (!v->is_number()) return bad(where, "'" + std::string(key) + "' must be a number");
  double const x = v->to_number<double>();
  if (x < lo || x > hi)
    return bad(where, "'" + std::string(key) + "' must be from " + std::to_string(lo) + " to " + std::to_string(hi));
  return x;
}

result<epoch_ms> instant(json::object const& o, std::string_view key, std::string const& where) {
  auto const* v = o.if_contains(key);
  if (!v || !v->is_string()) return bad(where, "'" + std::string(key) + "' must be an ISO 8601 date-time");
  auto t = parse_iso8601(std::string_view(v->as_string()));
  if (!t) return bad(where, "'" + std::string(key) + "' must be an ISO 8601 date-time");
  return *t;
}

result<drt::fleet_vehicle> vehicle(json::value const& v, std::size_t i) {
  std::string where = "vehicle " + std::to_string(i);
  if (!v.is_object()) return bad(where, "must be an object");
  auto const& o = v.as_object();
  drt::fleet_vehicle out;
  auto const* id = o.if_contains("id");
  if (!id || !id->is_string() || id->as_string().empty()) return bad(where, "needs a non-empty string 'id'");
  out.id = std::string(id->as_string());
  where = "vehicle '" + out.id + "'";
  auto seats = number(o, "seats", where, 0, 0, 1000);
  if (!seats) return std::move(seats).err();
  auto chairs = number(o, "wheelchairs", where, 0, 0, 1000);
  if (!chairs) return std::move(chairs).err();
  auto volume = number(o, "volume", where, 0, 0, 1000);
  if (!volume) return std::move(volume).err();
  out.capacity = {static_cast<int>(*seats), static_cast<int>(*chairs), static_cast<int>(*volume)};
  auto const* depot = o.if_contains("depot");
  if (!depot || !depot->is_object()) return bad(where, "needs 'depot': {\"lat\": ..., \"lon\": ...}");
  auto lat = number(depot->as_object(), "lat", where + " depot", 1000, -90, 90);
  if (!lat) return std::move(lat).err();
  auto lon = number(depot->as_object(), "lon", where + " depot", 1000, -180, 180);
  if (!lon) return std::move(lon).err();
  if (*lat > 90 || *lon > 180) return bad(where, "'depot' needs lat and lon");
  out.depot = {*lat, *lon};
  auto start = instant(o, "shiftStart", where);
  if (!start) return std::move(start).err();
  auto end = instant(o, "shiftEnd", where);
  if (!end) return std::move(end).err();
  if (*end < *start) return bad(where, "has a shift ending before it starts");
  out.shift_start = *start;
  out.shift_end = *end;
  return out;
}

result<improvement_settings> improvement(json::value const& v) {
  if (!v.is_object()) return make_error(error_code::bad_request, "'improvement' must be an object");
  auto const& o = v.as_object();
  improvement_settings out;
  if (auto const* e = o.if_contains("enabled")) {
    if (!e->is_bool()) return bad("improvement", "'enabled' must be true or false");
    out.enabled = e->as_bool();
  }
  auto slice = number(o, "sliceMs", "improvement", out.slice_ms, 0.1, 1000);
  if (!slice) return std::move(slice).err();
  auto interval = number(o, "intervalMs", "improvement", out.interval_ms, 1, 600000);
  if (!interval) return std::move(interval).err();
  out.slice_ms = *slice;
  out.interval_ms = *interval;
  return out;
}

}  // namespace

result<fleet_config> parse_fleet(json::value const& doc) {
  if (!doc.is_object()) return make_error(error_code::bad_request, "the fleet file must hold a JSON object");
  auto const& o = doc.as_object();
  auto const* list = o.if_contains("vehicles");
  if (!list || !list->is_array() || list->as_array().empty())
    return make_error(error_code::bad_request, "the fleet file needs a non-empty 'vehicles' array");
  fleet_config out;
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    auto v = vehicle(list->as_array()[i], i);
    if (!v) return std::move(v).err();
    out.vehicles.push_back(std::move(*v));
  }
  if (auto const* s = o.if_contains("settings")) {
    if (!s->is_object()) return make_error(error_code::bad_request, "'settings' must be an object");
    auto const& so = s->as_object();
    auto& d = out.settings;
    struct field {
      char const* key;
      double* target;
      double lo, hi, scale;
    };
    double speed_kmh = d.speed_mps * 3.6;
    for (auto const& f : {field{"roadFactor", &d.road_factor, 1, 5, 1}, field{"speedKmh", &speed_kmh, 1, 200, 1},
                          field{"boardingSeconds", &d.boarding_s, 0, 3600, 1},
                          field{"parcelSeconds", &d.parcel_handling_s, 0, 3600, 1},
                          field{"pickupWindowSeconds", &d.pickup_window_s, 0, 86400, 1},
                          field{"promiseWidthSeconds", &d.promise_width_s, 60, 86400, 1},
                          field{"maxDetour", &d.default_max_detour, 1, 10, 1}}) {
      auto x = number(so, f.key, "settings", *f.target, f.lo, f.hi);
      if (!x) return std::move(x).err();
      *f.target = *x * f.scale;
    }
    d.speed_mps = speed_kmh / 3.6;
  }
  if (auto const* s = o.if_contains("improvement")) {
    if (auto i = improvement(*s); !i) return std::move(i).err();
    else out.improvement = *i;
  }
  return out;
}

result<fleet_config> load_fleet(std::filesystem::path const& path) {
  auto text = read_file(path);
  if (!text) return make_error(error_code::not_found, "cannot read the fleet file " + path.string());
  auto doc = parse_json(*text);
  if (!doc) return make_error(error_code::invalid_request, path.string() + ": " + doc.err().detail);
  auto fleet = parse_fleet(*doc);
  if (!fleet) return make_error(fleet.err().code, path.string() + ": " + fleet.err().detail);
  return fleet;
}

}  // namespace cityos::mobility::drt_service
