// SPDX-License-Identifier: Apache-2.0
// Step and event uploads and review decisions: the programme's rules decide,
// the ledger records (reversing and re-awarding what a replacement changed).
#include <map>

#include <fmt/format.h>

#include "wellness/points/rules.h"
#include "wellness/points_service/points_service.h"
#include "wellness/points_service/requests.h"
#include "wellness/points_service/state_json.h"

namespace cityos::wellness::points_service {

namespace {

// The day as the rules see it, with the person's baseline (once the baseline
// period lies before the day) and what was already awarded this month / year
// apart from the day's own awards.
step_day rules_day(programme const& p, person_state const& s, std::string const& date, std::int64_t steps,
                   recording_method method, std::vector<std::int64_t> hourly, bool approved) {
  step_day sd;
  sd.date = date;
  sd.steps = steps;
  sd.method = method;
  sd.hourly = std::move(hourly);
  sd.approved = approved;
  if (p.baseline_increase) {
    auto const n = static_cast<std::size_t>(p.baseline_increase->baseline_days);
    std::vector<std::int64_t> before;
    for (auto it = s.days.begin(); it != s.days.end() && it->first < date && before.size() < n; ++it) {
      before.push_back(it->second.counted);
    }
    if (before.size() == n) sd.baseline = baseline_of(p, before);
  }
  std::int64_t own = 0;
  if (auto it = s.days.find(date); it != s.days.end()) {
    for (auto const& a : it->second.awards) own += a.points;
  }
  sd.points_this_month = static_cast<int>(s.month_points(date.substr(0, 7)) - own);
  sd.points_this_year = static_cast<int>(s.year_points(date.substr(0, 4)) - own);
  return sd;
}

ledger_entry award_entry(std::string const& person, std::string const& date, award const& a) {
  ledger_entry e;
  e.kind = entry_kind::award;
  e.debit = std::string(kProgrammeAccount);
  e.credit = person_account(person);
  e.points = a.points;
  e.reason = a.reason;
  e.day = date;
  e.rule = a.rule_id;
  return e;
}

// Entries turning the day's awards in force into `next`: a reversal of each
// award whose points change or go, an award of each new or changed one; a
// write-off if the reversals take more than the person has left (points
// already spent are not clawed back: the balance never goes negative).
std::vector<ledger_entry> rewrite_awards(std::string const& person, std::string const& date, person_state const& s,
                                         std::vector<award> const& next, std::string const& why) {
  std::map<std::string, std::int64_t> wanted;
  for (auto const& a : next) wanted[a.rule_id] = a.points;
  std::vector<ledger_entry> out;
  std::int64_t delta = 0;
  std::map<std::string, std::int64_t> kept;
  if (auto it = s.days.find(date); it != s.days.end()) {
    for (auto const& a : it->second.awards) {
      auto w = wanted.find(a.rule);
      if (w != wanted.end() && w->second == a.points && !kept.count(a.rule)) {
        kept[a.rule] = a.points;
        continue;
      }
      ledger_entry e;
      e.kind = entry_kind::reverse;
      e.debit = person_account(person);
      e.credit = std::string(kProgrammeAccount);
      e.points = a.points;
      e.reason = why;
      e.day = date;
      e.rule = a.rule;
      e.ref = a.entry_id;
      delta -= a.points;
      out.push_back(std::move(e));
    }
  }
  for (auto const& a : next) {
    if (kept.count(a.rule_id)) continue;
    delta += a.points;
    out.push_back(award_entry(person, date, a));
  }
  if (s.balance + delta < 0) {
    ledger_entry w;
    w.kind = entry_kind::adjust;
    w.debit = std::string(kProgrammeAccount);
    w.credit = person_account(person);
    w.points = -(s.balance + delta);
    w.reason = fmt::format("write-off: points of {} were spent before the day was replaced", date);
    w.day = date;
    out.push_back(std::move(w));
  }
  for (auto& e : out) e.source = "steps";
  return out;
}

// The (date, counted steps) of the first `n` days, in date order: the days that
// make the person's baseline. With `date` set, that day counts `counted` steps
// (an upload not yet applied), whether or not it is among the days already.
std::vector<std::pair<std::string, std::int64_t>> baseline_window(person_state const& s, std::size_t n,
                                                                   std::string const* date = nullptr,
                                                                   std::int64_t counted = 0) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  bool placed = date == nullptr;
  for (auto it = s.days.begin(); it != s.days.end() && out.size() < n; ++it) {
    if (!placed && *date <= it->first) {
      out.emplace_back(*date, counted);
      placed = true;
      if (*date == it->first || out.size() == n) continue;
    }
    out.emplace_back(it->first, it->second.counted);
  }
  if (!placed && out.size() < n) out.emplace_back(*date, counted);
  return out;
}

// When the upload of `t` (already built for day `date`, `counted` its counted steps)
// changes the person's baseline
// (a day among the first baselineDays is replaced, or a new one lands before them),
// the baseline-increase awards of every later day are re-evaluated with the new
// baseline: the entries that reverse and re-award what changed, in date order, each
// day seeing the days re-evaluated before it (caps, balance). `reevaluated` gets the
// dates whose awards changed. Nothing when the baseline stays the same.
result<std::vector<ledger_entry>> reevaluate_later_days(programme const& p, person_state const& st,
                                                        transaction const& t, std::string const& date,
                                                        std::int64_t counted, std::vector<std::string>& reevaluated) {
  std::vector<ledger_entry> out;
  if (!p.baseline_increase) return out;
  auto const n = static_cast<std::size_t>(p.baseline_increase->baseline_days);
  if (st.days.upper_bound(date) == st.days.end()) return out;  // no later day
  if (baseline_window(st, n) == baseline_window(st, n, &date, counted)) return out;
  person_state scratch = st;  // copied only when the baseline changes
  scratch.apply(t);
  std::string const why = fmt::format("baseline changed by the upload of {}", date);
  for (auto it = scratch.days.upper_bound(date); it != scratch.days.end(); ++it) {
    auto const& [day, rec] = *it;
    auto ev = evaluate_day(p, rules_day(p, scratch, day, rec.steps, rec.method, rec.hourly,
                                        rec.review == review_state::approved));
    if (!ev) return std::move(ev).err();
    auto entries = rewrite_awards(t.person, day, scratch, ev->awards, why);
    if (entries.empty()) continue;
    transaction step;  // applied to the scratch state only, so later days see it
    step.kind = tx_kind::adjust;
    step.person = t.person;
    step.entries = entries;
    scratch.apply(step);
    reevaluated.push_back(day);
    for (auto& e : entries) out.push_back(std::move(e));
  }
  return out;
}

json::object step_payload(std::string const& date, steps_request const& r, evaluation const& ev, bool pending) {
  json::array flags;
  for (auto const& f : ev.flags) flags.emplace_back(f.detail);
  json::object p{{"date", date},
                 {"steps", r.steps},
                 {"countedSteps", ev.counted_steps},
                 {"method", r.method == recording_method::manual ? "manual" : "sensor"},
                 {"flags", std::move(flags)},
                 {"review", pending ? "pending" : "none"}};
  if (!r.hourly.empty()) {
    json::array h;
    for (auto v : r.hourly) h.emplace_back(v);
    p["hourly"] = std::move(h);
  }
  return p;
}

json::object upload_answer(std::string const& person, std::string const& date, person_state const& s,
                           evaluation const& ev) {
  auto const& d = s.days.at(date);
  auto o = day_json(date, d);
  o.erase("hourly");  // the caller sent them
  o["person"] = person;
  o["earned"] = awards_json(ev);
  o["flags"] = flags_json(ev);
  o["held"] = ev.held;
  if (!ev.note.empty()) o["note"] = ev.note;
  o["balance"] = s.balance;
  return o;
}

bool same_upload(day_record const& d, steps_request const& r) {
  return d.steps == r.steps && d.method == r.method && d.hourly == r.hourly;
}

}  // namespace

result<points_service::held> points_service::lock_enrolled(std::string const& person) const {
  slot* s = find(person, false);
  if (!s) return not_enrolled(person);
  std::unique_lock lock(s->mutex);
  if (!s->state.enrolled) return not_enrolled(person);
  return held{s, std::move(lock)};
}

result<void> points_service::check_window(std::string const& date) const {
  auto const now = today();
  auto w = within_upload_window(programme_, date, now);
  if (!w) return std::move(w).err();
  if (!*w) {
    return make_error(error_code::unprocessable,
                      fmt::format("{} is outside the upload window: days from the last {} days up to today ({}) "
                                  "are accepted",
                                  date, programme_.late_upload_days, now));
  }
  return {};
}

result<answer> points_service::upload_steps(json::value const& body) {
  auto r = parse_steps(body);
  if (!r) return std::move(r).err();
  auto h = lock_enrolled(r->person);
  if (!h) return std::move(h).err();
  auto& st = h->s->state;
  if (!r->idempotency_key.empty()) {
    if (auto it = st.outcomes.find(r->idempotency_key); it != st.outcomes.end()) return answer{it->second, 0, false};
  }
  if (auto w = check_window(r->date); !w) return std::move(w).err();
  auto existing = st.days.find(r->date);
  if (existing != st.days.end() && same_upload(existing->second, *r)) {
    auto o = day_json(r->date, existing->second);
    o["person"] = r->person;
    o["balance"] = st.balance;
    o["unchanged"] = true;
    return answer{std::move(o), 0, false};
  }
  auto ev = evaluate_day(programme_, rules_day(programme_, st, r->date, r->steps, r->method, r->hourly, false));
  if (!ev) return std::move(ev).err();
  int const revision = existing == st.days.end() ? 1 : existing->second.revision + 1;
  transaction t;
  t.kind = tx_kind::steps;
  t.person = r->person;
  t.idempotency_key = r->idempotency_key;
  t.payload = step_payload(r->date, *r, *ev, ev->held);
  t.entries = rewrite_awards(r->person, r->date, st, ev->awards,
                             fmt::format("replaced by the upload of revision {}", revision));
  std::vector<std::string> reevaluated;
  auto later = reevaluate_later_days(programme_, st, t, r->date, ev->counted_steps, reevaluated);
  if (!later) return std::move(later).err();
  for (auto& e : *later) t.entries.push_back(std::move(e));
  auto a = commit(*h->s, std::move(t), [&](person_state const& ps, transaction const&) {
    auto o = upload_answer(r->person, r->date, ps, *ev);
    if (!reevaluated.empty()) {
      json::array days;
      for (auto const& d : reevaluated) days.emplace_back(d);
      o["reevaluated"] = std::move(days);
    }
    return o;
  });
  track_review(r->person, r->date, ev->held ? review_state::pending : review_state::none);
  return a;
}

result<answer> points_service::upload_event(json::value const& body) {
  auto r = parse_event(body);
  if (!r) return std::move(r).err();
  auto h = lock_enrolled(r->person);
  if (!h) return std::move(h).err();
  auto& st = h->s->state;
  // An event id is an idempotency key of its own: one QR code, one check-in.
  std::string key = r->idempotency_key;
  if (key.empty() && !r->event_id.empty()) key = "event:" + r->event_id;
  if (!key.empty()) {
    if (auto it = st.outcomes.find(key); it != st.outcomes.end()) return answer{it->second, 0, false};
  }
  if (st.has_event(r->event_id)) {
    return make_error(error_code::already_exists, fmt::format("event {} was already uploaded", r->event_id));
  }
  if (auto w = check_window(r->date); !w) return std::move(w).err();
  event_upload eu;
  eu.kind = r->kind;
  eu.earned_today = st.events_earned(r->kind, r->date, 10);
  eu.earned_this_month = st.events_earned(r->kind, r->date, 7);
  eu.earned_this_year = st.events_earned(r->kind, r->date, 4);
  eu.points_this_month = static_cast<int>(st.month_points(r->date.substr(0, 7)));
  eu.points_this_year = static_cast<int>(st.year_points(r->date.substr(0, 4)));
  auto ev = evaluate_event(programme_, eu);
  transaction t;
  t.kind = tx_kind::event;
  t.person = r->person;
  t.idempotency_key = key;
  t.payload = {{"date", r->date}, {"kind", event_name(r->kind)}};
  if (!r->event_id.empty()) t.payload["eventId"] = r->event_id;
  for (auto const& a : ev.awards) {
    t.entries.push_back(award_entry(r->person, r->date, a));
    t.entries.back().source = "event";
  }
  return commit(*h->s, std::move(t), [&](person_state const& ps, transaction const&) {
    json::object o{{"person", r->person}, {"date", r->date},          {"kind", event_name(r->kind)},
                   {"points", ev.total()}, {"earned", awards_json(ev)}, {"balance", ps.balance}};
    if (!r->event_id.empty()) o["eventId"] = r->event_id;
    if (!ev.note.empty()) o["note"] = ev.note;
    return o;
  });
}

result<answer> points_service::review(std::string const& person, std::string const& date, json::value const& body) {
  auto r = parse_review(body);
  if (!r) return std::move(r).err();
  auto h = lock_enrolled(person);
  if (!h) return std::move(h).err();
  auto& st = h->s->state;
  auto it = st.days.find(date);
  if (it == st.days.end() || it->second.review != review_state::pending) {
    return make_error(error_code::not_found, fmt::format("no flagged day {} of {} waits for review", date, person));
  }
  evaluation ev;
  if (r->approve) {
    auto const& d = it->second;
    auto e = evaluate_day(programme_, rules_day(programme_, st, date, d.steps, d.method, d.hourly, true));
    if (!e) return std::move(e).err();
    ev = std::move(*e);
  }
  transaction t;
  t.kind = tx_kind::review;
  t.person = person;
  t.payload = {{"date", date}, {"decision", r->approve ? "approve" : "reject"}};
  if (!r->note.empty()) t.payload["note"] = r->note;
  t.entries = rewrite_awards(person, date, st, ev.awards, "review");
  for (auto& e : t.entries) e.source = "review";
  auto a = commit(*h->s, std::move(t), [&](person_state const& ps, transaction const&) {
    auto o = day_json(date, ps.days.at(date));
    o["person"] = person;
    o["decision"] = r->approve ? "approve" : "reject";
    o["balance"] = ps.balance;
    return o;
  });
  track_review(person, date, r->approve ? review_state::approved : review_state::rejected);
  return a;
}

}  // namespace cityos::wellness::points_service
