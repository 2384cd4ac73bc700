// SPDX-License-Identifier: Apache-2.0
#include "mobility/journeys/names.h"

#include <algorithm>
#include <cctype>

namespace cityos::mobility::journeys {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string primary(std::string_view lang) { return lower(lang.substr(0, lang.find_first_of("-_"))); }

}  // namespace

std::string names::pick(std::string_view table, std::string_view field, std::string_view id,
                        std::string const& value) const {
  if (lang_.empty()) return value;
  auto const found = tr_.find(table, field, id, value);
  std::string const want = lower(lang_);
  for (auto const& t : found)
    if (lower(t.language) == want && !t.text.empty()) return t.text;
  std::string const want_primary = primary(lang_);
  if (!tr_.feed_language().empty() && primary(tr_.feed_language()) == want_primary) return value;
  for (auto const& t : found)
    if (primary(t.language) == want_primary && !t.text.empty()) return t.text;
  return value;
}

std::string names::stop(gtfs::index_t s) const {
  return pick("stops", "stop_name", feed_.stop_ids.name(s), feed_.stops[s].name);
}

std::string names::route_short(gtfs::index_t r) const {
  return pick("routes", "route_short_name", feed_.route_ids.name(r), feed_.routes[r].short_name);
}

std::string names::route_long(gtfs::index_t r) const {
  return pick("routes", "route_long_name", feed_.route_ids.name(r), feed_.routes[r].long_name);
}

std::string names::headsign(gtfs::index_t trip) const {
  return pick("trips", "trip_headsign", feed_.trip_ids.name(trip), feed_.trips[trip].headsign);
}

std::vector<gtfs::translated_text> names::stop_all(gtfs::index_t s) const {
  auto const& name = feed_.stops[s].name;
  auto out = tr_.find("stops", "stop_name", feed_.stop_ids.name(s), name);
  std::string const& feed_lang = tr_.feed_language();
  if (!feed_lang.empty() && !name.empty() &&
      std::none_of(out.begin(), out.end(), [&](auto const& t) { return lower(t.language) == lower(feed_lang); })) {
    out.push_back({feed_lang, name});
    std::sort(out.begin(), out.end(), [](auto const& a, auto const& b) { return a.language < b.language; });
  }
  return out;
}

}  // namespace cityos::mobility::journeys
