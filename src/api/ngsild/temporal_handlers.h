// SPDX-License-Identifier: Apache-2.0
// Handlers of the NGSI-LD temporal API (/ngsi-ld/v1/temporal/..., GS CIM 009
// v1.9.1 6.18-6.24, 5.7): parse -> validate -> history store -> render.
// Entities are selected by id/type/idPattern on their history and by q,
// geo-query and scopeQ on their current state (the entity must exist now).
// Each returns the response or an error the router maps to ProblemDetails.
#pragma once

#include <cstddef>
#include <string>

#include "api/http/message.h"
#include "api/ngsild/broker.h"
#include "common/result.h"
#include "store/history/history.h"

namespace cityos::auth {
class access;
}

namespace cityos::api {

// What the temporal handlers share; the references must outlive every call.
struct temporal_api {
  broker const& b;
  store::history_store& history;
  // Instances per attribute in one response; beyond it the response is a 206
  // with Content-Range (see temporal_paging.h).
  std::size_t max_instances = 1000;
  // The caller's access when access control is on (then b.store is guarded):
  // queries return only the temporal entities the caller may read.
  auth::access const* access = nullptr;
};

result<http_response> query_temporal(temporal_api const& t, http_request& req);
result<http_response> query_temporal_post(temporal_api const& t, http_request& req);
result<http_response> create_temporal(temporal_api const& t, http_request& req);
result<http_response> retrieve_temporal(temporal_api const& t, http_request& req,
                                        std::string const& id);
result<http_response> delete_temporal(temporal_api const& t, http_request& req,
                                      std::string const& id);
result<http_response> add_temporal_attributes(temporal_api const& t, http_request& req,
                                              std::string const& id);
result<http_response> delete_temporal_attribute(temporal_api const& t, http_request& req,
                                                std::string const& id, std::string const& attr);
result<http_response> patch_temporal_instance(temporal_api const& t, http_request& req,
                                              std::string const& id, std::string const& attr,
                                              std::string const& instance_id);
result<http_response> delete_temporal_instance(temporal_api const& t, http_request& req,
                                               std::string const& id, std::string const& attr,
                                               std::string const& instance_id);

}  // namespace cityos::api
