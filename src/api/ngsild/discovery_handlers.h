// SPDX-License-Identifier: Apache-2.0
// Handlers of the discovery API: /ngsi-ld/v1/types, /types/{type},
// /attributes, /attributes/{attrId} (with details=true), computed from the
// tenant's current entities.
#pragma once

#include "api/http/message.h"
#include "api/ngsild/broker.h"
#include "common/result.h"

namespace cityos::api {

result<http_response> list_types(broker const& b, http_request& req);
result<http_response> type_info(broker const& b, http_request& req, std::string const& type);
result<http_response> list_attributes(broker const& b, http_request& req);
result<http_response> attribute_info(broker const& b, http_request& req, std::string const& attr);

}  // namespace cityos::api
