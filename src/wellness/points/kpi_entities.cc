// SPDX-License-Identifier: Apache-2.0
// kpi_entities: a report as Smart Data Models KeyPerformanceIndicator entities.
#include "wellness/points/kpis.h"

#include <array>
#include <cmath>
#include <cstdio>

#include "ngsild/models/kpi_entity.h"

namespace cityos::wellness {

namespace {

enum class measure { walking_minutes, daily_steps, participants, change_minutes };
constexpr std::array kMeasures = {measure::walking_minutes, measure::daily_steps, measure::participants,
                                  measure::change_minutes};

std::string_view slug_name(measure m) {
  switch (m) {
    case measure::walking_minutes: return "walking-minutes";
    case measure::daily_steps: return "daily-steps";
    case measure::participants: return "participants";
    case measure::change_minutes: return "change-minutes";
  }
  return "";
}

std::string_view title(measure m) {
  switch (m) {
    case measure::walking_minutes: return "average walking minutes a day";
    case measure::daily_steps: return "average daily steps";
    case measure::participants: return "participants";
    case measure::change_minutes: return "change of walking minutes a day against baseline";
  }
  return "";
}

std::string_view description(measure m) {
  switch (m) {
    case measure::walking_minutes:
      return "Walking minutes a day per participant: the mean over participants of their mean over the period";
    case measure::daily_steps:
      return "Daily steps per participant: the mean over participants of their mean over the period";
    case measure::participants: return "Participants with at least one day of steps in the period";
    case measure::change_minutes:
      return "Change of walking minutes a day per participant against their baseline (their first days), "
             "over participants with a baseline";
  }
  return "";
}

// Keeps [A-Za-z0-9-]; any other byte becomes _XX (upper-case hex), so distinct
// names give distinct slugs and ids stay ASCII.
std::string slug(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    auto const u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-') {
      out += c;
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "_%02X", u);
      out += hex;
    }
  }
  return out;
}

// "65-74" -> "65-74", "75+" -> "75plus".
std::string age_slug(std::string_view label) {
  if (label.ends_with('+')) return std::string(label.substr(0, label.size() - 1)) + "plus";
  return slug(label);
}

std::string group_slug(kpi_group const& g) {
  std::string out;
  if (!g.ward.empty()) out = "ward-" + slug(g.ward);
  if (!g.age_group.empty()) out += (out.empty() ? "age-" : "-age-") + age_slug(g.age_group);
  return out.empty() ? "all" : out;
}

std::string group_title(kpi_group const& g) {
  if (g.ward.empty() && g.age_group.empty()) return "everyone";
  std::string out;
  if (!g.ward.empty()) out = "ward " + g.ward;
  if (!g.age_group.empty()) out += (out.empty() ? "ages " : ", ages ") + g.age_group;
  return out;
}

json::object prop(json::value v) { return ngsild::models::kpi_property(std::move(v)); }

double rounded(double x) { return std::round(x * 100) / 100; }

std::optional<json::value> value_of(kpi_group const& g, measure m) {
  switch (m) {
    case measure::walking_minutes: return json::value(rounded(g.avg_walking_minutes));
    case measure::daily_steps: return json::value(rounded(g.avg_daily_steps));
    case measure::participants: return json::value(static_cast<std::int64_t>(g.participants));
    case measure::change_minutes:
      if (!g.change_minutes) return std::nullopt;
      return json::value(rounded(*g.change_minutes));
  }
  return std::nullopt;
}

std::string formula(measure m, double steps_per_minute) {
  std::string const cadence = dump(json::value(steps_per_minute));
  switch (m) {
    case measure::walking_minutes:
      return "mean over participants of mean over days of walking minutes; a day's walking minutes = sum over "
             "hours of min(60, steps / " + cadence + "), or steps / " + cadence + " without hourly samples";
    case measure::daily_steps: return "mean over participants of mean over days of steps";
    case measure::participants: return "count of participants with at least one day in the period";
    case measure::change_minutes:
      return "mean over participants of (mean walking minutes of the period after the baseline days - mean "
             "walking minutes of the first baseline days)";
  }
  return "";
}

json::object entity(kpi_report const& r, kpi_group const& g, measure m, json::value value, programme const& p,
                    std::string_view modified_at) {
  namespace models = ngsild::models;
  models::kpi_fields k;
  k.id = models::kpi_entity_id("healthpoints-" + slug(p.id) + "-" + std::string(slug_name(m)) + "-" + group_slug(g));
  k.name = p.name + ": " + std::string(title(m)) + " (" + group_title(g) + ")";
  k.description = description(m);
  k.period_from = r.from;
  k.period_to = r.to;
  k.formula = formula(m, p.kpi.steps_per_minute);
  k.process = "health points programme " + p.id;
  k.business_target = "+" + dump(json::value(rounded(g.target_minutes))) +
                      " walking minutes a day per participant over their baseline";
  k.modified_at = modified_at;
  json::object e = models::kpi_entity(k, std::move(value));
  if (!g.ward.empty()) e["area"] = prop(json::value(g.ward));
  if (!g.age_group.empty()) e["ageGroup"] = prop(json::value(g.age_group));
  if (m == measure::change_minutes) e["kpiTarget"] = prop(json::value(rounded(g.target_minutes)));
  return e;
}

}  // namespace

json::array kpi_entities(kpi_report const& r, programme const& p, std::string_view modified_at) {
  json::array out;
  out.reserve(r.groups.size() * kMeasures.size());
  for (auto const& g : r.groups)
    for (auto m : kMeasures)
      if (auto v = value_of(g, m)) out.push_back(entity(r, g, m, std::move(*v), p, modified_at));
  return out;
}

}  // namespace cityos::wellness
