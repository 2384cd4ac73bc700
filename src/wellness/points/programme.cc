// SPDX-License-Identifier: Apache-2.0
#include "wellness/points/programme.h"

#include <cctype>
#include <type_traits>

#include "common/file.h"
#include "common/yaml.h"
#include "common/json_members.h"

namespace cityos::wellness {

namespace {

using json_members::bad_member;
using json_members::member_path;

constexpr std::int64_t kMaxPoints = 1000000;
constexpr std::int64_t kMaxSteps = 1000000;
constexpr std::array<std::string_view, kEventKinds> kEventNames = {"qrCheckIn", "checkup", "bodyComposition",
                                                                  "transitRide"};

// Sets `out` (an optional or an arithmetic value) if `key` is present; integer range lo..hi.
template <typename T>
  requires(!std::is_arithmetic_v<T>)
result<void> read(json::object const& o, std::string const& path, std::string_view key, std::int64_t lo,
                  std::int64_t hi, T& out) {
  auto v = json_members::opt_integer(o, path, key, lo, hi);
  if (!v) return std::move(v).err();
  if (*v) out = static_cast<typename T::value_type>(**v);
  return {};
}

template <typename T>
  requires std::is_arithmetic_v<T>
result<void> read(json::object const& o, std::string const& path, std::string_view key, std::int64_t lo,
                  std::int64_t hi, T& out) {
  auto v = json_members::opt_integer(o, path, key, lo, hi);
  if (!v) return std::move(v).err();
  if (*v) out = static_cast<T>(**v);
  return {};
}

result<std::vector<step_tier>> tiers(json::array const& a, std::string const& path) {
  std::vector<step_tier> out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::string const where = path + "[" + std::to_string(i) + "]";
    if (!a[i].is_object()) return bad_member(where, "must be an object");
    auto const& o = a[i].as_object();
    if (auto r = json_members::check_members(o, where, {"minSteps", "points"}); !r) return std::move(r).err();
    if (!o.contains("minSteps") || !o.contains("points")) return bad_member(where, "needs minSteps and points");
    step_tier t;
    if (auto r = read(o, where, "minSteps", 0, kMaxSteps, t.min_steps); !r) return std::move(r).err();
    if (auto r = read(o, where, "points", 0, kMaxPoints, t.points); !r) return std::move(r).err();
    if (!out.empty() && t.min_steps <= out.back().min_steps)
      return bad_member(where + ".minSteps", "must be above the previous tier's");
    out.push_back(t);
  }
  return out;
}

result<per_thousand_rule> per_thousand(json::object const& o, std::string const& path) {
  if (auto r = json_members::check_members(o, path, {"points", "minSteps", "basePoints", "maxPoints"}); !r)
    return std::move(r).err();
  per_thousand_rule out;
  if (auto r = read(o, path, "points", 0, kMaxPoints, out.points); !r) return std::move(r).err();
  if (auto r = read(o, path, "minSteps", 0, kMaxSteps, out.min_steps); !r) return std::move(r).err();
  if (auto r = read(o, path, "basePoints", 0, kMaxPoints, out.base_points); !r) return std::move(r).err();
  if (auto r = read(o, path, "maxPoints", 0, kMaxPoints, out.max_points); !r) return std::move(r).err();
  return out;
}

result<baseline_rule> baseline(json::object const& o, std::string const& path) {
  if (auto r = json_members::check_members(o, path, {"baselineDays", "points", "minIncrease", "maxPoints"}); !r)
    return std::move(r).err();
  baseline_rule out;
  if (auto r = read(o, path, "baselineDays", 1, 366, out.baseline_days); !r) return std::move(r).err();
  if (auto r = read(o, path, "points", 0, kMaxPoints, out.points); !r) return std::move(r).err();
  if (auto r = read(o, path, "minIncrease", 0, kMaxSteps, out.min_increase); !r) return std::move(r).err();
  if (auto r = read(o, path, "maxPoints", 0, kMaxPoints, out.max_points); !r) return std::move(r).err();
  return out;
}

result<void> steps(json::object const& o, programme& p) {
  std::string const path = "steps";
  if (auto r = json_members::check_members(o, path, {"tiers", "perThousand", "baselineIncrease"}); !r) return r;
  auto t = json_members::opt_array(o, path, "tiers");
  if (!t) return std::move(t).err();
  if (*t) {
    auto parsed = tiers(**t, path + ".tiers");
    if (!parsed) return std::move(parsed).err();
    p.tiers = std::move(*parsed);
  }
  auto k = json_members::opt_object(o, path, "perThousand");
  if (!k) return std::move(k).err();
  if (*k) {
    auto parsed = per_thousand(**k, path + ".perThousand");
    if (!parsed) return std::move(parsed).err();
    p.per_thousand = *parsed;
  }
  auto b = json_members::opt_object(o, path, "baselineIncrease");
  if (!b) return std::move(b).err();
  if (*b) {
    auto parsed = baseline(**b, path + ".baselineIncrease");
    if (!parsed) return std::move(parsed).err();
    p.baseline_increase = *parsed;
  }
  return {};
}

result<void> caps(json::object const& o, point_caps& c) {
  if (auto r = json_members::check_members(o, "caps", {"daily", "monthly", "annual"}); !r) return r;
  if (auto r = read(o, "caps", "daily", 0, kMaxPoints, c.daily); !r) return r;
  if (auto r = read(o, "caps", "monthly", 0, kMaxPoints, c.monthly); !r) return r;
  return read(o, "caps", "annual", 0, kMaxPoints, c.annual);
}

result<void> events(json::object const& o, programme& p) {
  for (auto const& kv : o) {
    std::string const where = member_path("events", kv.key());
    auto kind = event_from_name(kv.key());
    if (!kind) return bad_member(where, "is not a known event (qrCheckIn, checkup, bodyComposition, transitRide)");
    if (!kv.value().is_object()) return bad_member(where, "must be an object");
    auto const& e = kv.value().as_object();
    if (auto r = json_members::check_members(e, where, {"points", "perDay", "perMonth", "perYear"}); !r) return r;
    if (!e.contains("points")) return bad_member(where, "needs points");
    event_rule rule;
    if (auto r = read(e, where, "points", 0, kMaxPoints, rule.points); !r) return r;
    if (auto r = read(e, where, "perDay", 0, 1000, rule.per_day); !r) return r;
    if (auto r = read(e, where, "perMonth", 0, 100000, rule.per_month); !r) return r;
    if (auto r = read(e, where, "perYear", 0, 1000000, rule.per_year); !r) return r;
    p.events[static_cast<std::size_t>(*kind)] = rule;
  }
  return {};
}

result<void> eligibility_of(json::object const& o, eligibility& e) {
  if (auto r = json_members::check_members(o, "eligibility", {"ageGroups", "wards"}); !r) return r;
  auto groups = json_members::opt_array(o, "eligibility", "ageGroups");
  if (!groups) return std::move(groups).err();
  for (std::size_t i = 0; *groups && i < (*groups)->size(); ++i) {
    std::string const where = "eligibility.ageGroups[" + std::to_string(i) + "]";
    auto const& v = (**groups)[i];
    if (!v.is_object()) return bad_member(where, "must be an object");
    if (auto r = json_members::check_members(v.as_object(), where, {"min", "max"}); !r) return r;
    age_group g;
    if (auto r = read(v.as_object(), where, "min", 0, 150, g.min); !r) return r;
    if (auto r = read(v.as_object(), where, "max", 0, 150, g.max); !r) return r;
    if (g.max < g.min) return bad_member(where + ".max", "must not be below min");
    e.age_groups.push_back(g);
  }
  auto wards = json_members::opt_array(o, "eligibility", "wards");
  if (!wards) return std::move(wards).err();
  for (std::size_t i = 0; *wards && i < (*wards)->size(); ++i) {
    auto const& v = (**wards)[i];
    if (!v.is_string() || v.as_string().empty())
      return bad_member("eligibility.wards[" + std::to_string(i) + "]", "must be a non-empty string");
    e.wards.emplace_back(v.as_string());
  }
  return {};
}

result<void> anti_cheat_of(json::object const& o, anti_cheat& c) {
  std::string const path = "antiCheat";
  if (auto r = json_members::check_members(
          o, path, {"dailyStepCap", "maxHourlySteps", "flatHours", "flatTolerance", "flatMinHourlySteps"});
      !r)
    return r;
  if (auto r = read(o, path, "dailyStepCap", 1000, kMaxSteps, c.daily_step_cap); !r) return r;
  if (auto r = read(o, path, "maxHourlySteps", 1000, kMaxSteps, c.max_hourly_steps); !r) return r;
  if (auto r = read(o, path, "flatHours", 2, 24, c.flat_hours); !r) return r;
  auto tol = json_members::opt_number(o, path, "flatTolerance", 0, 0.5);
  if (!tol) return std::move(tol).err();
  if (*tol) c.flat_tolerance = **tol;
  return read(o, path, "flatMinHourlySteps", 0, kMaxSteps, c.flat_min_hourly_steps);
}

result<void> kpi_of(json::object const& o, kpi_settings& k) {
  if (auto r = json_members::check_members(o, "kpi", {"targetMinutes", "stepsPerMinute", "baselineDays"}); !r) return r;
  auto target = json_members::opt_number(o, "kpi", "targetMinutes", 0, 24 * 60);
  if (!target) return std::move(target).err();
  if (*target) k.target_minutes = **target;
  auto cadence = json_members::opt_number(o, "kpi", "stepsPerMinute", 1, 1000);
  if (!cadence) return std::move(cadence).err();
  if (*cadence) k.steps_per_minute = **cadence;
  return read(o, "kpi", "baselineDays", 1, 366, k.baseline_days);
}

// Reads an optional object member and hands it to `parse`.
template <typename F>
result<void> section(json::object const& o, std::string_view key, F&& parse) {
  auto s = json_members::opt_object(o, "", key);
  if (!s) return std::move(s).err();
  if (!*s) return {};
  return parse(**s);
}

}  // namespace

std::string_view event_name(event_kind k) { return kEventNames[static_cast<std::size_t>(k)]; }

std::optional<event_kind> event_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kEventNames.size(); ++i)
    if (kEventNames[i] == name) return static_cast<event_kind>(i);
  return std::nullopt;
}

result<programme> parse_programme(json::value const& doc) {
  if (!doc.is_object()) return make_error(error_code::bad_request, "a programme must be a JSON object");
  auto const& o = doc.as_object();
  if (auto r = json_members::check_members(o, "", {"id", "name", "steps", "caps", "events", "expiryMonths", "eligibility",
                                             "antiCheat", "manualEntriesEarn", "lateUploadDays", "pointValueYen",
                                             "kpi"});
      !r)
    return std::move(r).err();
  programme p;
  auto id = json_members::opt_string(o, "", "id");
  if (!id) return std::move(id).err();
  if (!*id) return bad_member("id", "is required");
  p.id = **id;
  auto name = json_members::opt_string(o, "", "name");
  if (!name) return std::move(name).err();
  p.name = name->value_or(p.id);
  if (auto r = section(o, "steps", [&](json::object const& s) { return steps(s, p); }); !r) return std::move(r).err();
  if (auto r = section(o, "caps", [&](json::object const& s) { return caps(s, p.caps); }); !r)
    return std::move(r).err();
  if (auto r = section(o, "events", [&](json::object const& s) { return events(s, p); }); !r)
    return std::move(r).err();
  if (auto r = section(o, "eligibility", [&](json::object const& s) { return eligibility_of(s, p.eligible); }); !r)
    return std::move(r).err();
  if (auto r = section(o, "antiCheat", [&](json::object const& s) { return anti_cheat_of(s, p.cheat); }); !r)
    return std::move(r).err();
  if (auto r = section(o, "kpi", [&](json::object const& s) { return kpi_of(s, p.kpi); }); !r)
    return std::move(r).err();
  if (auto r = read(o, "", "expiryMonths", 1, 600, p.expiry_months); !r) return std::move(r).err();
  if (auto r = read(o, "", "lateUploadDays", 0, 366, p.late_upload_days); !r) return std::move(r).err();
  auto manual = json_members::opt_bool(o, "", "manualEntriesEarn");
  if (!manual) return std::move(manual).err();
  p.manual_entries_earn = manual->value_or(false);
  auto yen = json_members::opt_number(o, "", "pointValueYen", 0, 1000000);
  if (!yen) return std::move(yen).err();
  p.yen_per_point = yen->value_or(1.0);
  return p;
}

result<programme> parse_programme_text(std::string_view text) {
  auto doc = parse_json(text);
  if (!doc) return std::move(doc).err();
  return parse_programme(*doc);
}

result<programme> load_programme(std::filesystem::path const& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool const yaml = ext == ".yaml" || ext == ".yml";
  std::string const name = path.string();
  if (!yaml && ext != ".json")
    return make_error(error_code::bad_request, name + ": a programme file must end in .json, .yaml or .yml");
  auto text = read_file(path);
  if (!text) return make_error(error_code::not_found, name + ": cannot read the programme file");
  auto doc = yaml ? parse_yaml(*text) : parse_json(*text);
  if (!doc) return make_error(doc.err().code, name + ": " + doc.err().detail);
  auto p = parse_programme(*doc);
  if (!p) return make_error(p.err().code, name + ": " + p.err().detail);
  return p;
}

}  // namespace cityos::wellness
