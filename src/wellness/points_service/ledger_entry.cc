// SPDX-License-Identifier: Apache-2.0
#include "wellness/points_service/ledger_entry.h"

#include <array>

#include <fmt/format.h>

namespace cityos::wellness::points_service {

namespace {

constexpr std::array<std::string_view, 5> kEntryNames = {"award", "redeem", "expire", "reverse", "adjust"};
constexpr std::array<std::string_view, 7> kTxNames = {"enrol",  "steps",  "event", "review",
                                                      "redeem", "adjust", "expire"};

error bad(std::string_view what) { return make_error(error_code::bad_request, std::string(what)); }

std::string string_member(json::object const& o, std::string_view name) {
  auto const* v = o.if_contains(name);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

void put_if(json::object& o, std::string_view name, std::string const& s) {
  if (!s.empty()) o[name] = s;
}

}  // namespace

std::string_view to_string(entry_kind k) { return kEntryNames[static_cast<std::size_t>(k)]; }

std::optional<entry_kind> parse_entry_kind(std::string_view s) {
  for (std::size_t i = 0; i < kEntryNames.size(); ++i) {
    if (kEntryNames[i] == s) return static_cast<entry_kind>(i);
  }
  return std::nullopt;
}

std::string_view to_string(tx_kind k) { return kTxNames[static_cast<std::size_t>(k)]; }

std::optional<tx_kind> parse_tx_kind(std::string_view s) {
  for (std::size_t i = 0; i < kTxNames.size(); ++i) {
    if (kTxNames[i] == s) return static_cast<tx_kind>(i);
  }
  return std::nullopt;
}

std::string person_account(std::string_view person) { return fmt::format("person:{}", person); }
std::string merchant_account(std::string_view merchant) { return fmt::format("merchant:{}", merchant); }

json::object to_json(ledger_entry const& e) {
  json::object o;
  o["id"] = e.id;
  o["kind"] = to_string(e.kind);
  o["debit"] = e.debit;
  o["credit"] = e.credit;
  o["points"] = e.points;
  put_if(o, "reason", e.reason);
  put_if(o, "source", e.source);
  put_if(o, "day", e.day);
  put_if(o, "rule", e.rule);
  put_if(o, "ref", e.ref);
  o["at"] = e.at;
  return o;
}

result<ledger_entry> entry_from_json(json::value const& v) {
  if (!v.is_object()) return bad("a ledger entry must be an object");
  auto const& o = v.get_object();
  ledger_entry e;
  e.id = string_member(o, "id");
  auto kind = parse_entry_kind(string_member(o, "kind"));
  if (!kind) return bad("ledger entry " + e.id + ": unknown kind");
  e.kind = *kind;
  e.debit = string_member(o, "debit");
  e.credit = string_member(o, "credit");
  auto const* p = o.if_contains("points");
  if (!p || !p->is_int64() || p->get_int64() <= 0) return bad("ledger entry " + e.id + ": points must be > 0");
  e.points = p->get_int64();
  if (e.id.empty() || e.debit.empty() || e.credit.empty() || e.debit == e.credit) {
    return bad("ledger entry " + e.id + ": needs an id and two different accounts");
  }
  e.reason = string_member(o, "reason");
  e.source = string_member(o, "source");
  e.day = string_member(o, "day");
  e.rule = string_member(o, "rule");
  e.ref = string_member(o, "ref");
  e.at = string_member(o, "at");
  return e;
}

json::object to_json(transaction const& t) {
  json::object o;
  o["seq"] = t.seq;
  o["kind"] = to_string(t.kind);
  o["person"] = t.person;
  o["at"] = t.at;
  put_if(o, "idempotencyKey", t.idempotency_key);
  o["payload"] = t.payload;
  o["outcome"] = t.outcome;
  json::array entries;
  entries.reserve(t.entries.size());
  for (auto const& e : t.entries) entries.emplace_back(to_json(e));
  o["entries"] = std::move(entries);
  return o;
}

result<transaction> transaction_from_json(json::value const& v) {
  if (!v.is_object()) return bad("a transaction must be an object");
  auto const& o = v.get_object();
  transaction t;
  auto const* seq = o.if_contains("seq");
  if (!seq || !(seq->is_uint64() || seq->is_int64())) return bad("transaction: seq missing");
  t.seq = seq->is_uint64() ? seq->get_uint64() : static_cast<std::uint64_t>(seq->get_int64());
  auto kind = parse_tx_kind(string_member(o, "kind"));
  if (!kind) return bad(fmt::format("transaction {}: unknown kind", t.seq));
  t.kind = *kind;
  t.person = string_member(o, "person");
  t.at = string_member(o, "at");
  t.idempotency_key = string_member(o, "idempotencyKey");
  if (auto const* p = o.if_contains("payload"); p && p->is_object()) t.payload = p->get_object();
  if (auto const* p = o.if_contains("outcome"); p && p->is_object()) t.outcome = p->get_object();
  if (auto const* es = o.if_contains("entries"); es && es->is_array()) {
    for (auto const& ev : es->get_array()) {
      auto e = entry_from_json(ev);
      if (!e) return std::move(e).err();
      t.entries.push_back(std::move(*e));
    }
  }
  return t;
}

std::string transaction_key(std::uint64_t seq) { return fmt::format("{:016}", seq); }

}  // namespace cityos::wellness::points_service
