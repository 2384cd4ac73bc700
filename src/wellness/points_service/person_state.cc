// SPDX-License-Identifier: Apache-2.0
#include "wellness/points_service/person_state.h"

#include <algorithm>

namespace cityos::wellness::points_service {

namespace {

std::string str(json::object const& o, std::string_view name) {
  auto const* v = o.if_contains(name);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::int64_t int_of(json::object const& o, std::string_view name) {
  auto const* v = o.if_contains(name);
  return v && v->is_int64() ? v->get_int64() : 0;
}

review_state review_from(std::string_view s) {
  if (s == "pending") return review_state::pending;
  if (s == "approved") return review_state::approved;
  if (s == "rejected") return review_state::rejected;
  return review_state::none;
}

void apply_steps_payload(person_state& s, json::object const& p) {
  auto& d = s.days[str(p, "date")];
  d.steps = int_of(p, "steps");
  d.counted = int_of(p, "countedSteps");
  d.method = str(p, "method") == "manual" ? recording_method::manual : recording_method::sensor;
  d.hourly.clear();
  if (auto const* h = p.if_contains("hourly"); h && h->is_array()) {
    for (auto const& v : h->get_array()) d.hourly.push_back(v.is_int64() ? v.get_int64() : 0);
  }
  d.flags.clear();
  if (auto const* f = p.if_contains("flags"); f && f->is_array()) {
    for (auto const& v : f->get_array()) {
      if (v.is_string()) d.flags.emplace_back(v.get_string());
    }
  }
  d.review = review_from(str(p, "review"));
  ++d.revision;
}

void apply_entry(person_state& s, std::string const& me, ledger_entry const& e) {
  bool const in = e.credit == me;
  if (!in && e.debit != me) return;
  s.balance += in ? e.points : -e.points;
  switch (e.kind) {
    case entry_kind::award:
      s.awarded += e.points;
      s.net_by_month[e.day.substr(0, 7)] += e.points;
      s.credit_by_day[e.day] += e.points;
      if (e.rule.starts_with("steps.")) s.days[e.day].awards.push_back({e.id, e.rule, e.points});
      break;
    case entry_kind::reverse: {
      s.awarded -= e.points;
      s.net_by_month[e.day.substr(0, 7)] -= e.points;
      s.credit_by_day[e.day] -= e.points;
      if (auto it = s.days.find(e.day); it != s.days.end()) {
        std::erase_if(it->second.awards, [&](active_award const& a) { return a.entry_id == e.ref; });
      }
      break;
    }
    case entry_kind::redeem:
      s.redeemed += e.points;
      s.consumed += e.points;
      break;
    case entry_kind::expire:
      s.expired += e.points;
      s.consumed += e.points;
      break;
    case entry_kind::adjust:
      if (in) {
        s.adjusted += e.points;
        s.credit_by_day[e.day.empty() ? e.at.substr(0, 10) : e.day] += e.points;
      } else {
        s.adjusted -= e.points;
        s.consumed += e.points;
      }
      break;
  }
  s.entries.push_back(e);
}

}  // namespace

std::string_view to_string(review_state s) {
  switch (s) {
    case review_state::none: return "none";
    case review_state::pending: return "pending";
    case review_state::approved: return "approved";
    case review_state::rejected: return "rejected";
  }
  return "none";
}

void person_state::apply(transaction const& t) {
  auto const& p = t.payload;
  switch (t.kind) {
    case tx_kind::enrol:
      enrolled = true;
      age = static_cast<int>(int_of(p, "age"));
      ward = str(p, "ward");
      joined = str(p, "joined");
      break;
    case tx_kind::steps:
      apply_steps_payload(*this, p);
      break;
    case tx_kind::event: {
      event_record ev;
      ev.date = str(p, "date");
      ev.kind = event_from_name(str(p, "kind")).value_or(event_kind::qr_check_in);
      ev.event_id = str(p, "eventId");
      for (auto const& e : t.entries) {
        if (e.kind == entry_kind::award) ev.points += e.points;
      }
      events.push_back(std::move(ev));
      break;
    }
    case tx_kind::review:
      if (auto it = days.find(str(p, "date")); it != days.end()) {
        it->second.review = str(p, "decision") == "approve" ? review_state::approved : review_state::rejected;
      }
      break;
    case tx_kind::redeem: {
      auto key = str(p, "merchant") + '\n' + str(p, "reference");
      receipts[key] = t.outcome;
      receipt_order.push_back(std::move(key));
      break;
    }
    case tx_kind::adjust:
    case tx_kind::expire:
      break;
  }
  std::string const me = person_account(t.person);
  for (auto const& e : t.entries) apply_entry(*this, me, e);
  if (!t.idempotency_key.empty()) outcomes[t.idempotency_key] = t.outcome;
}

std::int64_t person_state::month_points(std::string_view month) const {
  auto it = net_by_month.find(std::string(month));
  return it == net_by_month.end() ? 0 : it->second;
}

std::int64_t person_state::year_points(std::string_view year) const {
  std::int64_t sum = 0;
  for (auto it = net_by_month.lower_bound(std::string(year)); it != net_by_month.end() && it->first.starts_with(year);
       ++it) {
    sum += it->second;
  }
  return sum;
}

int person_state::events_earned(event_kind kind, std::string_view date, std::size_t prefix) const {
  std::string_view const period = date.substr(0, prefix);
  return static_cast<int>(std::count_if(events.begin(), events.end(), [&](event_record const& e) {
    return e.kind == kind && e.points > 0 && std::string_view(e.date).substr(0, prefix) == period;
  }));
}

bool person_state::has_event(std::string_view event_id) const {
  return !event_id.empty() &&
         std::any_of(events.begin(), events.end(), [&](event_record const& e) { return e.event_id == event_id; });
}

std::int64_t person_state::expirable(std::string_view cutoff) const {
  std::int64_t credit = 0;
  for (auto const& [day, pts] : credit_by_day) {
    if (day >= cutoff) break;
    credit += pts;
  }
  return std::max<std::int64_t>(0, std::min(credit - consumed, balance));
}

}  // namespace cityos::wellness::points_service
