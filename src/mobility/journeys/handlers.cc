// SPDX-License-Identifier: Apache-2.0
#include "mobility/journeys/handlers.h"

#include "api/json_reply.h"
#include "mobility/journeys/journey_json.h"

namespace cityos::mobility::journeys {

namespace {

constexpr double kDefaultRadius = 500, kMaxRadius = 5000;
constexpr long kDefaultLimit = 20, kMaxLimit = 100;

std::optional<std::string> param(api::http_request const& req, std::string_view name) {
  if (auto const* v = req.param(name)) return *v;
  return std::nullopt;
}

error no_feed() {
  return make_error(error_code::unavailable, "no GTFS feed is loaded (start the server with --gtfs DIR_OR_ZIP)");
}

}  // namespace

result<api::http_response> get_plan(journey_planner const* p, api::http_request const& req) {
  if (!p) return no_feed();
  plan_params params{param(req, "from"),     param(req, "to"),           param(req, "time"),
                     param(req, "arriveBy"), param(req, "maxTransfers"), param(req, "maxWalk"),
                     param(req, "lang"),     param(req, "maxTransferWalk"), param(req, "wheelchair"),
                     param(req, "fares")};
  auto r = make_plan_request(params);
  if (!r) return std::move(r).err();
  auto plan = p->plan(*r);
  if (!plan) return std::move(plan).err();
  return api::json_reply(200, plan_to_json(*plan));
}

result<api::http_response> get_stops(journey_planner const* p, api::http_request const& req) {
  if (!p) return no_feed();
  auto const* near = req.param("near");
  if (!near) return make_error(error_code::bad_request, "'near' is required: 'lat,lon'");
  auto at = parse_place(*near, "near");
  if (!at) return std::move(at).err();
  if (at->type != place::kind::coordinate) return make_error(error_code::bad_request, "'near' must be 'lat,lon'");
  double radius = kDefaultRadius;
  if (auto const* v = req.param("radius")) {
    auto d = parse_decimal(*v, "radius", 0, kMaxRadius);
    if (!d) return std::move(d).err();
    radius = *d;
  }
  long limit = kDefaultLimit;
  if (auto const* v = req.param("limit")) {
    auto n = parse_whole(*v, "limit", 1, kMaxLimit);
    if (!n) return std::move(n).err();
    limit = *n;
  }
  std::string lang;
  if (auto const* v = req.param("lang")) {
    auto l = parse_lang(*v, "lang");
    if (!l) return std::move(l).err();
    lang = std::move(*l);
  }
  auto stops = p->stops_near(at->lat, at->lon, radius, static_cast<std::size_t>(limit), lang);
  return api::json_reply(200, stops_to_json(stops));
}

}  // namespace cityos::mobility::journeys
