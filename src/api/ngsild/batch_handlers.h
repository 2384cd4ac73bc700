// SPDX-License-Identifier: Apache-2.0
// Handlers of /ngsi-ld/v1/entityOperations/{create,upsert,update,delete,merge,
// query}. Each entity is validated and applied on its own: one bad entity
// never blocks the others and no entity is ever half-written; the response
// lists the successes and the per-entity errors (201/204/207 as the spec says).
#pragma once

#include "api/http/message.h"
#include "api/ngsild/broker.h"
#include "common/result.h"

namespace cityos::api {

enum class batch_kind { create, upsert, update, merge };

result<http_response> batch_write(broker const& b, http_request& req, batch_kind kind);
result<http_response> batch_delete(broker const& b, http_request& req);
result<http_response> batch_query(broker const& b, http_request& req);

}  // namespace cityos::api
