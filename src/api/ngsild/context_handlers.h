// SPDX-License-Identifier: Apache-2.0
// Handlers of /ngsi-ld/v1/jsonldContexts (GS CIM 009 clause 5.13): store a
// client's @context (Hosted, kept in the store so it survives restarts), list,
// serve and delete stored contexts, Cached ones included.
#pragma once

#include "api/http/message.h"
#include "api/ngsild/broker.h"
#include "common/result.h"

namespace cityos::api {

// Loads the Hosted contexts kept in the store into the resolver (at start-up).
void load_hosted_contexts(broker const& b);

result<http_response> add_context(broker const& b, http_request& req);
result<http_response> list_contexts(broker const& b, http_request& req);
result<http_response> get_context(broker const& b, http_request& req, std::string const& id);
result<http_response> delete_context(broker const& b, http_request& req, std::string const& id);

}  // namespace cityos::api
