// SPDX-License-Identifier: Apache-2.0
// What the NGSI-LD handlers share: the store, the @context resolver and the
// limits. Owned by the app; handlers hold a const reference. The referenced
// objects must outlive every handler call.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "api/ngsild/render_cache.h"
#include "common/result.h"
#include "ngsild/jsonld/context_resolver.h"
#include "store/store.h"

namespace cityos::api {

struct broker_limits {
  std::size_t default_limit = 20;
  std::size_t max_limit = 1000;       // larger `limit` -> 403 TooManyResults
  std::size_t max_batch = 10'000;     // entities in one batch request
};

// Observes every accepted entity write (for subscriptions, a later issue):
// tenant, entity id, the entity before (null if created) and after (null if
// deleted). Called after the store accepted the write, before it is durable.
using write_observer = std::function<void(std::string_view tenant, std::string_view id,
                                          store::entity_ptr const& before,
                                          store::entity_ptr const& after)>;

struct broker {
  store::store& store;
  ngsild::context_resolver& contexts;
  broker_limits limits;
  std::function<std::string()> now;  // ISO 8601 time stamp of "now"
  // Base URL clients reach us at (for hosted @context URLs); thread-safe.
  std::function<std::string()> public_url;
  // Rendered entity texts for reuse (null: render every time).
  render_cache* renders = nullptr;
};

// The error for a missing entity (404 ResourceNotFound).
inline error entity_not_found(std::string_view id) {
  return make_error(error_code::not_found, "entity '" + std::string(id) + "' not found");
}

// Reads need an existing tenant; the default tenant ("") always exists.
// Errors: nonexistent_tenant.
inline result<void> require_tenant(broker const& b, std::string_view tenant) {
  if (tenant.empty() || b.store.has_tenant(tenant)) return {};
  return make_error(error_code::nonexistent_tenant,
                    "tenant '" + std::string(tenant) + "' does not exist");
}

}  // namespace cityos::api
