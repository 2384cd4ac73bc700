// SPDX-License-Identifier: Apache-2.0
// How the simulator writes: builds api::http_request values as an HTTP client
// would send them and hands them to a sink (the app's router::handle: the same
// handlers and validation as HTTP). Every request is also given to the
// recorder, if any; a response that is not 2xx (or an accepted status) is
// logged and counted. Without a sink requests are only recorded (answered 204).
// Not thread-safe: one simulator thread writes.
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "api/http/message.h"
#include "common/json.h"

namespace cityos::sim {

using request_sink = std::function<api::http_response(api::http_request&)>;
using request_recorder = std::function<void(api::http_request const&, api::http_response const&)>;

struct write_counts {
  std::size_t sent = 0;
  std::size_t failed = 0;  // answered other than 2xx / accepted
};

class api_writer {
 public:
  api_writer(request_sink sink, request_recorder recorder) : sink_(std::move(sink)), recorder_(std::move(recorder)) {}

  // Sends `method path?query` with a JSON body (none when `body` is null).
  // `also_ok`: statuses accepted besides 2xx (409 for "already provisioned").
  api::http_response send(std::string method, std::string path,
                          std::vector<std::pair<std::string, std::string>> query, json::value const* body,
                          std::vector<std::pair<std::string, std::string>> headers = {},
                          std::initializer_list<int> also_ok = {});
  // POST /ngsi-ld/v1/entityOperations/upsert of `entities` (normalized NGSI-LD).
  void upsert(json::array const& entities);
  // POST /ngsi-ld/v1/entityOperations/delete of `ids`.
  void remove(std::vector<std::string> const& ids);

  write_counts counts() const { return counts_; }

 private:
  request_sink sink_;
  request_recorder recorder_;
  write_counts counts_;
};

}  // namespace cityos::sim
