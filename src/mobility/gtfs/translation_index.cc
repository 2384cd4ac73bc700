// SPDX-License-Identifier: Apache-2.0
#include "mobility/gtfs/translation_index.h"

#include <algorithm>

namespace cityos::mobility::gtfs {

translation_index::translation_index(feed const& f) {
  for (auto const& t : f.translations) {
    if (t.table_name.empty()) by_text_[t.field_value].push_back(&t);
    else if (!t.record_id.empty()) by_record_[key{t.table_name, t.field_name, t.record_id}].push_back(&t);
    else if (!t.field_value.empty()) by_value_[key{t.table_name, t.field_name, t.field_value}].push_back(&t);
  }
  if (!f.feed_infos.empty()) {
    auto const& i = f.feed_infos.front();
    feed_language_ = i.lang == "mul" ? i.default_lang : i.lang;
  }
  if (feed_language_.empty() && !f.agencies.empty()) feed_language_ = f.agencies.front().lang;
}

std::vector<translated_text> translation_index::find(std::string_view table, std::string_view field,
                                                     std::string_view record_id, std::string_view value) const {
  std::vector<translated_text> out;
  auto add = [&out](std::vector<translation const*> const& list) {
    for (auto const* t : list) {
      bool const known = std::any_of(out.begin(), out.end(),
                                     [t](translated_text const& x) { return x.language == t->language; });
      if (!known) out.push_back({t->language, t->text});
    }
  };
  auto const k = [&](std::string_view id) { return key{std::string(table), std::string(field), std::string(id)}; };
  if (!record_id.empty())
    if (auto it = by_record_.find(k(record_id)); it != by_record_.end()) add(it->second);
  if (!value.empty()) {
    if (auto it = by_value_.find(k(value)); it != by_value_.end()) add(it->second);
    if (auto it = by_text_.find(value); it != by_text_.end()) add(it->second);
  }
  std::sort(out.begin(), out.end(),
            [](translated_text const& a, translated_text const& b) { return a.language < b.language; });
  return out;
}

}  // namespace cityos::mobility::gtfs
