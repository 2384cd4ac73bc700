// SPDX-License-Identifier: Apache-2.0
#include "app/batch_upsert.h"

#include <algorithm>
#include <chrono>

#include <boost/url.hpp>

#include "api/http/http_client.h"

namespace cityos::app {

namespace {

// One batch upsert. Errors: unavailable (network) or internal (a status the
// batch API never answers); rejected entities are counted in `t`.
result<void> send_batch(api::http_client& client, broker_endpoint const& ep, api::client_headers const& headers,
                        std::string const& body, std::size_t count, upsert_totals& t, std::ostream& out) {
  if (!client.connected()) {
    auto c = ep.tls ? client.connect_tls(ep.host, ep.port) : client.connect(ep.host, ep.port);
    if (!c) return std::move(c).err();
  }
  auto r = client.request("POST", ep.base + "/ngsi-ld/v1/entityOperations/upsert", headers, body);
  if (!r) return std::move(r).err();
  if (r->status == 204) {
    t.sent += count;
    t.updated += count;
    return {};
  }
  auto parsed = parse_json(r->body);
  if (r->status == 201 && parsed && parsed->is_array()) {
    auto const created = parsed->get_array().size();
    t.sent += count;
    t.created += created;
    t.updated += count - std::min(count, created);
    return {};
  }
  if (r->status == 207 && parsed && parsed->is_object()) {
    auto const& o = parsed->get_object();
    auto const* errors = o.if_contains("errors");
    std::size_t const failed = errors && errors->is_array() ? errors->get_array().size() : 0;
    t.sent += count;
    t.failed += failed;
    t.updated += count - std::min(count, failed);  // created and updated are not told apart in a 207
    if (errors && errors->is_array())
      for (std::size_t i = 0; i < std::min<std::size_t>(failed, 5); ++i)
        out << "  rejected: " << dump(errors->get_array()[i]) << "\n";
    return {};
  }
  return make_error(error_code::internal, "broker answered " + std::to_string(r->status) + ": " +
                                              r->body.substr(0, 500));
}

}  // namespace

result<broker_endpoint> parse_broker_url(std::string const& url) {
  auto u = boost::urls::parse_uri(url);
  if (!u) return make_error(error_code::bad_request, "malformed broker URL '" + url + "'");
  broker_endpoint e;
  auto const scheme = std::string(u->scheme());
  if (scheme != "http" && scheme != "https")
    return make_error(error_code::bad_request, "broker URL must be http:// or https://, not '" + url + "'");
  e.tls = scheme == "https";
  e.host = u->host_address();
  if (e.host.empty()) return make_error(error_code::bad_request, "broker URL without a host: '" + url + "'");
  e.port = u->has_port() ? u->port_number() : (e.tls ? 443 : 80);
  e.base = u->encoded_path();
  while (!e.base.empty() && e.base.back() == '/') e.base.pop_back();
  return e;
}

result<void> upsert_entities(broker_endpoint const& ep, upsert_request const& request,
                             std::vector<json::object> const& entities, upsert_totals& t, std::ostream& out,
                             std::function<void(std::size_t, std::size_t)> const& progress) {
  api::client_headers headers{{"Content-Type", "application/json"}};
  if (!request.tenant.empty()) headers.emplace_back("NGSILD-Tenant", request.tenant);
  if (!request.context.empty())
    headers.emplace_back("Link", "<" + request.context +
                                     ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
  api::http_client client(std::chrono::seconds(60));
  std::size_t const total = entities.size();
  std::size_t const batch = std::clamp<std::size_t>(request.batch_size, 1, 1000);
  for (std::size_t first = 0; first < total; first += batch) {
    std::size_t const n = std::min(batch, total - first);
    std::string body = "[";
    for (std::size_t i = first; i < first + n; ++i) {
      if (i > first) body += ',';
      dump_to(entities[i], body);
    }
    body += ']';
    if (auto sent = send_batch(client, ep, headers, body, n, t, out); !sent) return sent;
    if (progress) progress(t.sent, total);
  }
  return {};
}

}  // namespace cityos::app
