// SPDX-License-Identifier: Apache-2.0
// The points service's core: loading, committing transactions, enrolment and
// the reads. Uploads are in uploads.cc, spending in spending.cc.
#include "wellness/points_service/points_service.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "wellness/points/rules.h"
#include "wellness/points_service/requests.h"
#include "wellness/points_service/state_json.h"

namespace cityos::wellness::points_service {

points_service::points_service(programme p, std::unique_ptr<transaction_log> log, std::function<epoch_ms()> clock,
                               service_options opt)
    : programme_(std::move(p)), log_(std::move(log)), clock_(std::move(clock)), opt_(std::move(opt)) {}

result<std::unique_ptr<points_service>> points_service::open(programme p, store::store& st,
                                                             std::function<epoch_ms()> clock, service_options opt) {
  std::unique_ptr<transaction_log> log;
  if (opt.ledger_file.empty()) {
    log = store_transactions(st);
  } else {
    auto l = ledger_transactions({opt.ledger_file, opt.sync}, st);
    if (!l) return std::move(l).err();
    log = std::move(*l);
  }
  std::unique_ptr<points_service> s(new points_service(std::move(p), std::move(log), std::move(clock), std::move(opt)));
  if (auto r = s->load(); !r) return std::move(r).err();
  return s;
}

result<void> points_service::load() {
  std::uint64_t last = 0;
  auto r = log_->read_all([&](transaction&& t) -> result<void> {
    find(t.person, true)->state.apply(t);
    last = std::max(last, t.seq);
    return {};
  });
  if (!r) return r;
  next_seq_ = last + 1;
  for (auto const& [person, s] : persons_) {
    for (auto const& [date, d] : s->state.days) track_review(person, date, d.review);
  }
  return {};
}

std::string points_service::today() const {
  return format_iso8601(clock_() + epoch_ms{opt_.utc_offset_minutes} * 60'000).substr(0, 10);
}

std::string points_service::now_iso() const { return format_iso8601(clock_()); }

points_service::slot* points_service::find(std::string const& person, bool create) const {
  {
    std::shared_lock lock(persons_mutex_);
    if (auto it = persons_.find(person); it != persons_.end()) return it->second.get();
  }
  if (!create) return nullptr;
  std::unique_lock lock(persons_mutex_);
  auto& s = persons_[person];
  if (!s) s = std::make_unique<slot>();
  return s.get();
}

std::uint64_t points_service::reserve_seq() { return next_seq_++; }

answer points_service::commit(slot& s, transaction t, outcome_fn const& outcome) {
  if (t.seq == 0) t.seq = reserve_seq();
  if (t.at.empty()) t.at = now_iso();
  for (std::size_t i = 0; i < t.entries.size(); ++i) {
    t.entries[i].id = fmt::format("{}.{}", t.seq, i + 1);
    t.entries[i].at = t.at;
  }
  s.state.apply(t);
  t.outcome = outcome(s.state, t);
  if (!t.idempotency_key.empty()) s.state.outcomes[t.idempotency_key] = t.outcome;
  if (t.kind == tx_kind::redeem && !s.state.receipt_order.empty()) {
    s.state.receipts[s.state.receipt_order.back()] = t.outcome;
  }
  answer a;
  a.body = t.outcome;
  a.created = true;
  // The answer is kept only where a retry needs it again (idempotency keys, receipts).
  if (t.idempotency_key.empty() && t.kind != tx_kind::redeem) t.outcome = {};
  a.seq = log_->write(t);
  if (on_change_) on_change_(t.person);
  return a;
}

void points_service::track_review(std::string const& person, std::string const& date, review_state r) {
  std::lock_guard lock(review_mutex_);
  if (r == review_state::pending) {
    pending_.emplace(date, person);
  } else {
    pending_.erase({date, person});
  }
}

result<answer> points_service::enrol(json::value const& body) {
  auto r = parse_enrol(body);
  if (!r) return std::move(r).err();
  if (!is_eligible(programme_, r->age, r->ward)) {
    return make_error(error_code::unprocessable,
                      fmt::format("{} (age {}, ward '{}') is not eligible for programme {}", r->person, r->age,
                                  r->ward, programme_.id));
  }
  slot* s = find(r->person, true);
  std::lock_guard lock(s->mutex);
  auto& st = s->state;
  if (st.enrolled && st.age == r->age && st.ward == r->ward && (r->joined.empty() || r->joined == st.joined)) {
    return answer{participant_json(r->person, st), 0, false};
  }
  transaction t;
  t.kind = tx_kind::enrol;
  t.person = r->person;
  t.payload = {{"age", r->age}, {"ward", r->ward}, {"joined", r->joined.empty() ? today() : r->joined}};
  if (st.enrolled && r->joined.empty()) t.payload["joined"] = st.joined;
  return commit(*s, std::move(t), [&](person_state const& ps, transaction const&) { return participant_json(r->person, ps); });
}

result<json::object> points_service::participant(std::string const& person) const {
  slot* s = find(person, false);
  if (!s) return not_enrolled(person);
  std::lock_guard lock(s->mutex);
  if (!s->state.enrolled) return not_enrolled(person);
  return participant_json(person, s->state);
}

error points_service::not_enrolled(std::string const& person) {
  return make_error(error_code::not_found, fmt::format("{} is not enrolled in the programme", person));
}

result<json::object> points_service::balance(std::string const& person) const {
  slot* s = find(person, false);
  if (!s) return not_enrolled(person);
  std::lock_guard lock(s->mutex);
  return balance_json(person, s->state, programme_);
}

result<json::object> points_service::history(std::string const& person, std::size_t offset, std::size_t limit) const {
  slot* s = find(person, false);
  if (!s) return not_enrolled(person);
  std::lock_guard lock(s->mutex);
  auto const& es = s->state.entries;
  json::array out;
  for (std::size_t i = offset; i < es.size() && out.size() < limit; ++i) out.emplace_back(to_json(es[i]));
  return json::object{{"person", person}, {"total", static_cast<std::int64_t>(es.size())}, {"entries", std::move(out)}};
}

result<json::object> points_service::uploads(std::string const& person) const {
  slot* s = find(person, false);
  if (!s) return not_enrolled(person);
  std::lock_guard lock(s->mutex);
  return uploads_json(person, s->state);
}

result<json::object> points_service::receipts(std::string const& person) const {
  slot* s = find(person, false);
  if (!s) return not_enrolled(person);
  std::lock_guard lock(s->mutex);
  json::array out;
  for (auto const& k : s->state.receipt_order) out.emplace_back(s->state.receipts.at(k));
  return json::object{{"person", person}, {"receipts", std::move(out)}};
}

json::object points_service::review_queue() const {
  std::vector<std::pair<std::string, std::string>> items;
  {
    std::lock_guard lock(review_mutex_);
    items.assign(pending_.begin(), pending_.end());
  }
  json::array out;
  for (auto const& [date, person] : items) {
    slot* s = find(person, false);
    if (!s) continue;
    std::lock_guard lock(s->mutex);
    auto it = s->state.days.find(date);
    if (it == s->state.days.end() || it->second.review != review_state::pending) continue;
    auto d = day_json(date, it->second);
    d["person"] = person;
    out.emplace_back(std::move(d));
  }
  return json::object{{"total", static_cast<std::int64_t>(out.size())}, {"items", std::move(out)}};
}

void points_service::for_each_person(std::function<void(std::string const&, person_state const&)> const& fn) const {
  std::vector<std::pair<std::string, slot*>> all;
  {
    std::shared_lock lock(persons_mutex_);
    all.reserve(persons_.size());
    for (auto const& [p, s] : persons_) all.emplace_back(p, s.get());
  }
  for (auto const& [p, s] : all) {
    std::lock_guard lock(s->mutex);
    if (s->state.enrolled) fn(p, s->state);
  }
}

std::size_t points_service::participants() const {
  std::size_t n = 0;
  for_each_person([&](std::string const&, person_state const&) { ++n; });
  return n;
}

json::object points_service::verify() const {
  std::map<std::string, std::int64_t> accounts;
  std::size_t transactions = 0;
  json::array problems;
  log_->flush();  // every answer given so far is in what is read back
  auto read = log_->read_all([&](transaction&& t) -> result<void> {
    ++transactions;
    for (auto const& e : t.entries) {
      accounts[e.debit] -= e.points;
      accounts[e.credit] += e.points;
    }
    return {};
  });
  if (!read) problems.emplace_back(read.err().detail);
  std::int64_t sum = 0;
  for (auto const& [a, v] : accounts) sum += v;
  std::size_t persons = 0;
  for_each_person([&](std::string const& p, person_state const& st) {
    ++persons;
    auto it = accounts.find(person_account(p));
    std::int64_t const derived = it == accounts.end() ? 0 : it->second;
    if (derived != st.balance) {
      problems.emplace_back(fmt::format("{}: ledger gives {}, live balance is {}", p, derived, st.balance));
    }
    if (st.balance < 0) problems.emplace_back(fmt::format("{}: negative balance {}", p, st.balance));
  });
  bool const ok = problems.empty() && sum == 0;
  return json::object{{"ok", ok},         {"transactions", transactions}, {"accounts", accounts.size()},
                      {"persons", persons}, {"sum", sum},                 {"problems", std::move(problems)}};
}

}  // namespace cityos::wellness::points_service
