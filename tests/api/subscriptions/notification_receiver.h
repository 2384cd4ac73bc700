// SPDX-License-Identifier: Apache-2.0
// A notification endpoint for tests: an HTTP server on an ephemeral loopback
// port that records every request and answers `status` (204 by default),
// optionally after a delay.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/http/server.h"
#include "common/json.h"

namespace cityos::api::testing {

struct received {
  std::string path;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower case
  std::string body;
  json::value json() const {
    auto v = parse_json(body);
    return v ? std::move(*v) : json::value();
  }
  std::string header(std::string_view name) const {
    for (auto const& [k, v] : headers) {
      if (k == name) return v;
    }
    return {};
  }
};

class notification_receiver {
 public:
  explicit notification_receiver(int status = 204, std::chrono::milliseconds delay = {})
      : status_(status), delay_(delay) {
    server_options o;
    o.port = 0;
    o.threads = 2;
    auto r = server_.start(o, [this](http_request& req) { return on_request(req); });
    started_ = r.ok();
  }
  ~notification_receiver() { server_.stop(std::chrono::milliseconds(0)); }

  bool started() const { return started_; }
  std::string url(std::string_view path = "/notify") const {
    return "http://127.0.0.1:" + std::to_string(server_.port()) + std::string(path);
  }
  // Waits until at least `n` requests arrived (or `timeout`); returns all so far.
  std::vector<received> wait_for(std::size_t n,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, timeout, [&] { return got_.size() >= n; });
    return got_;
  }
  std::size_t count() {
    std::lock_guard lock(mutex_);
    return got_.size();
  }

 private:
  http_response on_request(http_request& req) {
    if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
    {
      std::lock_guard lock(mutex_);
      got_.push_back({req.path, req.headers, req.body});
    }
    cv_.notify_all();
    http_response r;
    r.status = status_;
    return r;
  }

  int status_;
  std::chrono::milliseconds delay_;
  http_server server_;
  bool started_ = false;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<received> got_;
};

}  // namespace cityos::api::testing
