// SPDX-License-Identifier: Apache-2.0
#include "safety/flood_watch/routes.h"

#include "api/json_reply.h"
#include "safety/feed/query_params.h"

namespace cityos::safety::flood_watch {

namespace {

using req_t = api::http_request;
using p_t = api::route_params;

error no_service() {
  return make_error(error_code::unavailable, "the flood watch is not configured (start with --flood-watch FILE)");
}

result<std::string_view> episode_param(req_t const& q) {
  auto const* v = q.param("episode");
  if (!v) return std::string_view();
  if (*v == "flood" || *v == "predicted" || *v == "fault") return std::string_view(*v);
  return make_error(error_code::bad_request, "'episode' must be flood, predicted or fault");
}

// near=LAT,LON[&maxDistance=M] (default 5 km), or nothing.
result<std::optional<alert_filter::area>> area_param(req_t const& q) {
  auto const* near = q.param("near");
  auto const* max = q.param("maxDistance");
  if (!near) {
    if (max) return make_error(error_code::bad_request, "'maxDistance' needs 'near'");
    return std::optional<alert_filter::area>();
  }
  auto at = feed::parse_lat_lon(*near, "near");
  if (!at) return std::move(at).err();
  double radius = 5000;
  if (max) {
    auto r = feed::parse_positive(*max, "maxDistance");
    if (!r) return std::move(r).err();
    radius = *r;
  }
  return std::optional<alert_filter::area>(alert_filter::area{at->lon, at->lat, radius});
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
    alert_filter f;
    auto all = feed::parse_flag(q.param("all"), "all");
    if (!all) return std::move(all).err();
    f.all = *all;
    auto episode = episode_param(q);
    if (!episode) return std::move(episode).err();
    f.episode = *episode;
    if (auto const* station = q.param("station")) f.station = *station;
    auto near = area_param(q);
    if (!near) return std::move(near).err();
    f.near = *near;
    return api::json_reply(200, s->alerts(f));
  });
}

}  // namespace cityos::safety::flood_watch
