// SPDX-License-Identifier: Apache-2.0
// Maps method + path to a handler and turns handler errors into problem
// responses (through problem_details, the only place that does). Unknown paths
// answer 404, a known path with another method 405 with an Allow header.
// Routes are registered before serving; handle() is then thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http/message.h"
#include "common/result.h"

namespace cityos::api {

// Path parameters of a matched route, percent-decoded, in pattern order.
struct route_params {
  std::vector<std::pair<std::string, std::string>> values;
  std::string const& operator[](std::string_view name) const;
};

using route_handler = std::function<result<http_response>(http_request&, route_params const&)>;
// Observes every handled request: route pattern ("" if none), method, status, seconds.
using request_observer = std::function<void(std::string_view route, std::string_view method,
                                            int status, double seconds)>;

class router {
 public:
  // Registers `handler` for `method` and `pattern` ("/ngsi-ld/v1/entities/{entityId}").
  void add(std::string method, std::string pattern, route_handler handler);
  void set_observer(request_observer observer) { observer_ = std::move(observer); }
  // Dispatches `req`. Never throws; handler exceptions become 500 responses.
  http_response handle(http_request& req) const;

 private:
  struct route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // "{name}" marks a parameter
    route_handler handler;
  };
  bool match(route const& r, std::vector<std::string_view> const& segments,
             route_params& params) const;

  std::vector<route> routes_;
  request_observer observer_;
};

// Decodes %XX escapes in `s`; returns nullopt for a malformed escape.
std::optional<std::string> percent_decode(std::string_view s);

}  // namespace cityos::api
