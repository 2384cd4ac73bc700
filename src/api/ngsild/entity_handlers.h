// SPDX-License-Identifier: Apache-2.0
// Handlers of /ngsi-ld/v1/entities and /entities/{entityId} (create, query,
// retrieve, delete, merge, replace): parse -> validate -> store -> render.
// Each returns the response or an error the router maps to ProblemDetails.
#pragma once

#include "api/http/message.h"
#include "api/ngsild/broker.h"
#include "common/result.h"

namespace cityos::api {

result<http_response> create_entity(broker const& b, http_request& req);
result<http_response> query_entities(broker const& b, http_request& req);
result<http_response> retrieve_entity(broker const& b, http_request& req, std::string const& id);
result<http_response> delete_entity(broker const& b, http_request& req, std::string const& id);
result<http_response> merge_entity(broker const& b, http_request& req, std::string const& id);
result<http_response> replace_entity(broker const& b, http_request& req, std::string const& id);

}  // namespace cityos::api
