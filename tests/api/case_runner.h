// SPDX-License-Identifier: Apache-2.0
// Runs one API case file (tests/api/cases/<feature>/<name>.json) against a
// running broker: each step sends a request and checks status, headers and
// body. The format is described in tests/api/cases/README.md. Not thread-safe:
// one case_runner per case.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "api/http/http_client.h"
#include "common/json.h"

namespace cityos::api {

struct case_env {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  std::filesystem::path case_dir;   // relative "bodyFile" paths start here
  std::filesystem::path suite_dir;  // "ngsild-testsuite:" paths start here
  std::map<std::string, std::string> vars;  // predefined ${name} values
};

// Compares `actual` with `expected`: objects as a subset (every expected
// member present and equal; with `exact`, no extra members), arrays element
// by element with equal length (in any order when `unordered`), numbers by
// value. Members named in `ignore` are skipped at any depth. Returns "" when
// they match, else a description naming the JSON path of the first mismatch.
std::string compare_json(json::value const& expected, json::value const& actual, bool exact,
                         bool unordered, json::array const& ignore, std::string const& path = "");

// One request as sent (for the failure report).
struct case_request {
  std::string method = "GET";
  std::string path = "/";
  client_headers headers;
  std::string body;
};

class case_runner {
 public:
  explicit case_runner(case_env env);

  // Runs every step of the case `c` in order, stopping at the first failure.
  // Returns "" on success, else a report: step index, request, expected and
  // actual response.
  std::string run(json::object const& c);

 private:
  std::string run_step(std::size_t index, json::object const& step);
  case_request build_request(json::object const& req) const;
  std::string check(json::object const& exp, client_response const& resp,
                    json::value const& actual, bool is_json) const;
  std::string capture(json::object const& step, client_response const& resp,
                      json::value const& actual);
  std::string substitute(std::string_view s) const;
  json::value substitute(json::value const& v) const;
  json::value load_file(std::string const& ref) const;

  case_env env_;
  std::map<std::string, std::string> vars_;  // name -> captured value
};

}  // namespace cityos::api
