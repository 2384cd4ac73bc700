// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt_service/routes.h"

#include "api/json_reply.h"
#include "auth/access_policy.h"
#include "mobility/drt_service/drt_json.h"

namespace cityos::mobility::drt_service {

namespace {

error no_service() {
  return make_error(error_code::unavailable, "on-demand transport is not configured (start with --drt-fleet FILE)");
}

constexpr std::string_view kRequestType = "DrtRequest";

// A booking made with a person's token rides as that person unless it names
// its rider (an app backend booking on behalf).
void default_rider(api::http_request const& q, json::value& body) {
  if (!q.access || q.access->who().subject.empty() || !body.is_object()) return;
  auto& o = body.as_object();
  if (!o.contains("rider")) o["rider"] = q.access->who().subject;
}

// A request whose rider is personal data (DrtRequest in personalTypes) is
// shown only to the rider and those the rider consented to; to anyone else it
// does not exist (404, as the broker answers for an unreadable entity).
// Otherwise readers of the service's tenant see every request.
result<void> may_read_request(api::http_request const& q, drt_service const& s, json::object const& request) {
  auto const* a = q.access.get();
  if (!a) return {};
  if (!a->policy().is_personal_type(kRequestType)) {
    auto const r = a->tenant_role(s.tenant());
    if (r && *r >= auth::role::reader) return {};
    return make_error(error_code::forbidden, "reading on-demand requests needs the reader role");
  }
  auto const* rider = request.if_contains("rider");
  std::string const who = rider && rider->is_string() ? std::string(rider->as_string()) : std::string();
  std::string_view const id = request.at("id").as_string();
  if (who.empty() || !a->reaches_subject(who, kRequestType)) {
    return make_error(error_code::not_found, "no request '" + std::string(id) + "'");  // as drt_service::request
  }
  if (!a->is_subject(who)) a->record("read", s.tenant(), request_entity_id(id));
  return {};
}

}  // namespace

void add_drt_routes(api::router& r, drt_service* s) {
  using req_t = api::http_request;
  using p_t = api::route_params;
  r.add("POST", "/api/v1/drt/requests", [s](req_t& q, p_t const&) -> result<api::http_response> {
    if (!s) return no_service();
    auto body = api::json_body(q);
    if (!body) return std::move(body).err();
    default_rider(q, *body);
    auto d = s->submit(*body);
    if (!d) return std::move(d).err();
    return api::json_reply(d->at("accepted").as_bool() ? 201 : 200, *d);
  });
  r.add("POST", "/api/v1/drt/requests/batch", [s](req_t& q, p_t const&) -> result<api::http_response> {
    if (!s) return no_service();
    auto body = api::json_body(q);
    if (!body) return std::move(body).err();
    auto d = s->submit_batch(*body);
    if (!d) return std::move(d).err();
    return api::json_reply(200, *d);
  });
  r.add("POST", "/api/v1/drt/improve", [s](req_t& q, p_t const&) -> result<api::http_response> {
    if (!s) return no_service();
    auto body = q.body.empty() ? result<json::value>(json::object{}) : api::json_body(q);
    if (!body) return std::move(body).err();
    auto d = s->improve(*body);
    if (!d) return std::move(d).err();
    return api::json_reply(200, *d);
  });
  r.add("GET", "/api/v1/drt/requests/{id}", [s](req_t& q, p_t const& p) -> result<api::http_response> {
    if (!s) return no_service();
    auto v = s->request(p["id"]);
    if (!v) return std::move(v).err();
    if (auto ok = may_read_request(q, *s, *v); !ok) return std::move(ok).err();
    return api::json_reply(200, *v);
  });
  r.add("DELETE", "/api/v1/drt/requests/{id}", [s](req_t&, p_t const& p) -> result<api::http_response> {
    if (!s) return no_service();
    if (auto c = s->cancel(p["id"]); !c) return std::move(c).err();
    api::http_response out;
    out.status = 204;
    return out;
  });
  r.add("GET", "/api/v1/drt/vehicles", [s](req_t&, p_t const&) -> result<api::http_response> {
    if (!s) return no_service();
    return api::json_reply(200, json::object{{"vehicles", s->vehicles()}});
  });
  r.add("GET", "/api/v1/drt/vehicles/{id}/plan", [s](req_t&, p_t const& p) -> result<api::http_response> {
    if (!s) return no_service();
    auto v = s->plan(p["id"]);
    if (!v) return std::move(v).err();
    return api::json_reply(200, *v);
  });
  r.add("POST", "/api/v1/drt/vehicles/{id}/events", [s](req_t& q, p_t const& p) -> result<api::http_response> {
    if (!s) return no_service();
    auto body = api::json_body(q);
    if (!body) return std::move(body).err();
    auto e = s->event(p["id"], *body);
    if (!e) return std::move(e).err();
    return api::json_reply(200, *e);
  });
}

}  // namespace cityos::mobility::drt_service
