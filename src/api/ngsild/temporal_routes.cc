// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/temporal_routes.h"

#include <memory>

#include "api/ngsild/temporal_handlers.h"
#include "auth/guarded_store.h"

namespace cityos::api {

namespace {

// True if `a` may write every temporal entity of `tenant`: the history has no
// per-entity guard, so temporal writes need a writer grant not narrowed to
// types or ids.
bool may_write_history(auth::access const& a, std::string const& tenant) {
  for (auto const& g : a.who().grants) {
    if ((g.tenant == "*" || g.tenant == tenant) && g.level >= auth::role::writer && g.types.empty() &&
        g.id_patterns.empty()) {
      return true;
    }
  }
  return false;
}

// Runs `h(api, request, params)` seeing the store through the caller's access
// when access control is on; temporal writes need may_write_history.
template <typename H>
route_handler guarded(std::shared_ptr<temporal_api const> t, bool write, H h) {
  return [t, write, h](http_request& q, route_params const& p) -> result<http_response> {
    if (!q.access) return h(*t, q, p);
    if (write) {
      std::string tenant;
      if (auto const* x = q.header("ngsild-tenant")) tenant = *x;
      if (!may_write_history(*q.access, tenant)) {
        return make_error(error_code::forbidden,
                          "temporal writes need a writer grant on the whole tenant '" + tenant + "'");
      }
    }
    auth::guarded_store store(t->b.store, *q.access);
    broker const scoped{store, t->b.contexts, t->b.limits, t->b.now, t->b.public_url};
    temporal_api const api{scoped, t->history, t->max_instances, q.access.get()};
    return h(api, q, p);
  };
}

}  // namespace

void add_temporal_routes(router& r, broker const& b, store::history_store& history) {
  // Shared by the handlers; lives as long as the routes that hold it.
  auto t = std::make_shared<temporal_api const>(temporal_api{b, history});
  std::string const base = "/ngsi-ld/v1/temporal/entities";
  std::string const entity = base + "/{entityId}";
  std::string const attr = entity + "/attrs/{attrId}";
  std::string const instance = attr + "/{instanceId}";
  using req_t = http_request;
  using p_t = route_params;
  using t_t = temporal_api const&;
  auto read = [&r, &t](std::string method, std::string pattern, auto h) {
    r.add(std::move(method), std::move(pattern), guarded(t, false, h));
  };
  auto write = [&r, &t](std::string method, std::string pattern, auto h) {
    r.add(std::move(method), std::move(pattern), guarded(t, true, h));
  };

  read("GET", base, [](t_t t, req_t& q, p_t const&) { return query_temporal(t, q); });
  write("POST", base, [](t_t t, req_t& q, p_t const&) { return create_temporal(t, q); });
  read("GET", entity, [](t_t t, req_t& q, p_t const& p) { return retrieve_temporal(t, q, p["entityId"]); });
  write("DELETE", entity, [](t_t t, req_t& q, p_t const& p) { return delete_temporal(t, q, p["entityId"]); });
  write("POST", entity + "/attrs",
        [](t_t t, req_t& q, p_t const& p) { return add_temporal_attributes(t, q, p["entityId"]); });
  write("DELETE", attr, [](t_t t, req_t& q, p_t const& p) {
    return delete_temporal_attribute(t, q, p["entityId"], p["attrId"]);
  });
  write("PATCH", instance, [](t_t t, req_t& q, p_t const& p) {
    return patch_temporal_instance(t, q, p["entityId"], p["attrId"], p["instanceId"]);
  });
  write("DELETE", instance, [](t_t t, req_t& q, p_t const& p) {
    return delete_temporal_instance(t, q, p["entityId"], p["attrId"], p["instanceId"]);
  });
  read("POST", "/ngsi-ld/v1/temporal/entityOperations/query",
        [](t_t t, req_t& q, p_t const&) { return query_temporal_post(t, q); });
}

}  // namespace cityos::api
