// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/http_context_loader.h"

#include "api/http/http_client.h"

namespace cityos::api {

result<json::value> http_context_loader::load(std::string_view url) {
  auto body = http_get(url, timeout_);
  if (!body) {
    return make_error(error_code::ld_context_not_available,
                      "cannot fetch @context " + std::string(url) + ": " + body.err().detail);
  }
  auto parsed = parse_json(*body);
  if (!parsed) {
    return make_error(error_code::ld_context_not_available,
                      "@context " + std::string(url) + " is not valid JSON");
  }
  return std::move(*parsed);
}

}  // namespace cityos::api
