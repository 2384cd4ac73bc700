// SPDX-License-Identifier: Apache-2.0
// Names of stops, routes and headsigns in a requested language, from the
// feed's translations, falling back to the feed's own text. A translation in
// exactly the language asked wins; then the feed's text when the feed's
// language has the same primary subtag ("ja" for "ja-JP"); then a translation
// with the same primary subtag; then the feed's text. Refers to the feed and
// index, which must outlive it; thread-safe (read-only).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mobility/gtfs/feed.h"
#include "mobility/gtfs/translation_index.h"

namespace cityos::mobility::journeys {

class names {
 public:
  names(gtfs::feed const& f, gtfs::translation_index const& tr, std::string lang)
      : feed_(f), tr_(tr), lang_(std::move(lang)) {}

  std::string stop(gtfs::index_t s) const;
  std::string route_short(gtfs::index_t r) const;
  std::string route_long(gtfs::index_t r) const;
  std::string headsign(gtfs::index_t trip) const;

  // Every name of stop `s`: the translations plus the feed's text under the
  // feed's language (when known and not translated), sorted by language.
  std::vector<gtfs::translated_text> stop_all(gtfs::index_t s) const;

 private:
  std::string pick(std::string_view table, std::string_view field, std::string_view id, std::string const& value) const;

  gtfs::feed const& feed_;
  gtfs::translation_index const& tr_;
  std::string lang_;  // empty: the feed's text
};

}  // namespace cityos::mobility::journeys
