// SPDX-License-Identifier: Apache-2.0
// The durable form of a subscription in the store's "subscriptions" document
// collection: {"tenant", "context", "doc", "owner"?}, and reading it back.
#pragma once

#include "api/subscriptions/subscription.h"
#include "common/json.h"
#include "common/result.h"
#include "ngsild/jsonld/context_resolver.h"

namespace cityos::api {

json::object stored_doc(subscription const& s);

// Parses a stored document, resolving its @context through `contexts`.
// Errors: bad_request (not a stored subscription, or an invalid one),
// ld_context_not_available (its @context cannot be resolved any more).
result<subscription> load_stored(json::value const& stored, ngsild::context_resolver& contexts);

}  // namespace cityos::api
