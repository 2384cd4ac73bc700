// SPDX-License-Identifier: Apache-2.0
#include "safety/flood_watch/routes.h"

#include "api/json_reply.h"

namespace cityos::safety::flood_watch {

namespace {

using req_t = api::http_request;
using p_t = api::route_params;

error no_service() {
  return make_error(error_code::unavailable, "the flood watch is not configured (start with --flood-watch FILE)");
}

result<bool> flag(req_t const& q, std::string_view name) {
  auto const* v = q.param(name);
  if (!v || *v == "false") return false;
  if (*v == "true") return true;
  return make_error(error_code::bad_request, "'" + std::string(name) + "' must be true or false");
}

result<std::string_view> episode_param(req_t const& q) {
  auto const* v = q.param("episode");
  if (!v) return std::string_view();
  if (*v == "flood" || *v == "predicted" || *v == "fault") return std::string_view(*v);
  return make_error(error_code::bad_request, "'episode' must be flood, predicted or fault");
}

}  // namespace

void add_flood_watch_routes(api::router& r, flood_watch* s) {
  r.add("GET", "/api/v1/safety/rivers", [s](req_t&, p_t const&) -> result<api::http_response> {
    if (!s) return no_service();
    return api::json_reply(200, s->rivers());
  });
  r.add("GET", "/api/v1/safety/rivers/{id}", [s](req_t&, p_t const& p) -> result<api::http_response> {
    if (!s) return no_service();
    auto v = s->river(p["id"]);
    if (!v) return std::move(v).err();
    return api::json_reply(200, *v);
  });
  r.add("GET", "/api/v1/safety/alerts", [s](req_t& q, p_t const&) -> result<api::http_response> {
    if (!s) return no_service();
    auto all = flag(q, "all");
    if (!all) return std::move(all).err();
    auto episode = episode_param(q);
    if (!episode) return std::move(episode).err();
    auto const* station = q.param("station");
    return api::json_reply(200, s->alerts(*all, station ? std::string_view(*station) : std::string_view(), *episode));
  });
}

}  // namespace cityos::safety::flood_watch
