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
// Observes the handled requests of one route: method, status, seconds.
using request_observer = std::function<void(std::string_view method, int status, double seconds)>;
// Makes the observer of one route pattern ("" for requests no route matched).
using observer_factory = std::function<request_observer(std::string_view route)>;

class router {
 public:
  // Registers `handler` for `method` and `pattern` ("/ngsi-ld/v1/entities/{entityId}").
  void add(std::string method, std::string pattern, route_handler handler);
  // Gives every route (and unmatched requests) an observer made by `factory`,
  // once, so that observing a request costs no lookup; later routes get one too.
  void set_observer(observer_factory factory);
  // Dispatches `req`. Never throws; handler exceptions become 500 responses.
  http_response handle(http_request& req) const;

 private:
  struct route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // "{name}" marks a parameter
    route_handler handler;
    request_observer observer;
  };
  // Whether `r` matches `segments`; its parameters are decoded into `params`
  // only once every literal segment matched.
  bool match(route const& r, std::vector<std::string_view> const& segments,
             route_params& params) const;

  std::vector<route> routes_;
  // Indexes into routes_ by segment count, in registration order (a request
  // is compared only with routes of its length).
  std::vector<std::vector<std::size_t>> by_length_;
  observer_factory factory_;
  request_observer unmatched_observer_;
};

// Decodes %XX escapes in `s`; returns nullopt for a malformed escape.
std::optional<std::string> percent_decode(std::string_view s);

}  // namespace cityos::api
