// SPDX-License-Identifier: Apache-2.0
#include "wellness/points_service/state_json.h"

namespace cityos::wellness::points_service {

namespace {

std::string_view flag_name(flag_reason r) {
  switch (r) {
    case flag_reason::step_cap: return "stepCap";
    case flag_reason::cadence: return "cadence";
    case flag_reason::flat_rhythm: return "flatRhythm";
  }
  return "unknown";
}

}  // namespace

json::object participant_json(std::string const& person, person_state const& s) {
  return json::object{{"person", person}, {"age", s.age},           {"ward", s.ward},
                      {"joined", s.joined}, {"enrolled", s.enrolled}};
}

json::object balance_json(std::string const& person, person_state const& s, programme const& p) {
  return json::object{{"person", person},
                      {"programme", p.id},
                      {"balance", s.balance},
                      {"yen", static_cast<double>(s.balance) * p.yen_per_point},
                      {"awarded", s.awarded},
                      {"redeemed", s.redeemed},
                      {"expired", s.expired},
                      {"adjusted", s.adjusted}};
}

json::object day_json(std::string const& date, day_record const& d) {
  json::array awards;
  std::int64_t points = 0;
  for (auto const& a : d.awards) {
    awards.emplace_back(json::object{{"rule", a.rule}, {"points", a.points}, {"entry", a.entry_id}});
    points += a.points;
  }
  json::array flags;
  for (auto const& f : d.flags) flags.emplace_back(f);
  json::object o{{"date", date},
                 {"steps", d.steps},
                 {"countedSteps", d.counted},
                 {"method", d.method == recording_method::manual ? "manual" : "sensor"},
                 {"revision", d.revision},
                 {"points", points},
                 {"awards", std::move(awards)},
                 {"flags", std::move(flags)},
                 {"review", to_string(d.review)}};
  if (!d.hourly.empty()) {
    json::array h;
    for (auto v : d.hourly) h.emplace_back(v);
    o["hourly"] = std::move(h);
  }
  return o;
}

json::object uploads_json(std::string const& person, person_state const& s) {
  json::array days;
  for (auto const& [date, d] : s.days) days.emplace_back(day_json(date, d));
  json::array events;
  for (auto const& e : s.events) {
    json::object o{{"date", e.date}, {"kind", event_name(e.kind)}, {"points", e.points}};
    if (!e.event_id.empty()) o["eventId"] = e.event_id;
    events.emplace_back(std::move(o));
  }
  return json::object{{"person", person}, {"days", std::move(days)}, {"events", std::move(events)}};
}

json::array awards_json(evaluation const& e) {
  json::array out;
  for (auto const& a : e.awards) {
    out.emplace_back(json::object{{"rule", a.rule_id}, {"points", a.points}, {"reason", a.reason}});
  }
  return out;
}

json::array flags_json(evaluation const& e) {
  json::array out;
  for (auto const& f : e.flags) out.emplace_back(json::object{{"reason", flag_name(f.reason)}, {"detail", f.detail}});
  return out;
}

}  // namespace cityos::wellness::points_service
