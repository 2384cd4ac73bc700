// SPDX-License-Identifier: Apache-2.0
#include "mobility/journeys/plan_request.h"

#include <charconv>
#include <cmath>

#include "mobility/journeys/detail/parameter_error.h"

namespace cityos::mobility::journeys {

namespace {

error bad(std::string_view what, std::string const& why) { return detail::parameter_error(what, why); }

std::string number_text(double v) {
  auto s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

bool valid_lang(std::string const& s) {
  if (s.empty() || s.size() > 35) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  return true;
}

}  // namespace

result<bool> parse_flag(std::string const& text, std::string_view what) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return bad(what, "must be true or false, got '" + text + "'");
}

result<long> parse_whole(std::string const& text, std::string_view what, long lo, long hi) {
  long v = 0;
  auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    return bad(what, "must be a whole number, got '" + text + "'");
  if (v < lo || v > hi) return bad(what, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  return v;
}

result<double> parse_decimal(std::string const& text, std::string_view what, double lo, double hi) {
  double v = 0;
  auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
    return bad(what, "must be a number, got '" + text + "'");
  if (v < lo || v > hi) return bad(what, "must be between " + number_text(lo) + " and " + number_text(hi));
  return v;
}

result<std::string> parse_lang(std::string const& text, std::string_view what) {
  if (!valid_lang(text)) return bad(what, "must be a language tag such as ja or en, got '" + text + "'");
  return text;
}

result<plan_request> make_plan_request(plan_params const& p) {
  plan_request r;
  if (!p.from) return bad("from", "is required: 'lat,lon' or 'stop:STOP_ID'");
  if (!p.to) return bad("to", "is required: 'lat,lon' or 'stop:STOP_ID'");
  if (!p.time) return bad("time", "is required: a local date-time YYYY-MM-DDTHH:MM[:SS]");
  auto from = parse_place(*p.from, "from");
  if (!from) return std::move(from).err();
  r.from = std::move(*from);
  auto to = parse_place(*p.to, "to");
  if (!to) return std::move(to).err();
  r.to = std::move(*to);
  auto when = parse_local_date_time(*p.time, "time");
  if (!when) return std::move(when).err();
  r.when = *when;
  if (p.arrive_by) {
    auto f = parse_flag(*p.arrive_by, "arriveBy");
    if (!f) return std::move(f).err();
    r.arrive_by = *f;
  }
  if (p.max_transfers) {
    auto n = parse_whole(*p.max_transfers, "maxTransfers", 0, kMaxMaxTransfers);
    if (!n) return std::move(n).err();
    r.max_transfers = static_cast<int>(*n);
  }
  if (p.max_walk) {
    auto w = parse_decimal(*p.max_walk, "maxWalk", 0, kMaxAccessWalk);
    if (!w) return std::move(w).err();
    r.max_walk_m = *w;
  }
  if (p.max_transfer_walk) {
    auto w = parse_decimal(*p.max_transfer_walk, "maxTransferWalk", 0, kMaxAccessWalk);
    if (!w) return std::move(w).err();
    r.max_transfer_walk_m = *w;
  }
  if (p.wheelchair) {
    auto f = parse_flag(*p.wheelchair, "wheelchair");
    if (!f) return std::move(f).err();
    r.wheelchair = *f;
  }
  if (p.fares) {
    auto f = parse_flag(*p.fares, "fares");
    if (!f) return std::move(f).err();
    r.fares = *f;
  }
  if (p.lang) {
    auto lang = parse_lang(*p.lang, "lang");
    if (!lang) return std::move(lang).err();
    r.lang = std::move(*lang);
  }
  return r;
}

}  // namespace cityos::mobility::journeys
