// SPDX-License-Identifier: Apache-2.0
#include "wellness/points_service/requests.h"

#include <initializer_list>
#include <string_view>

#include <fmt/format.h>

#include "common/time.h"

namespace cityos::wellness::points_service {

namespace {

constexpr std::size_t kMaxText = 256;

error bad(std::string msg) { return make_error(error_code::bad_request, std::move(msg)); }

// The body as an object with only `allowed` members.
result<json::object const*> object_of(json::value const& body, std::initializer_list<std::string_view> allowed) {
  if (!body.is_object()) return make_error(error_code::invalid_request, "the body must be a JSON object");
  for (auto const& [k, v] : body.get_object()) {
    bool known = false;
    for (auto a : allowed) known = known || a == k;
    if (!known) return bad(fmt::format("unknown member {}", std::string_view(k)));
  }
  return &body.get_object();
}

// A required (or optional) string of 1..256 printable characters.
result<std::string> text(json::object const& o, std::string_view name, bool required) {
  auto const* v = o.if_contains(name);
  if (!v) {
    if (required) return bad(fmt::format("{} is required", name));
    return std::string();
  }
  if (!v->is_string()) return bad(fmt::format("{} must be a string", name));
  std::string_view s = v->get_string();
  if (s.empty() || s.size() > kMaxText) return bad(fmt::format("{} must have 1 to {} characters", name, kMaxText));
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return bad(fmt::format("{} must not contain control characters", name));
  }
  return std::string(s);
}

result<std::int64_t> whole(json::object const& o, std::string_view name, bool required, std::int64_t min,
                           std::int64_t max) {
  auto const* v = o.if_contains(name);
  if (!v) {
    if (required) return bad(fmt::format("{} is required", name));
    return min;
  }
  std::int64_t n = 0;
  if (v->is_int64()) {
    n = v->get_int64();
  } else if (v->is_uint64()) {
    return bad(fmt::format("{} must be at most {}", name, max));
  } else {
    return bad(fmt::format("{} must be a whole number", name));
  }
  if (n < min || n > max) return bad(fmt::format("{} must be between {} and {}", name, min, max));
  return n;
}

result<std::string> date_member(json::object const& o, std::string_view name, bool required) {
  auto s = text(o, name, required);
  if (!s) return s;
  if (!s->empty() && !is_date(*s)) return bad(fmt::format("{} must be a date YYYY-MM-DD", name));
  return s;
}

}  // namespace

bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  auto t = parse_date(s);
  return t && format_iso8601(*t).compare(0, 10, s) == 0;
}

result<enrol_request> parse_enrol(json::value const& body) {
  auto o = object_of(body, {"person", "age", "ward", "joined"});
  if (!o) return std::move(o).err();
  enrol_request r;
  auto person = text(**o, "person", true);
  if (!person) return std::move(person).err();
  r.person = std::move(*person);
  auto age = whole(**o, "age", true, 0, 150);
  if (!age) return std::move(age).err();
  r.age = static_cast<int>(*age);
  auto ward = text(**o, "ward", false);
  if (!ward) return std::move(ward).err();
  r.ward = std::move(*ward);
  auto joined = date_member(**o, "joined", false);
  if (!joined) return std::move(joined).err();
  r.joined = std::move(*joined);
  return r;
}

result<steps_request> parse_steps(json::value const& body) {
  auto o = object_of(body, {"person", "date", "steps", "method", "hourly", "idempotencyKey"});
  if (!o) return std::move(o).err();
  steps_request r;
  auto person = text(**o, "person", true);
  if (!person) return std::move(person).err();
  r.person = std::move(*person);
  auto date = date_member(**o, "date", true);
  if (!date) return std::move(date).err();
  r.date = std::move(*date);
  auto steps = whole(**o, "steps", true, 0, 10'000'000);
  if (!steps) return std::move(steps).err();
  r.steps = *steps;
  auto method = text(**o, "method", false);
  if (!method) return std::move(method).err();
  if (*method == "manual") {
    r.method = recording_method::manual;
  } else if (!method->empty() && *method != "sensor") {
    return bad("method must be \"sensor\" or \"manual\"");
  }
  if (auto const* h = (*o)->if_contains("hourly")) {
    if (!h->is_array() || h->get_array().size() > 24) return bad("hourly must be an array of at most 24 step counts");
    std::int64_t sum = 0;
    for (auto const& v : h->get_array()) {
      if (!v.is_int64() || v.get_int64() < 0 || v.get_int64() > 1'000'000) {
        return bad("hourly must hold whole numbers of steps >= 0");
      }
      r.hourly.push_back(v.get_int64());
      sum += v.get_int64();
    }
    if (sum > r.steps) return bad(fmt::format("the hourly samples add up to {}, more than steps ({})", sum, r.steps));
  }
  auto key = text(**o, "idempotencyKey", false);
  if (!key) return std::move(key).err();
  r.idempotency_key = std::move(*key);
  return r;
}

result<event_request> parse_event(json::value const& body) {
  auto o = object_of(body, {"person", "kind", "date", "eventId", "idempotencyKey"});
  if (!o) return std::move(o).err();
  event_request r;
  auto person = text(**o, "person", true);
  if (!person) return std::move(person).err();
  r.person = std::move(*person);
  auto kind = text(**o, "kind", true);
  if (!kind) return std::move(kind).err();
  auto k = event_from_name(*kind);
  if (!k) return bad("kind must be qrCheckIn, checkup, bodyComposition or transitRide");
  r.kind = *k;
  auto date = date_member(**o, "date", true);
  if (!date) return std::move(date).err();
  r.date = std::move(*date);
  auto id = text(**o, "eventId", false);
  if (!id) return std::move(id).err();
  r.event_id = std::move(*id);
  auto key = text(**o, "idempotencyKey", false);
  if (!key) return std::move(key).err();
  r.idempotency_key = std::move(*key);
  return r;
}

result<review_request> parse_review(json::value const& body) {
  auto o = object_of(body, {"decision", "note"});
  if (!o) return std::move(o).err();
  review_request r;
  auto d = text(**o, "decision", true);
  if (!d) return std::move(d).err();
  if (*d != "approve" && *d != "reject") return bad("decision must be \"approve\" or \"reject\"");
  r.approve = *d == "approve";
  auto note = text(**o, "note", false);
  if (!note) return std::move(note).err();
  r.note = std::move(*note);
  return r;
}

result<redeem_request> parse_redeem(json::value const& body) {
  auto o = object_of(body, {"person", "points", "merchant", "reference", "description"});
  if (!o) return std::move(o).err();
  redeem_request r;
  auto person = text(**o, "person", true);
  if (!person) return std::move(person).err();
  r.person = std::move(*person);
  auto pts = whole(**o, "points", true, 1, 1'000'000'000);
  if (!pts) return std::move(pts).err();
  r.points = *pts;
  auto merchant = text(**o, "merchant", true);
  if (!merchant) return std::move(merchant).err();
  r.merchant = std::move(*merchant);
  auto ref = text(**o, "reference", true);
  if (!ref) return std::move(ref).err();
  r.reference = std::move(*ref);
  auto desc = text(**o, "description", false);
  if (!desc) return std::move(desc).err();
  r.description = std::move(*desc);
  return r;
}

result<adjust_request> parse_adjust(json::value const& body) {
  auto o = object_of(body, {"person", "points", "reason"});
  if (!o) return std::move(o).err();
  adjust_request r;
  auto person = text(**o, "person", true);
  if (!person) return std::move(person).err();
  r.person = std::move(*person);
  auto pts = whole(**o, "points", true, -1'000'000'000, 1'000'000'000);
  if (!pts) return std::move(pts).err();
  if (*pts == 0) return bad("points must not be 0");
  r.points = *pts;
  auto reason = text(**o, "reason", true);
  if (!reason) return std::move(reason).err();
  r.reason = std::move(*reason);
  return r;
}

}  // namespace cityos::wellness::points_service
