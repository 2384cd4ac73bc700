// SPDX-License-Identifier: Apache-2.0
#include "api/problem_details.h"

#include "common/json.h"

namespace cityos::api {

http_response problem_response(error const& e) {
  http_response r;
  r.status = http_status(e.code);
  r.content_type = "application/problem+json";
  json::object body;
  body["type"] = problem_type(e.code);
  body["title"] = problem_title(e.code);
  body["status"] = r.status;
  body["detail"] = e.detail;
  r.body = dump(body);
  return r;
}

}  // namespace cityos::api
