// SPDX-License-Identifier: Apache-2.0
#include "safety/shelters/routes.h"

#include <cmath>

#include "api/json_reply.h"
#include "safety/feed/query_params.h"

namespace cityos::safety::shelters {

namespace {

using req_t = api::http_request;
using p_t = api::route_params;

result<nearest_query> read_query(req_t const& q) {
  nearest_query out;
  auto const* near = q.param("near");
  if (!near) return make_error(error_code::bad_request, "'near' is required: near=LATITUDE,LONGITUDE");
  auto at = feed::parse_lat_lon(*near, "near");
  if (!at) return std::move(at).err();
  out.lon = at->lon;
  out.lat = at->lat;
  if (auto const* l = q.param("limit")) {
    auto const v = feed::parse_positive(*l, "limit");
    if (!v || *v > 100 || *v != std::floor(*v)) {
      return make_error(error_code::bad_request, "'limit' must be a whole number from 1 to 100");
    }
    out.limit = static_cast<std::size_t>(*v);
  }
  if (auto const* m = q.param("maxDistance")) {
    auto const v = feed::parse_positive(*m, "maxDistance");
    if (!v) return std::move(v).err();
    out.max_distance_m = *v;
  }
  auto all = feed::parse_flag(q.param("all"), "all");
  if (!all) return std::move(all).err();
  out.available_only = !*all;
  return out;
}

}  // namespace

void add_shelter_routes(api::router& r, shelter_directory const& d) {
  r.add("GET", "/api/v1/safety/shelters", [&d](req_t& q, p_t const&) -> result<api::http_response> {
    auto query = read_query(q);
    if (!query) return std::move(query).err();
    json::array out;
    for (auto const& n : d.nearest(*query)) out.push_back(nearby_json(n));
    json::object walking{{"detourFactor", d.walking().detour_factor},
                         {"metresPerMinute", d.walking().metres_per_minute}};
    return api::json_reply(200, json::object{{"shelters", std::move(out)}, {"walking", std::move(walking)}});
  });
}

}  // namespace cityos::safety::shelters
