// SPDX-License-Identifier: Apache-2.0
// Handlers of /ngsi-ld/v1/entities/{entityId}/attrs and .../attrs/{attrId}:
// append, update, partial attribute update, attribute replace and delete.
#pragma once

#include "api/http/message.h"
#include "api/ngsild/broker.h"
#include "common/result.h"

namespace cityos::api {

result<http_response> append_attributes(broker const& b, http_request& req, std::string const& id);
result<http_response> update_attributes(broker const& b, http_request& req, std::string const& id);
result<http_response> patch_attribute(broker const& b, http_request& req, std::string const& id,
                                      std::string const& attr);
result<http_response> replace_attribute(broker const& b, http_request& req, std::string const& id,
                                        std::string const& attr);
result<http_response> delete_attribute(broker const& b, http_request& req, std::string const& id,
                                       std::string const& attr);

}  // namespace cityos::api
