// SPDX-License-Identifier: Apache-2.0
#include "safety/watch_over/routes.h"

#include <algorithm>

#include "api/json_reply.h"
#include "auth/access_policy.h"

namespace cityos::safety::watch_over {

namespace {

using req_t = api::http_request;
using p_t = api::route_params;

error no_service() {
  return make_error(error_code::unavailable, "watch-over is not configured (start with --watch-over FILE)");
}

// The rule of routes.h: the person, or a carer with the person's consent.
bool may_see(auth::access const* a, watch_over::visible_alert const& v) {
  if (!a) return true;
  if (a->is_subject(v.person)) return true;
  bool const carer = std::find(v.carers.begin(), v.carers.end(), a->who().id) != v.carers.end();
  return carer && a->reaches_subject(v.person, kAlertType);
}

}  // namespace

void add_watch_over_routes(api::router& r, watch_over* s) {
  r.add("GET", "/api/v1/safety/watch/alerts", [s](req_t& q, p_t const&) -> result<api::http_response> {
    if (!s) return no_service();
    auto const* all = q.param("all");
    if (all && *all != "true" && *all != "false") {
      return make_error(error_code::bad_request, "'all' must be true or false");
    }
    json::array out;
    std::size_t shown = 0;
    for (auto& v : s->alerts(all && *all == "true")) {
      if (!may_see(q.access.get(), v)) continue;
      if (q.access) q.access->record("read", "", "watch-over:" + v.person);
      out.push_back(std::move(v.entity));
      ++shown;
    }
    return api::json_reply(200, json::object{{"alerts", std::move(out)}, {"count", shown}});
  });
}

}  // namespace cityos::safety::watch_over
