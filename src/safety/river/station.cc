// SPDX-License-Identifier: Apache-2.0
#include "safety/river/station.h"

#include <cmath>

#include "common/json_members.h"

namespace cityos::safety::river {

namespace {

using json_members::bad_member;
using json_members::member_path;

constexpr double kMaxMetres = 1000.0;
constexpr std::int64_t kMinute = 60'000;
constexpr std::array<std::string_view, kDangerLevels> kReferenceKeys = {"standby", "caution", "evacuationJudgement",
                                                                        "danger", "bankHeight"};

// Sets `out` (ms) from a member in minutes within lo..hi, if present.
result<void> minutes(json::object const& o, std::string const& path, std::string_view key, std::int64_t lo,
                     std::int64_t hi, epoch_ms& out) {
  auto v = json_members::opt_integer(o, path, key, lo, hi);
  if (!v) return std::move(v).err();
  if (*v) out = **v * kMinute;
  return {};
}

result<void> number(json::object const& o, std::string const& path, std::string_view key, double lo, double hi,
                    double& out) {
  auto v = json_members::opt_number(o, path, key, lo, hi);
  if (!v) return std::move(v).err();
  if (*v) out = **v;
  return {};
}

result<void> integer(json::object const& o, std::string const& path, std::string_view key, std::int64_t lo,
                     std::int64_t hi, int& out) {
  auto v = json_members::opt_integer(o, path, key, lo, hi);
  if (!v) return std::move(v).err();
  if (*v) out = static_cast<int>(**v);
  return {};
}

result<void> name_of(json::object const& o, station& s) {
  auto const* v = o.if_contains("name");
  if (!v) return bad_member("name", "is required");
  if (!v->is_object()) return bad_member("name", "must be an object with ja and en");
  auto const& n = v->as_object();
  if (auto r = json_members::check_members(n, "name", {"ja", "en"}); !r) return r;
  auto ja = json_members::opt_string(n, "name", "ja");
  if (!ja) return std::move(ja).err();
  auto en = json_members::opt_string(n, "name", "en");
  if (!en) return std::move(en).err();
  if (!*ja || !*en) return bad_member("name", "needs ja and en");
  s.name = {std::move(**ja), std::move(**en)};
  return {};
}

result<void> location_of(json::object const& o, station& s) {
  auto a = json_members::opt_array(o, "", "location");
  if (!a) return std::move(a).err();
  if (!*a) return bad_member("location", "is required");
  auto const& c = **a;
  if (c.size() != 2 || !c[0].is_number() || !c[1].is_number())
    return bad_member("location", "must be [longitude, latitude]");
  s.longitude = c[0].to_number<double>();
  s.latitude = c[1].to_number<double>();
  if (!(std::abs(s.longitude) <= 180 && std::abs(s.latitude) <= 90))
    return bad_member("location", "must be [longitude, latitude] within -180..180, -90..90");
  return {};
}

result<void> reference_levels(json::object const& o, station& s) {
  std::string const path = "referenceLevels";
  auto v = json_members::opt_object(o, "", path);
  if (!v) return std::move(v).err();
  if (!*v) return bad_member(path, "is required");
  auto const& levels = **v;
  if (auto r =
          json_members::check_members(levels, path, {"standby", "caution", "evacuationJudgement", "danger", "bankHeight"});
      !r)
    return r;
  std::optional<std::size_t> previous;
  for (std::size_t i = 0; i < kReferenceKeys.size(); ++i) {
    auto m = json_members::opt_number(levels, path, kReferenceKeys[i], -kMaxMetres, kMaxMetres);
    if (!m) return std::move(m).err();
    if (!*m) continue;
    if (previous && **m <= *s.thresholds[*previous])
      return bad_member(member_path(path, kReferenceKeys[i]),
                        "must be above " + member_path(path, kReferenceKeys[*previous]));
    s.thresholds[i] = **m;
    previous = i;
  }
  if (!previous)
    return bad_member(path, "needs at least one of standby, caution, evacuationJudgement, danger, bankHeight");
  return {};
}

result<void> hysteresis_of(json::object const& o, hysteresis& h) {
  if (auto r = json_members::check_members(o, "hysteresis", {"margin", "holdMinutes"}); !r) return r;
  if (auto r = number(o, "hysteresis", "margin", 0, 10, h.margin_m); !r) return r;
  return minutes(o, "hysteresis", "holdMinutes", 0, 24 * 60, h.hold_ms);
}

result<void> reporting_of(json::object const& o, reporting& r) {
  std::string const p = "reporting";
  if (auto c = json_members::check_members(o, p, {"heartbeatMinutes", "floodMinutes", "missingFactor"}); !c) return c;
  if (auto c = minutes(o, p, "heartbeatMinutes", 1, 7 * 24 * 60, r.heartbeat_ms); !c) return c;
  if (auto c = minutes(o, p, "floodMinutes", 1, 24 * 60, r.flood_ms); !c) return c;
  if (auto c = number(o, p, "missingFactor", 1, 100, r.missing_factor); !c) return c;
  if (r.flood_ms > r.heartbeat_ms) return bad_member(p + ".floodMinutes", "must not exceed heartbeatMinutes");
  return {};
}

result<void> health_of(json::object const& o, health_limits& h) {
  std::string const p = "health";
  if (auto c = json_members::check_members(
          o, p, {"maxRisePerMinute", "jumpSettleReports", "stuckReports", "stuckMinutes", "stuckTolerance"});
      !c)
    return c;
  if (auto c = number(o, p, "maxRisePerMinute", 0.001, 100, h.max_rise_m_per_min); !c) return c;
  if (auto c = integer(o, p, "jumpSettleReports", 0, 100, h.jump_settle_reports); !c) return c;
  if (h.jump_settle_reports == 1) return bad_member(p + ".jumpSettleReports", "must be 0 (off) or from 2 to 100");
  if (auto c = integer(o, p, "stuckReports", 2, 10000, h.stuck_reports); !c) return c;
  if (auto c = minutes(o, p, "stuckMinutes", 1, 7 * 24 * 60, h.stuck_ms); !c) return c;
  return number(o, p, "stuckTolerance", 0, 1, h.stuck_tolerance_m);
}

result<void> horizons(json::object const& o, std::string const& p, std::vector<int>& out) {
  auto a = json_members::opt_array(o, p, "horizonsMinutes");
  if (!a) return std::move(a).err();
  if (!*a) return {};
  std::string const where = member_path(p, "horizonsMinutes");
  if ((*a)->empty()) return bad_member(where, "must not be empty");
  std::vector<int> parsed;
  for (auto const& v : **a) {
    if (!v.is_int64() || v.as_int64() < 1 || v.as_int64() > 24 * 60)
      return bad_member(where, "must hold integers from 1 to 1440");
    if (!parsed.empty() && v.as_int64() <= parsed.back()) return bad_member(where, "must be ascending, strictly");
    parsed.push_back(static_cast<int>(v.as_int64()));
  }
  out = std::move(parsed);
  return {};
}

result<void> forecast_of(json::object const& o, forecast_settings& f) {
  std::string const p = "forecast";
  if (auto c = json_members::check_members(
          o, p, {"windowMinutes", "minReadings", "minSpanMinutes", "horizonsMinutes", "intervalZ"});
      !c)
    return c;
  if (auto c = minutes(o, p, "windowMinutes", 5, 24 * 60, f.window_ms); !c) return c;
  if (auto c = integer(o, p, "minReadings", 3, 1000, f.min_readings); !c) return c;
  if (auto c = minutes(o, p, "minSpanMinutes", 1, 24 * 60, f.min_span_ms); !c) return c;
  if (auto c = horizons(o, p, f.horizons_min); !c) return c;
  if (auto c = number(o, p, "intervalZ", 0, 10, f.interval_z); !c) return c;
  if (f.min_span_ms > f.window_ms) return bad_member(p + ".minSpanMinutes", "must not exceed windowMinutes");
  return {};
}

result<void> upstream_of(json::object const& o, station& s) {
  auto a = json_members::opt_array(o, "", "upstream");
  if (!a) return std::move(a).err();
  if (!*a) return {};
  if ((*a)->size() > 16) return bad_member("upstream", "may list at most 16 stations");
  for (std::size_t i = 0; i < (*a)->size(); ++i) {
    std::string const p = "upstream[" + std::to_string(i) + "]";
    auto const& v = (**a)[i];
    if (!v.is_object()) return bad_member(p, "must be an object with station and travelMinutes");
    auto const& e = v.as_object();
    if (auto c = json_members::check_members(e, p, {"station", "travelMinutes", "gain"}); !c) return c;
    upstream_link link;
    auto id = json_members::opt_string(e, p, "station");
    if (!id) return std::move(id).err();
    if (!*id || (*id)->empty()) return bad_member(p + ".station", "is required (the id of another station)");
    link.station = std::move(**id);
    if (link.station == s.id) return bad_member(p + ".station", "must not be the station itself");
    for (auto const& other : s.upstream) {
      if (other.station == link.station) return bad_member(p + ".station", "is listed twice");
    }
    if (!e.contains("travelMinutes")) return bad_member(p + ".travelMinutes", "is required");
    if (auto c = minutes(e, p, "travelMinutes", 1, 24 * 60, link.travel_ms); !c) return c;
    auto gain = json_members::opt_number(e, p, "gain", 0, 2);
    if (!gain) return std::move(gain).err();
    link.gain = *gain;
    s.upstream.push_back(std::move(link));
  }
  return {};
}

result<void> rainfall_of(json::object const& o, station& s) {
  std::string const p = "rainfall";
  auto v = json_members::opt_object(o, "", p);
  if (!v) return std::move(v).err();
  if (!*v) return {};
  auto const& r = **v;
  if (auto c = json_members::check_members(r, p, {"entity", "attribute", "lagMinutes", "metresPerMm"}); !c) return c;
  rainfall_link link;
  auto entity = json_members::opt_string(r, p, "entity");
  if (!entity) return std::move(entity).err();
  if (!*entity || (*entity)->empty()) return bad_member(p + ".entity", "is required (a WeatherObserved entity id)");
  link.entity = std::move(**entity);
  auto attribute = json_members::opt_string(r, p, "attribute");
  if (!attribute) return std::move(attribute).err();
  if (*attribute) {
    if ((*attribute)->empty()) return bad_member(p + ".attribute", "must not be empty");
    link.attribute = std::move(**attribute);
  }
  if (!r.contains("lagMinutes")) return bad_member(p + ".lagMinutes", "is required");
  if (auto c = minutes(r, p, "lagMinutes", 1, 24 * 60, link.lag_ms); !c) return c;
  if (!r.contains("metresPerMm")) return bad_member(p + ".metresPerMm", "is required");
  if (auto c = number(r, p, "metresPerMm", 0, 1, link.metres_per_mm); !c) return c;
  s.rainfall = std::move(link);
  return {};
}

// Reads an optional sub-object with `parse`.
template <typename T, typename Parse>
result<void> section(json::object const& o, std::string_view key, T& out, Parse parse) {
  auto v = json_members::opt_object(o, "", key);
  if (!v) return std::move(v).err();
  if (!*v) return {};
  return parse(**v, out);
}

}  // namespace

std::string_view reference_key(reference_level r) { return kReferenceKeys[static_cast<std::size_t>(r) - 1]; }

std::optional<double> station::threshold(int level) const {
  if (level < 1 || level > kDangerLevels) return std::nullopt;
  return thresholds[static_cast<std::size_t>(level - 1)];
}

epoch_ms station::expected_interval(double metres) const {
  return metres >= observation_start_m ? report.flood_ms : report.heartbeat_ms;
}

result<station> parse_station(json::value const& doc) {
  if (!doc.is_object()) return make_error(error_code::bad_request, "a station must be a JSON object");
  auto const& o = doc.as_object();
  if (auto r = json_members::check_members(o, "",
                                     {"id", "name", "location", "utcOffsetMinutes", "referenceLevels",
                                      "observationStart", "hysteresis", "reporting", "health", "forecast", "upstream",
                                      "rainfall"});
      !r)
    return std::move(r).err();
  station s;
  auto id = json_members::opt_string(o, "", "id");
  if (!id) return std::move(id).err();
  if (!*id) return bad_member("id", "is required");
  s.id = std::move(**id);
  if (auto r = name_of(o, s); !r) return std::move(r).err();
  if (auto r = location_of(o, s); !r) return std::move(r).err();
  if (auto r = integer(o, "", "utcOffsetMinutes", -12 * 60, 14 * 60, s.utc_offset_min); !r) return std::move(r).err();
  if (auto r = reference_levels(o, s); !r) return std::move(r).err();
  for (auto const& t : s.thresholds) {
    if (t) {
      s.observation_start_m = *t;
      break;
    }
  }
  if (auto r = number(o, "", "observationStart", -kMaxMetres, kMaxMetres, s.observation_start_m); !r)
    return std::move(r).err();
  if (auto r = section(o, "hysteresis", s.hold, hysteresis_of); !r) return std::move(r).err();
  if (auto r = section(o, "reporting", s.report, reporting_of); !r) return std::move(r).err();
  if (auto r = section(o, "health", s.health, health_of); !r) return std::move(r).err();
  if (auto r = section(o, "forecast", s.forecast, forecast_of); !r) return std::move(r).err();
  if (auto r = upstream_of(o, s); !r) return std::move(r).err();
  if (auto r = rainfall_of(o, s); !r) return std::move(r).err();
  return s;
}

result<station> parse_station_text(std::string_view text) {
  auto doc = parse_json(text);
  if (!doc) return std::move(doc).err();
  return parse_station(*doc);
}

}  // namespace cityos::safety::river
