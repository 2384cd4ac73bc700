// SPDX-License-Identifier: Apache-2.0
// `cityos points replay`: runs a file of uploads through a points service on
// an in-memory store, its clock following the lines, and sums up the ledger.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "app/points_command.h"
#include "common/json.h"
#include "common/time.h"
#include "store/memory/memory_store.h"
#include "wellness/points/presets.h"
#include "wellness/points/programme.h"
#include "wellness/points_service/points_service.h"
#include "wellness/points_service/requests.h"

namespace cityos::app {
namespace {

namespace ps = wellness::points_service;

constexpr epoch_ms kDay = 86'400'000;
constexpr epoch_ms kJapan = 9 * 3'600'000;  // the service's local time: UTC+9
constexpr std::size_t kMaxBadLinesShown = 100;

// "YYYY-MM" of `t` in Japan.
std::string local_month(epoch_ms t) { return format_iso8601(t + kJapan).substr(0, 7); }

// The month after "YYYY-MM".
std::string next_month(std::string const& month) {
  int y = std::stoi(month.substr(0, 4));
  int m = std::stoi(month.substr(5, 2)) + 1;
  if (m > 12) {
    m = 1;
    ++y;
  }
  return fmt::format("{:04}-{:02}", y, m);
}

// 00:00 in Japan on the first of "YYYY-MM", as UTC ms.
epoch_ms month_start(std::string const& month) { return *parse_date(month + "-01") - kJapan; }

// The date member `name` of `body` if it is a "YYYY-MM-DD" date.
std::optional<epoch_ms> date_member(json::object const& body, std::string_view name) {
  auto const* v = body.if_contains(name);
  if (!v || !v->is_string() || !ps::is_date(v->get_string())) return std::nullopt;
  return parse_date(v->get_string());
}

// A short, countable reason for a refusal (the service's detail names persons and dates).
std::string refusal_reason(error const& e) {
  static constexpr std::pair<std::string_view, std::string_view> kReasons[] = {
      {"outside the upload window", "outside the upload window"},
      {"is not enrolled", "not enrolled"},
      {"insufficient points", "insufficient points"},
      {"is not eligible", "not eligible"},
      {"was already uploaded", "event already uploaded"},
      {"would make it negative", "balance would go negative"},
      {"waits for review", "no flagged day waiting for review"},
  };
  for (auto const& [needle, reason] : kReasons) {
    if (e.detail.find(needle) != std::string::npos) return std::string(reason);
  }
  return std::string(problem_title(e.code));
}

// Feeds lines to the service, moving its clock and counting what happened.
class replayer {
 public:
  replayer(ps::points_service& svc, epoch_ms& now) : svc_(svc), now_(now) {}

  // Applies one line. Errors (a bad line): invalid_request / bad_request with the reason.
  result<void> apply(std::string_view text) {
    auto doc = parse_json(text);
    if (!doc) return make_error(error_code::invalid_request, "not JSON: " + doc.err().detail);
    if (!doc->is_object()) return make_error(error_code::bad_request, "a line must be a JSON object");
    json::object body = std::move(doc->get_object());
    auto const* op_v = body.if_contains("op");
    std::string const op = op_v && op_v->is_string() ? std::string(op_v->get_string()) : std::string();
    if (op != "enrol" && op != "steps" && op != "event" && op != "redeem" && op != "review" && op != "adjust") {
      return make_error(error_code::bad_request,
                        "\"op\" must be one of enrol, steps, event, redeem, review, adjust");
    }
    body.erase("op");
    std::optional<epoch_ms> at;
    if (auto const* a = body.if_contains("at")) {
      if (a->is_string()) at = parse_iso8601(a->get_string());
      if (!at) return make_error(error_code::bad_request, "\"at\" must be an ISO 8601 date-time");
      body.erase("at");
    }
    if (!at) at = default_time(op, body);
    if (at) {
      advance(*at);
    } else if (!started_) {
      return make_error(error_code::bad_request, "no time known yet: give \"at\" (or the body's date)");
    }
    auto a = dispatch(op, body);
    if (!a) {
      auto const code = a.err().code;
      if (code == error_code::bad_request || code == error_code::invalid_request) return std::move(a).err();
      ++refused_[op + ": " + refusal_reason(a.err())];
      return {};
    }
    ++(a->created ? accepted_ : repeated_)[op];
    return {};
  }

  std::map<std::string, std::size_t> const& accepted() const { return accepted_; }
  std::map<std::string, std::size_t> const& repeated() const { return repeated_; }
  std::map<std::string, std::size_t> const& refused() const { return refused_; }
  std::size_t expiry_runs() const { return expiry_runs_; }

 private:
  // When the line was received if it does not say: uploads and reviews at
  // the end of their day in Japan, enrolments at the start of the day joined.
  static std::optional<epoch_ms> default_time(std::string const& op, json::object const& body) {
    if (op == "steps" || op == "event" || op == "review") {
      if (auto d = date_member(body, "date")) return *d + kDay - 1 - kJapan;
    }
    if (op == "enrol") {
      if (auto d = date_member(body, "joined")) return *d - kJapan;
    }
    return std::nullopt;
  }

  // Moves the clock to `t`, expiring points at the start of every month
  // entered for the first time on the way.
  void advance(epoch_ms t) {
    auto const month = local_month(t);
    if (started_ && month > month_) {
      for (auto m = next_month(month_); m <= month; m = next_month(m)) {
        now_ = month_start(m);
        if (svc_.expire_all()) ++expiry_runs_;
      }
    }
    if (!started_ || month > month_) month_ = month;
    started_ = true;
    now_ = t;
  }

  result<ps::answer> dispatch(std::string const& op, json::object& body) {
    if (op == "enrol") return svc_.enrol(body);
    if (op == "steps") return svc_.upload_steps(body);
    if (op == "event") return svc_.upload_event(body);
    if (op == "redeem") return svc_.redeem(body);
    if (op == "adjust") return svc_.adjust(body);
    auto const* person = body.if_contains("person");
    auto const* date = body.if_contains("date");
    if (!person || !person->is_string() || !date || !date->is_string()) {
      return make_error(error_code::bad_request, "a review needs \"person\" and \"date\" strings");
    }
    std::string const p(person->get_string()), d(date->get_string());
    body.erase("person");
    body.erase("date");
    return svc_.review(p, d, body);
  }

  ps::points_service& svc_;
  epoch_ms& now_;
  bool started_ = false;
  std::string month_;  // the latest month entered, "YYYY-MM"
  std::map<std::string, std::size_t> accepted_;  // op -> new transactions
  std::map<std::string, std::size_t> repeated_;  // op -> answered again (idempotent retry, same content)
  std::map<std::string, std::size_t> refused_;   // "op: reason" -> count
  std::size_t expiry_runs_ = 0;
};

struct month_points {
  std::int64_t awarded = 0, reversed = 0, redeemed = 0, expired = 0, adjusted = 0;
};

// Why a day uploaded earns no points, from its record.
std::string no_points_reason(ps::day_record const& d, wellness::programme const& p) {
  if (d.method == wellness::recording_method::manual && !p.manual_entries_earn) return "manual entry";
  if (d.review == ps::review_state::pending) return "held for review";
  if (d.review == ps::review_state::rejected) return "rejected by a reviewer";
  return "below the thresholds or over the caps";
}

json::object count_object(std::map<std::string, std::size_t> const& m) {
  json::object o;
  for (auto const& [k, v] : m) o[k] = v;
  return o;
}

// The summary of the replay, from the service's ledger and the replayer's counts.
json::object summarize(ps::points_service const& svc, replayer const& r, std::size_t lines, std::size_t bad) {
  auto const& prog = svc.config();
  std::map<std::string, month_points> months;
  std::map<std::string, std::size_t> no_points;
  month_points total;
  std::size_t days = 0, flagged = 0;
  std::map<std::string, std::size_t> reviews;
  std::int64_t balances = 0;
  svc.for_each_person([&](std::string const& person, ps::person_state const& st) {
    balances += st.balance;
    auto const self = ps::person_account(person);
    for (auto const& e : st.entries) {
      std::string month = e.day.substr(0, 7);
      if (e.kind == ps::entry_kind::redeem || e.kind == ps::entry_kind::expire || month.empty()) {
        if (auto at = parse_iso8601(e.at)) month = local_month(*at);
      }
      auto& m = months[month];
      switch (e.kind) {
        case ps::entry_kind::award: m.awarded += e.points; total.awarded += e.points; break;
        case ps::entry_kind::reverse: m.reversed += e.points; total.reversed += e.points; break;
        case ps::entry_kind::redeem: m.redeemed += e.points; total.redeemed += e.points; break;
        case ps::entry_kind::expire: m.expired += e.points; total.expired += e.points; break;
        case ps::entry_kind::adjust: {
          std::int64_t const v = e.credit == self ? e.points : -e.points;
          m.adjusted += v;
          total.adjusted += v;
          break;
        }
      }
    }
    for (auto const& [date, d] : st.days) {
      ++days;
      if (!d.flags.empty()) ++flagged;
      if (d.review != ps::review_state::none) ++reviews[std::string(ps::to_string(d.review))];
      if (d.awards.empty()) ++no_points[no_points_reason(d, prog)];
    }
  });
  std::size_t uploads = 0;
  json::object ops;
  for (auto const& op : {"enrol", "steps", "event", "redeem", "review", "adjust"}) {
    auto get = [op](std::map<std::string, std::size_t> const& m) {
      auto it = m.find(op);
      return it == m.end() ? std::size_t{0} : it->second;
    };
    std::size_t refused = 0;
    for (auto const& [k, v] : r.refused()) {
      if (k.starts_with(std::string(op) + ":")) refused += v;
    }
    ops[op] = json::object{{"accepted", get(r.accepted())}, {"repeated", get(r.repeated())}, {"refused", refused}};
    if (std::string_view(op) == "steps" || std::string_view(op) == "event") uploads += get(r.accepted());
  }
  json::array per_month;
  for (auto const& [month, m] : months) {
    per_month.emplace_back(json::object{{"month", month},
                                        {"awarded", m.awarded},
                                        {"reversed", m.reversed},
                                        {"net", m.awarded - m.reversed},
                                        {"redeemed", m.redeemed},
                                        {"expired", m.expired},
                                        {"adjusted", m.adjusted}});
  }
  return json::object{
      {"programme", prog.id},
      {"lines", lines},
      {"badLines", bad},
      {"participants", svc.participants()},
      {"uploads", uploads},
      {"operations", std::move(ops)},
      {"refused", count_object(r.refused())},
      {"points", json::object{{"awarded", total.awarded},
                              {"reversed", total.reversed},
                              {"net", total.awarded - total.reversed},
                              {"redeemed", total.redeemed},
                              {"expired", total.expired},
                              {"adjusted", total.adjusted},
                              {"balance", balances}}},
      {"days", json::object{{"uploaded", days},
                            {"flagged", flagged},
                            {"reviews", count_object(reviews)},
                            {"withoutPoints", count_object(no_points)}}},
      {"expiryRuns", r.expiry_runs()},
      {"months", std::move(per_month)},
  };
}

std::int64_t num(json::value const& v) { return v.is_int64() ? v.get_int64() : static_cast<std::int64_t>(v.to_number<std::uint64_t>()); }

void print_counts(std::ostream& out, json::object const& counts) {
  for (auto const& [k, v] : counts) out << fmt::format("  {:<48} {:>10}\n", std::string_view(k), num(v));
}

void print_text(std::ostream& out, json::object const& s) {
  auto const& pts = s.at("points").as_object();
  auto const& days = s.at("days").as_object();
  auto const& ops = s.at("operations").as_object();
  out << fmt::format("programme: {}\n", std::string_view(s.at("programme").as_string()));
  out << fmt::format("lines: {} ({} bad)\n", num(s.at("lines")), num(s.at("badLines")));
  out << fmt::format("participants: {}\n", num(s.at("participants")));
  out << fmt::format("uploads accepted: {}\n", num(s.at("uploads")));
  out << "operations (accepted / repeated / refused):\n";
  for (auto const& [op, v] : ops) {
    auto const& o = v.as_object();
    out << fmt::format("  {:<8} {:>10} {:>10} {:>10}\n", std::string_view(op), num(o.at("accepted")),
                       num(o.at("repeated")), num(o.at("refused")));
  }
  out << "refused:\n";
  print_counts(out, s.at("refused").as_object());
  out << fmt::format("points: awarded {}, reversed {}, net {}, redeemed {}, expired {}, adjusted {}; balances {}\n",
                     num(pts.at("awarded")), num(pts.at("reversed")), num(pts.at("net")), num(pts.at("redeemed")),
                     num(pts.at("expired")), num(pts.at("adjusted")), num(pts.at("balance")));
  out << fmt::format("days: {} uploaded, {} flagged\n", num(days.at("uploaded")), num(days.at("flagged")));
  out << "reviews:\n";
  print_counts(out, days.at("reviews").as_object());
  out << "days without points:\n";
  print_counts(out, days.at("withoutPoints").as_object());
  out << fmt::format("expiry runs: {}\n", num(s.at("expiryRuns")));
  out << fmt::format("{:<8} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}\n", "month", "awarded", "reversed", "net",
                     "redeemed", "expired", "adjusted");
  for (auto const& v : s.at("months").as_array()) {
    auto const& m = v.as_object();
    out << fmt::format("{:<8} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}\n", std::string_view(m.at("month").as_string()),
                       num(m.at("awarded")), num(m.at("reversed")), num(m.at("net")), num(m.at("redeemed")),
                       num(m.at("expired")), num(m.at("adjusted")));
  }
  if (auto const* v = s.if_contains("verify")) {
    auto const& o = v->as_object();
    out << fmt::format("verify: {} ({} transactions, {} accounts, sum {})\n", o.at("ok").as_bool() ? "ok" : "FAILED",
                       num(o.at("transactions")), num(o.at("accounts")), num(o.at("sum")));
  }
}

// Every participant's balance, by person: {"programme", "participants": [balance, ...]}.
json::object balances(ps::points_service const& svc) {
  std::vector<std::string> persons;
  svc.for_each_person([&](std::string const& p, ps::person_state const&) { persons.push_back(p); });
  std::sort(persons.begin(), persons.end());
  json::array out;
  for (auto const& p : persons) {
    if (auto b = svc.balance(p)) out.emplace_back(std::move(*b));
  }
  return json::object{{"programme", svc.config().id}, {"participants", std::move(out)}};
}

}  // namespace

int run_points_replay(points_settings const& s, std::ostream& out, std::ostream& err) {
  auto prog = s.preset.empty() ? wellness::load_programme(s.programme) : wellness::load_preset(s.preset);
  if (!prog) {
    err << "cannot load the programme: " << prog.err().detail << "\n";
    return 2;
  }
  std::ifstream in(s.file);
  if (!in) {
    err << "cannot read " << s.file << "\n";
    return 2;
  }
  auto st = store::memory_store::open({});
  if (!st) {
    err << "cannot open an in-memory store: " << st.err().detail << "\n";
    return 2;
  }
  epoch_ms now = 0;
  auto svc = ps::points_service::open(std::move(*prog), **st, [&now] { return now; });
  if (!svc) {
    err << "cannot start the points service: " << svc.err().detail << "\n";
    return 2;
  }
  replayer r(**svc, now);
  auto const t0 = std::chrono::steady_clock::now();
  std::size_t lines = 0, bad = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++lines;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (auto a = r.apply(line); !a) {
      if (++bad <= kMaxBadLinesShown) err << fmt::format("{}:{}: {}\n", s.file, lines, a.err().detail);
    }
    if (s.progress_every != 0 && lines % s.progress_every == 0) {
      double const secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      err << fmt::format("replay: {} lines in {:.1f} s ({:.0f} lines/s), {} bad, at {}\n", lines, secs,
                         static_cast<double>(lines) / std::max(secs, 1e-9), bad, format_iso8601(now));
    }
  }
  if (bad > kMaxBadLinesShown) err << fmt::format("... {} more bad lines\n", bad - kMaxBadLinesShown);
  auto summary = summarize(**svc, r, lines, bad);
  bool verified = true;
  if (s.verify) {
    auto v = (*svc)->verify();
    verified = v.at("ok").as_bool();
    if (!verified) {
      for (auto const& p : v.at("problems").as_array()) err << "verify: " << p.as_string().c_str() << "\n";
    }
    summary["verify"] = std::move(v);
  }
  if (s.json) {
    out << dump(summary) << "\n";
  } else {
    print_text(out, summary);
  }
  if (!s.out.empty()) {
    std::ofstream f(s.out);
    f << dump(balances(**svc)) << "\n";
    if (!f) {
      err << "cannot write " << s.out << "\n";
      return 2;
    }
  }
  if (bad > 0) err << fmt::format("{} bad lines\n", bad);
  return bad > 0 || !verified ? 1 : 0;
}

}  // namespace cityos::app
