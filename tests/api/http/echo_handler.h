// SPDX-License-Identifier: Apache-2.0
// A request handler for tests that echoes the request as JSON.
#pragma once

#include "api/http/message.h"
#include "common/json.h"

namespace cityos::api::testing {

inline http_response echo(http_request& req) {
  json::object o;
  o["method"] = req.method;
  o["target"] = req.target;
  o["path"] = req.path;
  json::array query;
  for (auto const& [k, v] : req.query) query.push_back(json::array{json::string(k), json::string(v)});
  o["query"] = std::move(query);
  json::object headers;
  for (auto const& [k, v] : req.headers) headers[k] = v;
  o["headers"] = std::move(headers);
  o["body"] = req.body;
  o["has_content_length"] = req.has_content_length;
  http_response res;
  res.content_type = "application/json";
  res.body = dump(o);
  return res;
}

}  // namespace cityos::api::testing
