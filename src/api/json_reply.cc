// SPDX-License-Identifier: Apache-2.0
#include "api/json_reply.h"

namespace cityos::api {

http_response json_reply(int status, json::value const& body, std::uint64_t wait_seq) {
  http_response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = dump(body);
  r.wait_seq = wait_seq;
  return r;
}

result<json::value> json_body(http_request const& req) {
  if (req.body.empty()) return make_error(error_code::invalid_request, "the request needs a JSON body");
  return parse_json(req.body);
}

}  // namespace cityos::api
