// SPDX-License-Identifier: Apache-2.0
#include "safety/watch_over/watch_config.h"

#include <fstream>
#include <set>
#include <sstream>

namespace cityos::safety::watch_over {

namespace {

error bad(std::string const& path, std::string_view why) {
  return make_error(error_code::bad_request, path + " " + std::string(why));
}

result<std::string> text(json::object const& o, std::string const& path, std::string_view key, bool required) {
  auto const* v = o.if_contains(key);
  std::string const where = path + "." + std::string(key);
  if (!v) {
    if (required) return bad(where, "is required");
    return std::string();
  }
  if (!v->is_string() || v->get_string().empty()) return bad(where, "must be a non-empty string");
  return std::string(v->get_string());
}

result<double> number(json::object const& o, std::string const& path, std::string_view key, double lo, double hi,
                      double fallback) {
  auto const* v = o.if_contains(key);
  if (!v) return fallback;
  if (!v->is_number() || !(v->to_number<double>() >= lo && v->to_number<double>() <= hi)) {
    return bad(path + "." + std::string(key),
               "must be a number from " + dump(json::value(lo)) + " to " + dump(json::value(hi)));
  }
  return v->to_number<double>();
}

result<polygon> zone(json::object const& o, std::string const& path) {
  std::string const where = path + ".homeZone";
  auto const* v = o.if_contains("homeZone");
  auto const fail = bad(where, "must be a GeoJSON Polygon with at least 3 points");
  if (!v || !v->is_object()) return fail;
  auto const* type = v->get_object().if_contains("type");
  auto const* coords = v->get_object().if_contains("coordinates");
  if (!type || !type->is_string() || type->get_string() != "Polygon" || !coords || !coords->is_array() ||
      coords->get_array().empty() || !coords->get_array()[0].is_array()) {
    return fail;
  }
  polygon out;
  for (auto const& p : coords->get_array()[0].get_array()) {
    if (!p.is_array() || p.get_array().size() < 2 || !p.get_array()[0].is_number() || !p.get_array()[1].is_number()) {
      return fail;
    }
    lon_lat const ll{p.get_array()[0].to_number<double>(), p.get_array()[1].to_number<double>()};
    if (ll.lon < -180 || ll.lon > 180 || ll.lat < -90 || ll.lat > 90) return bad(where, "has a point outside WGS84");
    out.ring.push_back(ll);
  }
  if (out.ring.size() > 1 && out.ring.front().lon == out.ring.back().lon && out.ring.front().lat == out.ring.back().lat) {
    out.ring.pop_back();
  }
  if (out.ring.size() < 3) return fail;
  return out;
}

result<epoch_ms> clock_time(json::object const& o, std::string const& path, std::string_view key, epoch_ms fallback) {
  auto const* v = o.if_contains(key);
  if (!v) return fallback;
  std::string const where = path + "." + std::string(key);
  if (!v->is_string()) return bad(where, "must be a time of day \"HH:MM\"");
  std::string t(v->get_string());
  if (t.size() == 5) t += ":00";
  auto ms = parse_time_of_day(t);
  if (!ms) return bad(where, "must be a time of day \"HH:MM\"");
  return *ms;
}

result<void> daytime(json::object const& o, std::string const& path, watched_person& p) {
  auto const* v = o.if_contains("daytime");
  if (!v) return {};
  if (!v->is_object()) return bad(path + ".daytime", "must be an object {\"from\", \"to\"}");
  auto from = clock_time(v->get_object(), path + ".daytime", "from", p.day_from_ms);
  if (!from) return std::move(from).err();
  auto to = clock_time(v->get_object(), path + ".daytime", "to", p.day_to_ms);
  if (!to) return std::move(to).err();
  p.day_from_ms = *from;
  p.day_to_ms = *to;
  return {};
}

result<std::vector<std::string>> carers(json::object const& o, std::string const& path) {
  auto const* v = o.if_contains("carers");
  std::vector<std::string> out;
  if (!v || !v->is_array()) return bad(path + ".carers", "must be an array of key ids or token subjects");
  for (auto const& c : v->get_array()) {
    if (!c.is_string() || c.get_string().empty()) return bad(path + ".carers", "must hold non-empty strings");
    out.emplace_back(c.get_string());
  }
  return out;
}

result<void> limits(json::object const& o, std::string const& path, watched_person& p) {
  auto offset = number(o, path, "utcOffsetMinutes", -720, 840, p.utc_offset_min);
  auto minutes = number(o, path, "noMovementMinutes", 10, 24 * 60, static_cast<double>(p.no_movement_ms) / 60'000);
  auto metres = number(o, path, "movementMetres", 1, 10'000, p.movement_m);
  auto battery = number(o, path, "lowBattery", 0, 0.95, p.low_battery);
  auto days = number(o, path, "retentionDays", 1, 366, static_cast<double>(p.retention_ms) / 86'400'000);
  for (auto const* r : {&offset, &minutes, &metres, &battery, &days}) {
    if (!*r) return r->err();
  }
  p.utc_offset_min = static_cast<int>(*offset);
  p.no_movement_ms = static_cast<epoch_ms>(*minutes * 60'000);
  p.movement_m = *metres;
  p.low_battery = *battery;
  p.retention_ms = static_cast<epoch_ms>(*days * 86'400'000);
  return {};
}

result<watched_person> parse_person(json::value const& v, std::string const& path) {
  if (!v.is_object()) return bad(path, "must be an object");
  auto const& o = v.get_object();
  static constexpr std::string_view kKnown[] = {"person", "name", "device", "homeZone", "carers", "daytime",
                                                "utcOffsetMinutes", "noMovementMinutes", "movementMetres",
                                                "lowBattery", "retentionDays"};
  for (auto const& kv : o) {
    if (std::find(std::begin(kKnown), std::end(kKnown), kv.key()) == std::end(kKnown)) {
      return bad(path + "." + std::string(kv.key()), "is not a known member");
    }
  }
  watched_person p;
  auto person = text(o, path, "person", true);
  if (!person) return std::move(person).err();
  p.person = *person;
  auto device = text(o, path, "device", true);
  if (!device) return std::move(device).err();
  p.device = *device;
  p.name_ja = p.name_en = p.person;
  if (auto const* n = o.if_contains("name")) {
    if (!n->is_object()) return bad(path + ".name", "must be an object {\"ja\", \"en\"}");
    auto ja = text(n->get_object(), path + ".name", "ja", true);
    if (!ja) return std::move(ja).err();
    auto en = text(n->get_object(), path + ".name", "en", true);
    if (!en) return std::move(en).err();
    p.name_ja = *ja;
    p.name_en = *en;
  }
  auto z = zone(o, path);
  if (!z) return std::move(z).err();
  p.home_zone = std::move(*z);
  auto c = carers(o, path);
  if (!c) return std::move(c).err();
  p.carers = std::move(*c);
  if (auto d = daytime(o, path, p); !d) return std::move(d).err();
  if (auto l = limits(o, path, p); !l) return std::move(l).err();
  return p;
}

}  // namespace

result<watch_config> parse_watch_config(json::value const& doc) {
  if (!doc.is_object()) return make_error(error_code::bad_request, "the watch-over configuration must be an object");
  auto const& o = doc.get_object();
  for (auto const& kv : o) {
    if (kv.key() != "tenant" && kv.key() != "checkIntervalSeconds" && kv.key() != "persons") {
      return bad(std::string(kv.key()), "is not a known member");
    }
  }
  watch_config c;
  if (auto const* t = o.if_contains("tenant")) {
    if (!t->is_string()) return bad("tenant", "must be a string");
    c.tenant = std::string(t->get_string());
  }
  if (auto const* i = o.if_contains("checkIntervalSeconds")) {
    if (!i->is_int64() || i->as_int64() < 1 || i->as_int64() > 3600) {
      return bad("checkIntervalSeconds", "must be an integer from 1 to 3600");
    }
    c.check_interval_ms = i->as_int64() * 1000;
  }
  auto const* persons = o.if_contains("persons");
  if (!persons || !persons->is_array() || persons->get_array().empty()) {
    return bad("persons", "must be an array of at least one person");
  }
  std::set<std::string> seen_persons, seen_devices;
  for (std::size_t i = 0; i < persons->get_array().size(); ++i) {
    std::string const path = "persons[" + std::to_string(i) + "]";
    auto p = parse_person(persons->get_array()[i], path);
    if (!p) return std::move(p).err();
    if (!seen_persons.insert(p->person).second) return bad(path + ".person", "is used twice");
    if (!seen_devices.insert(p->device).second) return bad(path + ".device", "is used twice");
    c.persons.push_back(std::move(*p));
  }
  return c;
}

result<watch_config> load_watch_config(std::filesystem::path const& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(error_code::not_found, "cannot read the watch-over configuration " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  auto doc = parse_json(text.str());
  if (!doc) return std::move(doc).err();
  return parse_watch_config(*doc);
}

}  // namespace cityos::safety::watch_over
