// SPDX-License-Identifier: Apache-2.0
#include "sim/api_writer.h"

#include <algorithm>
#include <cctype>

#include <spdlog/spdlog.h>

namespace cityos::sim {

namespace {

// Percent-encodes a query component.
std::string encode(std::string const& s) {
  static char const* const kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ':') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

api::http_response api_writer::send(std::string method, std::string path,
                                    std::vector<std::pair<std::string, std::string>> query, json::value const* body,
                                    std::vector<std::pair<std::string, std::string>> headers,
                                    std::initializer_list<int> also_ok) {
  api::http_request req;
  req.method = std::move(method);
  req.target = path;
  for (std::size_t i = 0; i < query.size(); ++i) {
    req.target += (i == 0 ? "?" : "&") + encode(query[i].first) + "=" + encode(query[i].second);
  }
  req.path = std::move(path);
  req.query = std::move(query);
  req.headers = std::move(headers);
  req.remote = "127.0.0.1:0";
  if (body) {
    req.headers.emplace_back("content-type", "application/json");
    req.body = dump(*body);
    req.has_content_length = true;
  }
  api::http_response resp;
  resp.status = 204;
  if (sink_) resp = sink_(req);
  ++counts_.sent;
  if (recorder_) recorder_(req, resp);
  bool const ok = (resp.status >= 200 && resp.status < 300) ||
                  std::find(also_ok.begin(), also_ok.end(), resp.status) != also_ok.end();
  if (!ok) {
    ++counts_.failed;
    spdlog::warn("sim: {} {} -> {}: {}", req.method, req.target, resp.status, resp.body.substr(0, 300));
  }
  return resp;
}

void api_writer::upsert(json::array const& entities) {
  if (entities.empty()) return;
  json::value body = entities;
  send("POST", "/ngsi-ld/v1/entityOperations/upsert", {}, &body);
}

void api_writer::remove(std::vector<std::string> const& ids) {
  if (ids.empty()) return;
  json::array a;
  for (auto const& id : ids) a.emplace_back(id);
  json::value body = std::move(a);
  send("POST", "/ngsi-ld/v1/entityOperations/delete", {}, &body);
}

}  // namespace cityos::sim
