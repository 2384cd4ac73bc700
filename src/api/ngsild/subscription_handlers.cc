// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/subscription_handlers.h"

#include <limits>

#include "api/ngsild/entity_filter.h"
#include "api/ngsild/ld_request.h"
#include "auth/access_policy.h"
#include "ngsild/entity/entity_input.h"

namespace cityos::api {
namespace {

constexpr std::string_view kBase = "/ngsi-ld/v1/subscriptions";

result<void> check_id(std::string const& id) {
  if (ngsild::is_uri(id)) return {};
  return make_error(error_code::bad_request, "subscription id '" + id + "' is not a URI");
}

// Reads of a tenant need it to exist (entities or subscriptions).
result<void> require_sub_tenant(broker const& b, subscription_registry const& subs,
                                std::string_view tenant) {
  if (subs.has_tenant(tenant)) return {};
  return require_tenant(b, tenant);
}

http_response status_only(int status, store::commit_seq seq) {
  http_response r;
  r.status = status;
  r.wait_seq = seq;
  return r;
}

// With access control on, a subscription is visible to its owner and to the
// tenant's admins only; to anyone else it does not exist.
bool may_see(http_request const& req, subscription_registry const& subs, std::string const& tenant,
             std::string const& id) {
  if (!req.access) return true;
  if (req.access->tenant_role(tenant) == auth::role::admin) return true;
  auto d = subs.definition(tenant, id);
  if (!d) return true;  // not_found follows anyway
  auto const* owner = d->owner.if_contains("id");
  return owner != nullptr && owner->is_string() && owner->get_string() == req.access->who().id;
}

error subscription_not_found(std::string const& id) {
  return make_error(error_code::not_found, "subscription '" + id + "' not found");
}

result<http_response> create(broker const& b, subscription_registry& subs, http_request& req) {
  auto lr = read_ld_request(req, b.contexts, {.expects_body = true});
  if (!lr) return std::move(lr).err();
  auto const* body = lr->body->if_object();
  if (!body) return make_error(error_code::bad_request, "a Subscription must be a JSON object");
  json::object doc = *body;
  doc.erase("@context");
  auto s = parse_subscription(std::move(doc), lr->tenant, lr->context_value, lr->ctx);
  if (!s) return std::move(s).err();
  if (req.access) s->owner = auth::owner_doc(req.access->who());
  auto created = subs.create(std::move(*s));
  if (!created) return std::move(created).err();
  http_response r = status_only(201, created->second);
  r.headers.emplace_back("Location", std::string(kBase) + "/" + created->first);
  return r;
}

result<http_response> list(broker const& b, subscription_registry& subs, http_request& req) {
  auto lr = read_ld_request(req, b.contexts, {});
  if (!lr) return std::move(lr).err();
  auto limit = read_size_param(req, "limit", b.limits.default_limit);
  if (!limit) return std::move(limit).err();
  if (*limit > b.limits.max_limit) {
    return make_error(error_code::too_many_results,
                      "limit exceeds the maximum of " + std::to_string(b.limits.max_limit));
  }
  auto offset = read_size_param(req, "offset", 0);
  if (!offset) return std::move(offset).err();
  if (auto r = require_sub_tenant(b, subs, lr->tenant); !r) return std::move(r).err();
  json::array out;
  std::size_t total = 0;
  if (!req.access) {
    auto [page, n] = subs.list(lr->tenant, *offset, *limit);
    for (auto& s : page) out.emplace_back(std::move(s));
    total = n;
  } else {  // only the visible ones, paged after filtering
    auto [all, n] = subs.list(lr->tenant, 0, std::numeric_limits<std::size_t>::max());
    for (auto& s : all) {
      auto const* id = s.if_contains("id");
      if (id == nullptr || !id->is_string() || !may_see(req, subs, lr->tenant, std::string(id->get_string()))) continue;
      if (total++ >= *offset && out.size() < *limit) out.emplace_back(std::move(s));
    }
  }
  http_response resp = json_response(*lr, std::move(out));
  if (wants_count(req) || has_option(req, "count")) {
    resp.headers.emplace_back("NGSILD-Results-Count", std::to_string(total));
  }
  return resp;
}

result<http_response> retrieve(broker const& b, subscription_registry& subs, http_request& req,
                               std::string const& id) {
  auto lr = read_ld_request(req, b.contexts, {});
  if (!lr) return std::move(lr).err();
  if (auto r = check_id(id); !r) return std::move(r).err();
  if (auto r = require_sub_tenant(b, subs, lr->tenant); !r) return std::move(r).err();
  if (!may_see(req, subs, lr->tenant, id)) return subscription_not_found(id);
  auto s = subs.get(lr->tenant, id);
  if (!s) return std::move(s).err();
  return json_response(*lr, std::move(*s));
}

result<http_response> update(broker const& b, subscription_registry& subs, http_request& req,
                             std::string const& id) {
  auto lr = read_ld_request(req, b.contexts, {.expects_body = true});
  if (!lr) return std::move(lr).err();
  if (auto r = check_id(id); !r) return std::move(r).err();
  auto const* fragment = lr->body->if_object();
  if (!fragment) return make_error(error_code::bad_request, "a Subscription fragment must be an object");
  if (fragment->empty() || (fragment->size() == 1 && fragment->contains("@context"))) {
    return make_error(error_code::bad_request, "the Subscription fragment is empty");
  }
  if (!may_see(req, subs, lr->tenant, id)) return subscription_not_found(id);
  auto current = subs.definition(lr->tenant, id);
  if (!current) return std::move(current).err();
  auto merged = merge_subscription_doc(current->doc, *fragment);
  if (!merged) return std::move(merged).err();
  auto s = parse_subscription(std::move(*merged), lr->tenant, current->context_value, current->ctx);
  if (!s) return std::move(s).err();
  s->id = id;
  s->owner = current->owner;
  auto seq = subs.replace(std::move(*s));
  if (!seq) return std::move(seq).err();
  return status_only(204, *seq);
}

result<http_response> remove(broker const& b, subscription_registry& subs, http_request& req,
                             std::string const& id) {
  auto lr = read_ld_request(req, b.contexts, {});
  if (!lr) return std::move(lr).err();
  if (auto r = check_id(id); !r) return std::move(r).err();
  if (!may_see(req, subs, lr->tenant, id)) return subscription_not_found(id);
  auto seq = subs.remove(lr->tenant, id);
  if (!seq) return std::move(seq).err();
  return status_only(204, *seq);
}

}  // namespace

void add_subscription_routes(router& r, broker const& b, subscription_registry& subs) {
  std::string const base(kBase);
  std::string const one = base + "/{subscriptionId}";
  r.add("POST", base, [&b, &subs](http_request& q, route_params const&) { return create(b, subs, q); });
  r.add("GET", base, [&b, &subs](http_request& q, route_params const&) { return list(b, subs, q); });
  r.add("GET", one, [&b, &subs](http_request& q, route_params const& p) {
    return retrieve(b, subs, q, p["subscriptionId"]);
  });
  r.add("PATCH", one, [&b, &subs](http_request& q, route_params const& p) {
    return update(b, subs, q, p["subscriptionId"]);
  });
  r.add("DELETE", one, [&b, &subs](http_request& q, route_params const& p) {
    return remove(b, subs, q, p["subscriptionId"]);
  });
}

}  // namespace cityos::api
