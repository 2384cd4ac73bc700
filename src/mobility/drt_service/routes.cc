// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt_service/routes.h"

#include "api/json_reply.h"

namespace cityos::mobility::drt_service {

namespace {

error no_service() {
  return make_error(error_code::unavailable, "on-demand transport is not configured (start with --drt-fleet FILE)");
}

}  // namespace

void add_drt_routes(api::router& r, drt_service* s) {
  using req_t = api::http_request;
  using p_t = api::route_params;
  r.add("POST", "/api/v1/drt/requests", [s](req_t& q, p_t const&) -> result<api::http_response> {
    if (!s) return no_service();
    auto body = api::json_body(q);
    if (!body) return std::move(body).err();
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
  r.add("GET", "/api/v1/drt/requests/{id}", [s](req_t&, p_t const& p) -> result<api::http_response> {
    if (!s) return no_service();
    auto v = s->request(p["id"]);
    if (!v) return std::move(v).err();
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
