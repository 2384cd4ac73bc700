// SPDX-License-Identifier: Apache-2.0
#include "api/auth_routes.h"

#include <cstdlib>
#include <limits>

#include "auth/access_policy.h"
#include "common/time.h"

namespace cityos::api {

namespace {

http_response json_answer(int status, json::value const& body) {
  http_response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = dump(body);
  return r;
}

result<json::object> object_body(http_request const& q) {
  if (q.body.empty()) return make_error(error_code::invalid_request, "the request needs a JSON body");
  auto v = parse_json(q.body);
  if (!v) return std::move(v).err();
  if (!v->is_object()) return make_error(error_code::invalid_request, "the body must be a JSON object");
  return std::move(v->get_object());
}

// Access control off: the caller is the operator on loopback (serve refuses
// other addresses without it), who may do everything.
bool is_admin_of(http_request const& q, std::string_view tenant) {
  return !q.access || q.access->tenant_role(tenant) == auth::role::admin;
}

json::object key_json(auth::key_record const& k) {
  json::object o;
  o["id"] = k.id;
  auto g = auth::to_json(k.grant);
  for (auto& [name, v] : g) o[name] = v;
  o["description"] = k.description;
  o["createdAt"] = format_iso8601(k.created);
  if (k.expires) o["expires"] = format_iso8601(*k.expires);
  o["revoked"] = k.revoked;
  return o;
}

result<auth::grant> parse_key_grant(json::object const& body) {
  for (auto const& [k, v] : body) {
    if (k != "tenant" && k != "role" && k != "types" && k != "idPatterns" && k != "expires" && k != "description") {
      return make_error(error_code::bad_request, "key: unknown member '" + std::string(k) + "'");
    }
  }
  json::object g = body;
  g.erase("expires");
  g.erase("description");
  if (!g.contains("role")) return make_error(error_code::bad_request, "key: 'role' is required (reader, writer, admin)");
  auto parsed = auth::grant_from_json(g);
  if (!parsed) {
    return make_error(error_code::bad_request,
                      "key: 'role' must be reader, writer or admin; 'tenant' a string; 'types' and 'idPatterns' "
                      "arrays of strings");
  }
  return *parsed;
}

error key_not_found(std::string const& id) { return make_error(error_code::not_found, "key '" + id + "' not found"); }
error consent_not_found(std::string const& id) {
  return make_error(error_code::not_found, "consent '" + id + "' not found");
}

std::string subject_of(http_request const& q) { return q.access ? q.access->who().subject : std::string(); }

bool is_any_admin(http_request const& q) {
  if (!q.access) return true;
  for (auto const& g : q.access->who().grants) {
    if (g.level == auth::role::admin) return true;
  }
  return false;
}

result<auth::audit_filter> read_filter(http_request const& q) {
  auth::audit_filter f;
  for (auto [name, field] : {std::pair{"since", &f.since}, {"until", &f.until}}) {
    if (auto const* v = q.param(name)) {
      auto t = parse_iso8601(*v);
      if (!t) return make_error(error_code::bad_request, std::string("'") + name + "' must be an ISO 8601 date-time");
      *field = *t;
    }
  }
  if (auto const* v = q.param("who")) f.who = *v;
  if (auto const* v = q.param("target")) f.target = *v;
  if (auto const* v = q.param("action")) f.action = *v;
  if (auto const* v = q.param("limit")) {
    char* end = nullptr;
    unsigned long long n = std::strtoull(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || n == 0 || n > 100'000) {
      return make_error(error_code::bad_request, "'limit' must be an integer in 1..100000");
    }
    f.limit = n;
  }
  return f;
}

}  // namespace

void add_auth_routes(router& r, auth_endpoints e) {
  using req_t = http_request;
  using p_t = route_params;
  auto const keys = e.keys;
  auto const consents = e.consents;
  auto const audit = e.audit;
  std::string const k = "/api/v1/admin/keys";

  r.add("POST", k, [keys, created = e.on_key_created](req_t& q, p_t const&) -> result<http_response> {
    auto body = object_body(q);
    if (!body) return std::move(body).err();
    auto g = parse_key_grant(*body);
    if (!g) return std::move(g).err();
    if (!is_admin_of(q, g->tenant)) {
      return make_error(error_code::forbidden, "only an admin of tenant '" + g->tenant + "' may create its keys");
    }
    std::optional<epoch_ms> expires;
    if (auto const* x = body->if_contains("expires")) {
      auto t = x->is_string() ? parse_iso8601(x->get_string()) : std::nullopt;
      if (!t) return make_error(error_code::bad_request, "key: 'expires' must be an ISO 8601 date-time");
      expires = *t;
    }
    std::string description;
    if (auto const* d = body->if_contains("description"); d != nullptr && d->is_string()) description = d->get_string();
    auto made = keys->create(std::move(*g), std::move(description), expires, now_ms());
    if (!made) return std::move(made).err();
    if (created) created();
    auto out = key_json(made->record);
    out["key"] = made->key;
    auto resp = json_answer(201, out);
    resp.headers.emplace_back("Location", "/api/v1/admin/keys/" + made->record.id);
    return resp;
  });
  r.add("GET", k, [keys](req_t& q, p_t const&) -> result<http_response> {
    json::array out;
    for (auto const& rec : keys->list()) {
      if (is_admin_of(q, rec.grant.tenant)) out.push_back(key_json(rec));
    }
    return json_answer(200, out);
  });
  r.add("GET", k + "/{id}", [keys](req_t& q, p_t const& p) -> result<http_response> {
    auto rec = keys->find(p["id"]);
    if (!rec || !is_admin_of(q, rec->grant.tenant)) return key_not_found(p["id"]);
    return json_answer(200, key_json(*rec));
  });
  r.add("DELETE", k + "/{id}", [keys](req_t& q, p_t const& p) -> result<http_response> {
    auto rec = keys->find(p["id"]);
    if (!rec || !is_admin_of(q, rec->grant.tenant)) return key_not_found(p["id"]);
    if (auto rv = keys->revoke(p["id"]); !rv) return std::move(rv).err();
    http_response resp;
    resp.status = 204;
    return resp;
  });

  std::string const c = "/api/v1/consents";
  r.add("POST", c, [consents, c](req_t& q, p_t const&) -> result<http_response> {
    std::string const subject = subject_of(q);
    if (subject.empty()) {
      return make_error(error_code::forbidden, "a consent is given by the person it concerns (a bearer token)");
    }
    auto body = object_body(q);
    if (!body) return std::move(body).err();
    auto parsed = auth::parse_consent(json::value(std::move(*body)), subject, now_ms());
    if (!parsed) return std::move(parsed).err();
    auto made = consents->create(std::move(*parsed));
    if (!made) return std::move(made).err();
    auto resp = json_answer(201, auth::to_json(*made));
    resp.headers.emplace_back("Location", c + "/" + made->id);
    return resp;
  });
  r.add("GET", c, [consents](req_t& q, p_t const&) -> result<http_response> {
    json::array out;
    std::string const subject = subject_of(q);
    if (subject.empty() && !is_any_admin(q)) return json_answer(200, out);
    for (auto const& x : consents->list(is_any_admin(q) && subject.empty() ? "" : subject)) {
      out.push_back(auth::to_json(x));
    }
    return json_answer(200, out);
  });
  r.add("GET", c + "/{id}", [consents](req_t& q, p_t const& p) -> result<http_response> {
    auto x = consents->find(p["id"]);
    if (!x || (!is_any_admin(q) && x->subject != subject_of(q))) return consent_not_found(p["id"]);
    return json_answer(200, auth::to_json(*x));
  });
  r.add("DELETE", c + "/{id}", [consents](req_t& q, p_t const& p) -> result<http_response> {
    std::string const by = is_any_admin(q) ? std::string() : subject_of(q);
    if (!is_any_admin(q) && by.empty()) return consent_not_found(p["id"]);
    if (auto rv = consents->revoke(p["id"], by); !rv) return std::move(rv).err();
    http_response resp;
    resp.status = 204;
    return resp;
  });

  std::string const a = "/api/v1/audit";
  r.add("GET", a, [audit](req_t& q, p_t const&) -> result<http_response> {
    auto f = read_filter(q);
    if (!f) return std::move(f).err();
    json::array out;
    for (auto& rec : audit->query(*f)) out.emplace_back(std::move(rec));
    return json_answer(200, out);
  });
  r.add("GET", a + "/export", [audit](req_t& q, p_t const&) -> result<http_response> {
    auto f = read_filter(q);
    if (!f) return std::move(f).err();
    if (!q.param("limit")) f->limit = std::numeric_limits<std::size_t>::max();
    http_response resp;
    resp.content_type = "application/x-ndjson";
    for (auto const& rec : audit->query(*f)) {
      resp.body += dump(json::value(rec));
      resp.body += '\n';
    }
    return resp;
  });
  r.add("GET", a + "/verify", [audit](req_t&, p_t const&) -> result<http_response> {
    json::object out;
    auto v = audit->verify();
    out["records"] = v ? *v : audit->size();
    out["intact"] = static_cast<bool>(v);
    if (!v) out["detail"] = v.err().detail;
    return json_answer(200, out);
  });
}

}  // namespace cityos::api
