// SPDX-License-Identifier: Apache-2.0
#include "safety/river/level_names.h"

#include <cassert>

#include "common/json_members.h"

namespace cityos::safety::river {

namespace {

using json_members::bad_member;
using json_members::member_path;

result<localized_text> text_of(json::object const& o, std::string const& path, std::string_view key) {
  std::string const where = member_path(path, key);
  auto v = json_members::opt_object(o, path, key);
  if (!v) return std::move(v).err();
  if (!*v) return bad_member(where, "is required");
  if (auto r = json_members::check_members(**v, where, {"ja", "en"}); !r) return std::move(r).err();
  auto ja = json_members::opt_string(**v, where, "ja");
  if (!ja) return std::move(ja).err();
  auto en = json_members::opt_string(**v, where, "en");
  if (!en) return std::move(en).err();
  if (!*ja || !*en) return bad_member(where, "needs ja and en");
  return localized_text{std::move(**ja), std::move(**en)};
}

result<void> level_of(json::value const& v, std::string const& where, level_names& out,
                      std::array<bool, kDangerLevels>& seen) {
  if (!v.is_object()) return bad_member(where, "must be an object");
  auto const& o = v.as_object();
  if (auto r = json_members::check_members(o, where, {"level", "reference", "alert", "action"}); !r) return r;
  auto level = json_members::opt_integer(o, where, "level", 1, kDangerLevels);
  if (!level) return std::move(level).err();
  if (!*level) return bad_member(where, "needs level");
  auto const idx = static_cast<std::size_t>(**level - 1);
  if (seen[idx]) return bad_member(where + ".level", "repeats level " + std::to_string(**level));
  seen[idx] = true;
  auto reference = text_of(o, where, "reference");
  if (!reference) return std::move(reference).err();
  auto alert = text_of(o, where, "alert");
  if (!alert) return std::move(alert).err();
  auto action = text_of(o, where, "action");
  if (!action) return std::move(action).err();
  out.levels[idx] = {std::move(*reference), std::move(*alert), std::move(*action)};
  return {};
}

}  // namespace

level_name const& level_names::of(int level) const {
  assert(level >= 1 && level <= kDangerLevels);
  return levels[static_cast<std::size_t>(level - 1)];
}

result<level_names> parse_level_names(json::value const& doc) {
  if (!doc.is_object()) return make_error(error_code::bad_request, "level names must be a JSON object");
  auto const& o = doc.as_object();
  if (auto r = json_members::check_members(o, "", {"edition", "levels"}); !r) return std::move(r).err();
  level_names out;
  auto edition = json_members::opt_string(o, "", "edition");
  if (!edition) return std::move(edition).err();
  if (!*edition) return bad_member("edition", "is required");
  out.edition = std::move(**edition);
  auto levels = json_members::opt_array(o, "", "levels");
  if (!levels) return std::move(levels).err();
  if (!*levels) return bad_member("levels", "is required");
  std::array<bool, kDangerLevels> seen{};
  for (std::size_t i = 0; i < (*levels)->size(); ++i) {
    if (auto r = level_of((**levels)[i], "levels[" + std::to_string(i) + "]", out, seen); !r) return std::move(r).err();
  }
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (!seen[i]) return bad_member("levels", "needs level " + std::to_string(i + 1));
  }
  return out;
}

result<level_names> parse_level_names_text(std::string_view text) {
  auto doc = parse_json(text);
  if (!doc) return std::move(doc).err();
  return parse_level_names(*doc);
}

}  // namespace cityos::safety::river
