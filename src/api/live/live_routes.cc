// SPDX-License-Identifier: Apache-2.0
#include "api/live/live_routes.h"

namespace cityos::api {

namespace {

std::vector<std::string> split_types(std::string const& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto const comma = s.find(',', start);
    auto part = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!part.empty()) out.push_back(std::move(part));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

void add_live_routes(router& r, live_hub& hub) {
  r.add("GET", "/api/v1/live", [&hub](http_request& q, route_params const&) -> result<http_response> {
    std::vector<std::string> types;
    if (auto const* t = q.param("types")) types = split_types(*t);
    std::string tenant;
    if (auto const* t = q.param("tenant")) tenant = *t;
    if (tenant.empty()) {
      if (auto const* h = q.header("ngsild-tenant")) tenant = *h;
    }
    http_response res;
    res.status = 200;
    res.content_type = "text/event-stream";
    res.headers.emplace_back("Cache-Control", "no-cache");
    res.headers.emplace_back("X-Accel-Buffering", "no");
    res.stream = hub.open(std::move(tenant), std::move(types), q.access);
    return res;
  });
}

}  // namespace cityos::api
