// SPDX-License-Identifier: Apache-2.0
#include "mobility/gtfs/publish.h"

#include <algorithm>
#include <utility>

#include "mobility/gtfs/translation_index.h"

namespace cityos::mobility::gtfs {

namespace {

bool id_safe(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '~' || c == '-';
}

void append_encoded(std::string_view s, std::string& out) {
  static constexpr char hex[] = "0123456789ABCDEF";
  for (char ch : s) {
    auto const c = static_cast<unsigned char>(ch);
    if (id_safe(c)) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
}

json::object property(json::value v) { return {{"type", "Property"}, {"value", std::move(v)}}; }

json::object relationship(std::string object) { return {{"type", "Relationship"}, {"object", std::move(object)}}; }

json::object list_relationship(std::vector<std::string> const& objects) {
  json::array a;
  for (auto const& o : objects) a.emplace_back(o);
  return {{"type", "ListRelationship"}, {"objectList", std::move(a)}};
}

// Builds the entities of one feed; holds what every record needs.
class publisher {
 public:
  publisher(feed const& f, publish_options const& o) : f_(f), o_(o), tr_(f) {
    source_ = o.source;
    if (source_.empty() && !f.feed_infos.empty()) source_ = f.feed_infos.front().publisher_url;
  }

  published_feed run() {
    published_feed out;
    for (index_t a = 0; a < f_.agencies.size(); ++a) out.entities.push_back(agency_entity(a));
    out.agencies = f_.agencies.size();
    auto const children = children_of_stations();
    auto const agencies = agencies_of_stops();
    for (index_t s = 0; s < f_.stops.size(); ++s) {
      if (f_.stops[s].location_type != 1) continue;
      out.entities.push_back(stop_entity(s, "GtfsStation", children[s], {}));
      ++out.stations;
    }
    for (index_t s = 0; s < f_.stops.size(); ++s) {
      if (f_.stops[s].location_type == 1) continue;
      out.entities.push_back(stop_entity(s, "GtfsStop", {}, agencies[s]));
      ++out.stops;
    }
    for (index_t r = 0; r < f_.routes.size(); ++r) out.entities.push_back(route_entity(r));
    out.routes = f_.routes.size();
    return out;
  }

 private:
  std::string id(std::string_view type, id_table const& ids, index_t i) const {
    return gtfs_entity_id(type, o_.prefix, ids.name(i));
  }

  json::object base(std::string entity_id, std::string_view type) const {
    json::object e{{"id", std::move(entity_id)}, {"type", type}};
    if (!source_.empty()) e["source"] = property(json::string(source_));
    return e;
  }

  // `value` as a Property, or a LanguageProperty when it has translations.
  json::object text(std::string_view table, std::string_view field, std::string_view record_id,
                    std::string const& value) const {
    auto translations = tr_.find(table, field, record_id, value);
    if (translations.empty()) return property(json::string(value));
    json::object map;
    map[tr_.feed_language().empty() ? "@none" : tr_.feed_language()] = value;
    for (auto& t : translations) map[t.language] = std::move(t.text);
    return {{"type", "LanguageProperty"}, {"languageMap", std::move(map)}};
  }

  static void put(json::object& e, std::string_view name, std::string const& value) {
    if (!value.empty()) e[name] = property(json::string(value));
  }

  json::object agency_entity(index_t a) const {
    auto const& ag = f_.agencies[a];
    auto e = base(id("GtfsAgency", f_.agency_ids, a), "GtfsAgency");
    e["agencyName"] = text("agency", "agency_name", f_.agency_ids.name(a), ag.name);
    put(e, "page", ag.url);
    put(e, "timezone", ag.timezone);
    put(e, "language", ag.lang);
    put(e, "phone", ag.phone);
    return e;
  }

  json::object stop_entity(index_t s, std::string_view type, std::vector<std::string> const& has_stop,
                           std::vector<std::string> const& operated_by) const {
    auto const& st = f_.stops[s];
    auto const& gtfs_id = f_.stop_ids.name(s);
    auto e = base(gtfs_entity_id(type, o_.prefix, gtfs_id), type);
    if (!st.name.empty()) e["name"] = text("stops", "stop_name", gtfs_id, st.name);
    put(e, "code", st.code);
    if (!st.desc.empty()) e["description"] = text("stops", "stop_desc", gtfs_id, st.desc);
    e["location"] = json::object{
        {"type", "GeoProperty"},
        {"value", json::object{{"type", "Point"}, {"coordinates", json::array{st.lon, st.lat}}}}};
    put(e, "page", st.url);
    if (st.zone != no_index) put(e, "zoneCode", f_.zone_ids.name(st.zone));
    if (st.wheelchair_boarding != 0) put(e, "wheelChairAccessible", std::to_string(st.wheelchair_boarding));
    if (st.parent != no_index) e["hasParentStation"] = relationship(id("GtfsStation", f_.stop_ids, st.parent));
    if (!has_stop.empty()) e["hasStop"] = list_relationship(has_stop);
    if (!operated_by.empty()) e["operatedBy"] = list_relationship(operated_by);
    return e;
  }

  json::object route_entity(index_t r) const {
    auto const& rt = f_.routes[r];
    auto const& gtfs_id = f_.route_ids.name(r);
    auto e = base(id("GtfsRoute", f_.route_ids, r), "GtfsRoute");
    if (!rt.long_name.empty()) e["name"] = text("routes", "route_long_name", gtfs_id, rt.long_name);
    if (!rt.short_name.empty()) e["shortName"] = text("routes", "route_short_name", gtfs_id, rt.short_name);
    if (!rt.desc.empty()) e["description"] = text("routes", "route_desc", gtfs_id, rt.desc);
    put(e, "routeType", std::to_string(rt.type));
    put(e, "routeColor", rt.color);
    put(e, "routeTextColor", rt.text_color);
    if (rt.sort_order >= 0) e["routeSortOrder"] = property(rt.sort_order);
    put(e, "page", rt.url);
    if (rt.agency != no_index) e["operatedBy"] = relationship(id("GtfsAgency", f_.agency_ids, rt.agency));
    return e;
  }

  // hasStop of each station: the ids of the stops whose parent it is.
  std::vector<std::vector<std::string>> children_of_stations() const {
    std::vector<std::vector<std::string>> out(f_.stops.size());
    for (index_t s = 0; s < f_.stops.size(); ++s) {
      auto const p = f_.stops[s].parent;
      if (p != no_index && f_.stops[p].location_type == 1) out[p].push_back(id("GtfsStop", f_.stop_ids, s));
    }
    return out;
  }

  // operatedBy of each stop: the agencies of the routes whose trips call there.
  std::vector<std::vector<std::string>> agencies_of_stops() const {
    std::vector<std::vector<index_t>> seen(f_.stops.size());
    for (auto const& st : f_.stop_times) {
      if (st.stop == no_index || st.trip == no_index) continue;
      auto const route = f_.trips[st.trip].route;
      if (route == no_index) continue;
      auto const agency = f_.routes[route].agency;
      auto& list = seen[st.stop];
      if (agency != no_index && std::find(list.begin(), list.end(), agency) == list.end()) list.push_back(agency);
    }
    std::vector<std::vector<std::string>> out(f_.stops.size());
    for (std::size_t s = 0; s < seen.size(); ++s) {
      std::sort(seen[s].begin(), seen[s].end());
      for (auto a : seen[s]) out[s].push_back(id("GtfsAgency", f_.agency_ids, a));
    }
    return out;
  }

  feed const& f_;
  publish_options const& o_;
  translation_index tr_;
  std::string source_;
};

}  // namespace

std::string gtfs_entity_id(std::string_view type, std::string_view prefix, std::string_view gtfs_id) {
  std::string out = "urn:ngsi-ld:";
  out += type;
  out += ':';
  if (!prefix.empty()) {
    append_encoded(prefix, out);
    out += ':';
  }
  append_encoded(gtfs_id.empty() ? std::string_view("default") : gtfs_id, out);
  return out;
}

published_feed publish_feed(feed const& f, publish_options const& options) {
  return publisher(f, options).run();
}

}  // namespace cityos::mobility::gtfs
