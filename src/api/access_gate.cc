// SPDX-License-Identifier: Apache-2.0
#include "api/access_gate.h"

#include <cmath>
#include <memory>

#include "api/problem_details.h"
#include "common/time.h"

namespace cityos::api {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

bool is_read(http_request const& req) {
  if (req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS") return true;
  return req.method == "POST" && ends_with(req.path, "/entityOperations/query");
}

// The credential of `req`: (value, is a bearer token). Empty value: none given.
std::pair<std::string_view, bool> credential(http_request const& req) {
  if (auto const* k = req.header("x-api-key")) return {*k, false};
  auto const* a = req.header("authorization");
  if (a == nullptr) return {{}, false};
  std::string_view v = *a;
  auto const sp = v.find(' ');
  if (sp == std::string_view::npos) return {v, false};
  std::string_view scheme = v.substr(0, sp), value = v.substr(sp + 1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  auto const iequal = [](std::string_view x, std::string_view y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(x[i])) != y[i]) return false;
    }
    return true;
  };
  if (iequal(scheme, "apikey")) return {value, false};
  if (iequal(scheme, "bearer")) return {value, !starts_with(value, "cityos_")};
  return {v, false};
}

}  // namespace

std::string request_tenant(http_request const& req) {
  if (starts_with(req.path, "/iot/")) {
    if (auto const* s = req.header("fiware-service")) return *s;
    return {};
  }
  if (auto const* t = req.header("ngsild-tenant")) return *t;
  return {};
}

route_need required_access(http_request const& req) {
  std::string_view const p = req.path;
  bool const read = is_read(req);
  if (p == "/metrics") return route_need::any_admin;
  if (starts_with(p, "/api/v1/consents")) return route_need::authenticated;
  // Citizens' tokens carry no role: the points routes check person, consent and role themselves.
  if (starts_with(p, "/api/v1/points/")) return route_need::authenticated;
  // Carers hold API keys or tokens without a role here: the route checks carer and consent.
  if (starts_with(p, "/api/v1/safety/watch")) return route_need::authenticated;
  // A rider reads their own ride request: the route checks rider, consent and role.
  if (read && starts_with(p, "/api/v1/drt/requests/")) return route_need::authenticated;
  if (starts_with(p, "/api/v1/admin/") || p == "/api/v1/admin" || starts_with(p, "/api/v1/audit")) {
    return route_need::admin;
  }
  if (starts_with(p, "/iot/services") || starts_with(p, "/iot/devices")) {
    return read ? route_need::reader : route_need::admin;
  }
  // A subscription is a standing read: readers may keep their own (handlers
  // show each caller only theirs; notifications carry only what it may read).
  if (starts_with(p, "/ngsi-ld/v1/subscriptions")) return route_need::reader;
  if (starts_with(p, "/ngsi-ld/v1/entities") || starts_with(p, "/ngsi-ld/v1/entityOperations/") ||
      starts_with(p, "/ngsi-ld/v1/temporal/")) {
    return route_need::subject_data;
  }
  if (starts_with(p, "/ngsi-ld/") || starts_with(p, "/iot/") || starts_with(p, "/api/")) {
    return read ? route_need::reader : route_need::writer;
  }
  return route_need::open;  // /health, the dashboard's files, unknown paths (404)
}

access_gate::access_gate(access_gate_options options) : opt_(std::move(options)) {}

http_response access_gate::deny(http_request const& req, error e, std::string_view who, bool token_given) const {
  auto resp = problem_response(e);
  if (e.code == error_code::unauthenticated) {
    std::string h = "Bearer realm=\"cityos\"";
    if (token_given) h += ", error=\"invalid_token\"";
    resp.headers.emplace_back("WWW-Authenticate", std::move(h));
  }
  audit(req, who.empty() ? "anonymous" : who, token_given ? "token" : "apiKey", "deny", resp.status);
  return resp;
}

std::optional<http_response> access_gate::admit(http_request& req) const {
  req.access.reset();  // never trust what came with the request object
  route_need const need = required_access(req);
  if (need == route_need::open) return std::nullopt;
  auto const [presented, is_token] = credential(req);
  if (presented.empty()) {
    return deny(req, make_error(error_code::unauthenticated, "this endpoint needs an API key or a bearer token"), {},
                false);
  }
  credential_check const& check = is_token ? opt_.tokens : opt_.api_keys;
  if (!check) {
    return deny(req,
                make_error(error_code::unauthenticated,
                           is_token ? "bearer tokens are not accepted here (no issuer configured)"
                                    : "API keys are not accepted here"),
                {}, is_token);
  }
  auto who = check(presented);
  if (!who) return deny(req, std::move(who).err(), {}, is_token);
  if (opt_.rate_limit) {
    if (auto wait = opt_.rate_limit(who->id)) {
      auto resp = problem_response(make_error(error_code::rate_limited, "rate limit exceeded for '" + who->id + "'"));
      resp.headers.emplace_back("Retry-After", std::to_string(static_cast<long>(std::ceil(std::max(*wait, 0.001)))));
      return resp;
    }
  }
  auto const tenant = request_tenant(req);
  auto access = std::make_shared<auth::access const>(std::move(*who), *opt_.policy, opt_.consents, opt_.audit,
                                                     req.remote);
  auth::access const& a = *access;
  auto const have = a.tenant_role(tenant);
  auth::role const method_role = is_read(req) ? auth::role::reader : auth::role::writer;
  bool ok = false;
  switch (need) {
    case route_need::open:
    case route_need::authenticated: ok = true; break;
    case route_need::subject_data: ok = (have && *have >= method_role) || !a.who().subject.empty(); break;
    case route_need::reader: ok = have.has_value(); break;
    case route_need::writer: ok = have && *have >= auth::role::writer; break;
    case route_need::admin: ok = have && *have == auth::role::admin; break;
    case route_need::any_admin:
      for (auto const& g : a.who().grants) ok = ok || g.level == auth::role::admin;
      break;
  }
  if (!ok) {
    return deny(req,
                make_error(error_code::forbidden, "'" + a.who().id + "' has no " +
                                                      (need == route_need::admin || need == route_need::any_admin
                                                           ? std::string("admin")
                                                           : std::string(auth::to_string(method_role))) +
                                                      " right in tenant '" + tenant + "'"),
                a.who().id, is_token);
  }
  req.access = std::move(access);
  return std::nullopt;
}

void access_gate::after(http_request const& req, http_response const& resp) const {
  if (opt_.audit == nullptr || !req.access || is_read(req)) return;
  // Accepted entity writes are recorded entity by entity by the guarded store.
  if (resp.status < 300 && required_access(req) == route_need::subject_data) return;
  audit(req, req.access->who().id, auth::via_name(req.access->who().via), "request", resp.status);
}

void access_gate::audit(http_request const& req, std::string_view who, std::string_view via,
                        std::string_view action, int status) const {
  if (opt_.audit == nullptr) return;
  auth::audit_record r;
  r.at = now_ms();
  r.who = std::string(who);
  r.via = std::string(via);
  r.remote = req.remote;
  r.action = std::string(action);
  r.tenant = request_tenant(req);
  r.target = req.method + " " + req.path;
  r.status = status;
  opt_.audit->record(std::move(r));
}

}  // namespace cityos::api
