// SPDX-License-Identifier: Apache-2.0
// Looks up the translations of one field value of a feed, in both forms the
// loader reads: GTFS translations.txt (table_name, field_name, record_id or
// field_value) and the GTFS-JP v2 trans_id/lang form, where trans_id is the
// original text itself and applies to any field with that text. A translation
// by record_id wins over one by field_value, which wins over the trans_id form.
// Immutable after construction; refers to the feed, which must outlive it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "mobility/gtfs/feed.h"

namespace cityos::mobility::gtfs {

struct translated_text {
  std::string language;  // as written in the feed (ja, ja-Hrkt, en, de-DE ...)
  std::string text;
};

class translation_index {
 public:
  explicit translation_index(feed const& f);

  // The translations of field `field` of record `record_id` of table `table`
  // (e.g. "stops", "stop_name", "0001_A") whose original text is `value`, one
  // per language, sorted by language. Empty if there are none.
  std::vector<translated_text> find(std::string_view table, std::string_view field,
                                    std::string_view record_id, std::string_view value) const;

  // The language of the feed's original texts: feed_info's feed_lang (or
  // default_lang when feed_lang is "mul"), else the first agency's
  // agency_lang; empty if the feed does not say.
  std::string const& feed_language() const { return feed_language_; }

 private:
  using key = std::tuple<std::string, std::string, std::string>;  // table, field, record_id or value
  std::map<key, std::vector<translation const*>, std::less<>> by_record_, by_value_;
  std::map<std::string, std::vector<translation const*>, std::less<>> by_text_;  // trans_id form
  std::string feed_language_;
};

}  // namespace cityos::mobility::gtfs
