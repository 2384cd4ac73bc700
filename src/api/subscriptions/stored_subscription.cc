// SPDX-License-Identifier: Apache-2.0
#include "api/subscriptions/stored_subscription.h"

namespace cityos::api {

json::object stored_doc(subscription const& s) {
  json::object o;
  o["tenant"] = s.tenant;
  o["context"] = s.context_value;
  o["doc"] = s.doc;
  if (!s.owner.empty()) o["owner"] = s.owner;
  return o;
}

result<subscription> load_stored(json::value const& stored, ngsild::context_resolver& contexts) {
  auto const* o = stored.if_object();
  if (!o || !o->contains("doc") || !o->at("doc").is_object()) {
    return make_error(error_code::bad_request, "not a stored subscription");
  }
  auto const* t = o->if_contains("tenant");
  std::string tenant = t != nullptr && t->is_string() ? std::string(t->get_string()) : std::string();
  json::value ctx_value = o->contains("context") ? o->at("context") : json::value();
  auto ctx = contexts.resolve(ctx_value);
  if (!ctx) {
    return make_error(error_code::ld_context_not_available,
                      "its @context cannot be resolved: " + ctx.err().detail);
  }
  auto s = parse_subscription(o->at("doc").get_object(), std::move(tenant), ctx_value, *ctx);
  if (!s) return s;
  if (auto const* owner = o->if_contains("owner"); owner != nullptr && owner->is_object()) {
    s->owner = owner->get_object();
  }
  return s;
}

}  // namespace cityos::api
