// SPDX-License-Identifier: Apache-2.0
#include "wellness/points_service/routes.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "api/json_reply.h"
#include "api/problem_details.h"
#include "auth/access_policy.h"

namespace cityos::wellness::points_service {

namespace {

constexpr std::string_view kPersonalType = "HealthPoints";
constexpr std::string_view kTenant = "";

using req_t = api::http_request;
using p_t = api::route_params;

// A reply sent once `seq` of the service's transaction log is durable.
api::http_response durable_reply(points_service const& s, int status, json::value const& body, std::uint64_t seq) {
  auto r = api::json_reply(status, body, seq);
  if (seq != 0) r.wait_via = &s.waiter();
  return r;
}

api::http_response answered(points_service const& s, result<answer>&& a) {
  return durable_reply(s, a->created ? 201 : 200, a->body, a->seq);
}

error no_service() {
  return make_error(error_code::unavailable,
                    "health points are not configured (start with --points-programme FILE or --points-preset NAME)");
}

// The person a body is about ("" if it names none: the parser will say so).
std::string person_of(json::value const& body) {
  if (!body.is_object()) return {};
  auto const* p = body.get_object().if_contains("person");
  return p && p->is_string() ? std::string(p->get_string()) : std::string();
}

bool has_role(auth::access const& a, auth::role need) {
  auto r = a.tenant_role(kTenant);
  return r && *r >= need;
}

error forbidden(std::string_view what) {
  return make_error(error_code::forbidden, std::string(what));
}

// Reading a person's records: the person, or whom they consented to.
result<void> may_read_person(req_t const& q, std::string const& person) {
  auto const* a = q.access.get();
  if (!a) return {};
  if (!a->reaches_subject(person, kPersonalType)) {
    return forbidden("only the person and those they consented to (type HealthPoints) read their points");
  }
  if (a->who().subject != person) a->record("read", kTenant, "points:" + person);
  return {};
}

// Uploading or spending for a person: the person, or a writer (an app
// backend, a fare system).
result<void> may_act_for(req_t const& q, std::string const& person) {
  auto const* a = q.access.get();
  if (!a) return {};
  if (!person.empty() && !a->reaches_subject(person, kPersonalType) && !has_role(*a, auth::role::writer)) {
    return forbidden("uploads and redemptions are made by the person or by a writer of the programme");
  }
  a->record("write", kTenant, "points:" + person);
  return {};
}

result<void> need_role(req_t const& q, auth::role r, std::string_view what) {
  auto const* a = q.access.get();
  if (!a || has_role(*a, r)) return {};
  return forbidden(fmt::format("{} needs the {} role", what, auth::to_string(r)));
}

result<std::size_t> size_param(req_t const& q, std::string_view name, std::size_t fallback, std::size_t max) {
  auto const* v = q.param(name);
  if (!v) return fallback;
  std::size_t n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size() || n > max) {
    return make_error(error_code::bad_request, fmt::format("'{}' must be an integer in 0..{}", name, max));
  }
  return n;
}

// A POST whose body names the person acted for.
void add_person_post(api::router& r, points_service* s, std::string pattern,
                     result<answer> (points_service::*op)(json::value const&)) {
  r.add("POST", std::move(pattern), [s, op](req_t& q, p_t const&) -> result<api::http_response> {
    if (!s) return no_service();
    auto body = api::json_body(q);
    if (!body) return std::move(body).err();
    if (auto ok = may_act_for(q, person_of(*body)); !ok) return std::move(ok).err();
    auto a = (s->*op)(*body);
    if (!a) return std::move(a).err();
    return answered(*s, std::move(a));
  });
}

// A GET of one person's records.
void add_person_get(api::router& r, points_service* s, std::string pattern,
                    std::function<result<json::object>(points_service&, std::string const&, req_t const&)> read) {
  r.add("GET", std::move(pattern), [s, read](req_t& q, p_t const& p) -> result<api::http_response> {
    if (!s) return no_service();
    std::string const& person = p["person"];
    if (auto ok = may_read_person(q, person); !ok) return std::move(ok).err();
    auto v = read(*s, person, q);
    if (!v) return std::move(v).err();
    return api::json_reply(200, *v);
  });
}

constexpr std::size_t kMaxBatch = 1000;

// POST .../uploads/steps/batch: [upload, ...] (at most 1000), each as
// .../uploads/steps would take it -> 200 {"results": [{"status", "body"} or
// {"status", "error": ProblemDetails}]} in order, answered once all are durable.
result<api::http_response> steps_batch(points_service& s, req_t& q) {
  auto body = api::json_body(q);
  if (!body) return std::move(body).err();
  if (!body->is_array()) return make_error(error_code::invalid_request, "the body must be an array of uploads");
  auto const& items = body->get_array();
  if (items.empty() || items.size() > kMaxBatch) {
    return make_error(error_code::bad_request, fmt::format("a batch holds 1 to {} uploads", kMaxBatch));
  }
  json::array results;
  results.reserve(items.size());
  std::uint64_t wait = 0;
  for (auto const& item : items) {
    result<answer> a = may_act_for(q, person_of(item)).ok() ? s.upload_steps(item)
                                                            : result<answer>(forbidden("not allowed for this person"));
    if (a) {
      wait = std::max(wait, a->seq);
      results.emplace_back(json::object{{"status", a->created ? 201 : 200}, {"body", std::move(a->body)}});
    } else {
      auto problem = api::problem_response(a.err());
      auto parsed = parse_json(problem.body);
      results.emplace_back(json::object{{"status", problem.status},
                                        {"error", parsed ? std::move(*parsed) : json::value(a.err().detail)}});
    }
  }
  return durable_reply(s, 200, json::object{{"results", std::move(results)}}, wait);
}

}  // namespace

void add_points_routes(api::router& r, points_service* s, kpi_fn kpis) {
  add_person_post(r, s, "/api/v1/points/participants", &points_service::enrol);
  add_person_post(r, s, "/api/v1/points/uploads/steps", &points_service::upload_steps);
  add_person_post(r, s, "/api/v1/points/uploads/events", &points_service::upload_event);
  add_person_post(r, s, "/api/v1/points/redeem", &points_service::redeem);
  r.add("POST", "/api/v1/points/uploads/steps/batch", [s](req_t& q, p_t const&) -> result<api::http_response> {
    if (!s) return no_service();
    return steps_batch(*s, q);
  });

  add_person_get(r, s, "/api/v1/points/participants/{person}",
                 [](points_service& sv, std::string const& p, req_t const&) { return sv.participant(p); });
  add_person_get(r, s, "/api/v1/points/participants/{person}/balance",
                 [](points_service& sv, std::string const& p, req_t const&) { return sv.balance(p); });
  add_person_get(r, s, "/api/v1/points/participants/{person}/uploads",
                 [](points_service& sv, std::string const& p, req_t const&) { return sv.uploads(p); });
  add_person_get(r, s, "/api/v1/points/participants/{person}/receipts",
                 [](points_service& sv, std::string const& p, req_t const&) { return sv.receipts(p); });
  add_person_get(r, s, "/api/v1/points/participants/{person}/history",
                 [](points_service& sv, std::string const& p, req_t const& q) -> result<json::object> {
                   auto offset = size_param(q, "offset", 0, 1'000'000'000);
                   if (!offset) return std::move(offset).err();
                   auto limit = size_param(q, "limit", 100, 10'000);
                   if (!limit) return std::move(limit).err();
                   return sv.history(p, *offset, *limit);
                 });

  r.add("GET", "/api/v1/points/review", [s](req_t& q, p_t const&) -> result<api::http_response> {
    if (!s) return no_service();
    if (auto ok = need_role(q, auth::role::admin, "the review queue"); !ok) return std::move(ok).err();
    if (q.access) q.access->record("read", kTenant, "points:review-queue");
    return api::json_reply(200, s->review_queue());
  });
  r.add("POST", "/api/v1/points/review/{person}/{date}", [s](req_t& q, p_t const& p) -> result<api::http_response> {
    if (!s) return no_service();
    if (auto ok = need_role(q, auth::role::admin, "a review decision"); !ok) return std::move(ok).err();
    auto body = api::json_body(q);
    if (!body) return std::move(body).err();
    if (q.access) q.access->record("write", kTenant, "points:" + p["person"]);
    auto a = s->review(p["person"], p["date"], *body);
    if (!a) return std::move(a).err();
    return answered(*s, std::move(a));
  });
  r.add("POST", "/api/v1/points/adjust", [s](req_t& q, p_t const&) -> result<api::http_response> {
    if (!s) return no_service();
    if (auto ok = need_role(q, auth::role::admin, "an adjustment"); !ok) return std::move(ok).err();
    auto body = api::json_body(q);
    if (!body) return std::move(body).err();
    if (q.access) q.access->record("write", kTenant, "points:" + person_of(*body));
    auto a = s->adjust(*body);
    if (!a) return std::move(a).err();
    return answered(*s, std::move(a));
  });
  r.add("POST", "/api/v1/points/expire", [s](req_t& q, p_t const&) -> result<api::http_response> {
    if (!s) return no_service();
    if (auto ok = need_role(q, auth::role::admin, "expiring points"); !ok) return std::move(ok).err();
    auto a = s->expire_all();
    if (!a) return std::move(a).err();
    return durable_reply(*s, 200, a->body, a->seq);
  });
  r.add("GET", "/api/v1/points/ledger/verify", [s](req_t& q, p_t const&) -> result<api::http_response> {
    if (!s) return no_service();
    if (auto ok = need_role(q, auth::role::admin, "verifying the ledger"); !ok) return std::move(ok).err();
    return api::json_reply(200, s->verify());
  });
  r.add("GET", "/api/v1/points/kpis", [s, kpis](req_t& q, p_t const&) -> result<api::http_response> {
    if (!s || !kpis) return no_service();
    if (auto ok = need_role(q, auth::role::reader, "the KPIs"); !ok) return std::move(ok).err();
    std::string const from = q.param("from") ? *q.param("from") : std::string();
    std::string const to = q.param("to") ? *q.param("to") : std::string();
    auto v = kpis(from, to);
    if (!v) return std::move(v).err();
    return api::json_reply(200, *v);
  });
}

}  // namespace cityos::wellness::points_service
