// SPDX-License-Identifier: Apache-2.0
// Redemptions, adjustments and expiry: the entries that take points out of a
// person's account (or put them back by hand), never below zero.
#include <algorithm>

#include <fmt/format.h>

#include "wellness/points_service/points_service.h"
#include "wellness/points_service/requests.h"
#include "wellness/points_service/state_json.h"

namespace cityos::wellness::points_service {

namespace {

// The date `months` months before `date` ("YYYY-MM-DD"), the day clipped to the month's length.
std::string months_before(std::string const& date, int months) {
  int y = std::stoi(date.substr(0, 4));
  int m = std::stoi(date.substr(5, 2)) - months;
  int d = std::stoi(date.substr(8, 2));
  while (m < 1) {
    m += 12;
    --y;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool const leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  d = std::min(d, kDays[m - 1] + (m == 2 && leap ? 1 : 0));
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

}  // namespace

std::uint64_t points_service::expire_due(slot& s, std::string const& person) {
  if (!programme_.expiry_months) return 0;
  auto const cutoff = months_before(today(), *programme_.expiry_months);
  std::int64_t const due = s.state.expirable(cutoff);
  if (due <= 0) return 0;
  transaction t;
  t.kind = tx_kind::expire;
  t.person = person;
  t.payload = {{"before", cutoff}};
  ledger_entry e;
  e.kind = entry_kind::expire;
  e.debit = person_account(person);
  e.credit = std::string(kExpiredAccount);
  e.points = due;
  e.reason = fmt::format("points for days before {} expired ({} months)", cutoff, *programme_.expiry_months);
  e.source = "expire";
  t.entries.push_back(std::move(e));
  return commit(s, std::move(t), [&](person_state const& ps, transaction const&) {
           return json::object{{"person", person}, {"expired", due}, {"before", cutoff}, {"balance", ps.balance}};
         }).seq;
}

result<answer> points_service::redeem(json::value const& body) {
  auto r = parse_redeem(body);
  if (!r) return std::move(r).err();
  auto h = lock_enrolled(r->person);
  if (!h) return std::move(h).err();
  auto& st = h->s->state;
  if (auto it = st.receipts.find(r->merchant + '\n' + r->reference); it != st.receipts.end()) {
    return answer{it->second, 0, false};
  }
  expire_due(*h->s, r->person);
  if (st.balance < r->points) {
    return make_error(error_code::unprocessable, fmt::format("insufficient points: {} has {}, {} were asked",
                                                             r->person, st.balance, r->points));
  }
  transaction t;
  t.seq = reserve_seq();
  t.kind = tx_kind::redeem;
  t.person = r->person;
  t.payload = {{"merchant", r->merchant}, {"reference", r->reference}, {"points", r->points}};
  if (!r->description.empty()) t.payload["description"] = r->description;
  std::string const receipt = fmt::format("urn:cityos:points:receipt:{}", t.seq);
  ledger_entry e;
  e.kind = entry_kind::redeem;
  e.debit = person_account(r->person);
  e.credit = merchant_account(r->merchant);
  e.points = r->points;
  e.reason = r->description.empty() ? fmt::format("redeemed at {}", r->merchant) : r->description;
  e.source = "redeem";
  e.ref = receipt;
  t.entries.push_back(std::move(e));
  return commit(*h->s, std::move(t), [&](person_state const& ps, transaction const& tx) {
    return json::object{{"receiptId", receipt},
                        {"person", r->person},
                        {"merchant", r->merchant},
                        {"reference", r->reference},
                        {"points", r->points},
                        {"yen", static_cast<double>(r->points) * programme_.yen_per_point},
                        {"balanceAfter", ps.balance},
                        {"at", tx.at}};
  });
}

result<answer> points_service::adjust(json::value const& body) {
  auto r = parse_adjust(body);
  if (!r) return std::move(r).err();
  auto h = lock_enrolled(r->person);
  if (!h) return std::move(h).err();
  auto& st = h->s->state;
  if (r->points < 0 && st.balance < -r->points) {
    return make_error(error_code::unprocessable,
                      fmt::format("{} has {} points; an adjustment of {} would make it negative", r->person,
                                  st.balance, r->points));
  }
  transaction t;
  t.kind = tx_kind::adjust;
  t.person = r->person;
  t.payload = {{"points", r->points}, {"reason", r->reason}};
  ledger_entry e;
  e.kind = entry_kind::adjust;
  e.debit = r->points > 0 ? std::string(kProgrammeAccount) : person_account(r->person);
  e.credit = r->points > 0 ? person_account(r->person) : std::string(kProgrammeAccount);
  e.points = r->points > 0 ? r->points : -r->points;
  e.reason = r->reason;
  e.source = "adjust";
  e.day = today();
  t.entries.push_back(std::move(e));
  return commit(*h->s, std::move(t), [&](person_state const& ps, transaction const&) {
    return json::object{{"person", r->person}, {"points", r->points}, {"reason", r->reason}, {"balance", ps.balance}};
  });
}

result<answer> points_service::expire_all() {
  std::vector<std::pair<std::string, slot*>> all;
  {
    std::shared_lock lock(persons_mutex_);
    for (auto const& [p, s] : persons_) all.emplace_back(p, s.get());
  }
  std::int64_t points = 0;
  std::size_t persons = 0;
  answer a;
  for (auto const& [p, s] : all) {
    std::lock_guard lock(s->mutex);
    std::int64_t const before = s->state.expired;
    a.seq = std::max(a.seq, expire_due(*s, p));
    if (s->state.expired != before) {
      points += s->state.expired - before;
      ++persons;
    }
  }
  a.body = json::object{{"persons", persons},
                        {"points", points},
                        {"expiryMonths", programme_.expiry_months ? *programme_.expiry_months : 0}};
  a.created = points > 0;
  return a;
}

}  // namespace cityos::wellness::points_service
