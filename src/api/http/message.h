// SPDX-License-Identifier: Apache-2.0
// The HTTP request and response as handlers see them: plain values, no Beast
// types, so handlers can be called in tests without a socket.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cityos::auth {
class access;  // auth/access_policy.h
}

namespace cityos::api {

// A response body produced over time (server-sent events). The server sends
// the status and headers, then asks for chunk after chunk with next() and
// writes each, until the stream ends or the client goes away; the connection
// closes afterwards.
class response_stream {
 public:
  // Gets the next chunk: `ready` is called once, from any thread, with the
  // chunk or with nullopt when the stream has ended.
  using ready_fn = std::function<void(std::optional<std::string> chunk)>;
  virtual ~response_stream() = default;
  // The server calls next() again only after `ready` ran.
  virtual void next(ready_fn ready) = 0;
  // The client went away or the server stops: drop any pending `ready`
  // without calling it; next() is not called any more.
  virtual void cancel() = 0;
};

struct http_request {
  std::string method;   // "GET", "POST", ... (upper case)
  std::string target;   // raw target: path + "?" + query, still percent-encoded
  std::string path;     // decoded path without the query
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  bool has_content_length = false;  // the request carried Content-Length or chunked body
  std::string remote;               // client address (ip:port), set by the server
  // The caller's rights, set by the access gate; null when access control is off.
  std::shared_ptr<auth::access const> access;

  // Returns the first header named `name` (lower case), or nullptr.
  std::string const* header(std::string_view name) const {
    for (auto const& [k, v] : headers) {
      if (k == name) return &v;
    }
    return nullptr;
  }
  // Returns the first query parameter named `name`, or nullptr.
  std::string const* param(std::string_view name) const {
    for (auto const& [k, v] : query) {
      if (k == name) return &v;
    }
    return nullptr;
  }
};

struct http_response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type/Length
  std::string content_type;  // empty: no body expected
  std::string body;
  // The server sends the response only once the store has made this commit
  // durable (0: send at once).
  std::uint64_t wait_seq = 0;
  // Set: wait_seq is a seq of this log instead of the store's (a service's own
  // log, e.g. the points ledger): it calls `done` once `seq` is durable. It
  // must outlive the server.
  std::function<void(std::uint64_t seq, std::function<void()> done)> const* wait_via = nullptr;
  // Set: the body is this stream instead of `body` (no Content-Length).
  std::shared_ptr<response_stream> stream;
};

}  // namespace cityos::api
