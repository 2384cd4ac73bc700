// SPDX-License-Identifier: Apache-2.0
#include "auth/principal.h"

namespace cityos::auth {

std::string_view to_string(role r) {
  switch (r) {
    case role::reader: return "reader";
    case role::writer: return "writer";
    case role::admin: return "admin";
  }
  return "reader";
}

std::optional<role> parse_role(std::string_view s) {
  if (s == "reader") return role::reader;
  if (s == "writer") return role::writer;
  if (s == "admin") return role::admin;
  return std::nullopt;
}

namespace {

std::string str(json::object const& o, char const* k) {
  auto const* v = o.if_contains(k);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<std::vector<std::string>> strings(json::object const& o, char const* k) {
  std::vector<std::string> out;
  auto const* v = o.if_contains(k);
  if (v == nullptr) return out;
  if (!v->is_array()) return std::nullopt;
  for (auto const& x : v->get_array()) {
    if (!x.is_string()) return std::nullopt;
    out.emplace_back(x.get_string());
  }
  return out;
}

json::array to_array(std::vector<std::string> const& v) {
  json::array a;
  for (auto const& x : v) a.emplace_back(x);
  return a;
}

}  // namespace

json::object to_json(grant const& g) {
  json::object o;
  o["tenant"] = g.tenant;
  o["role"] = to_string(g.level);
  if (!g.types.empty()) o["types"] = to_array(g.types);
  if (!g.id_patterns.empty()) o["idPatterns"] = to_array(g.id_patterns);
  return o;
}

std::optional<grant> grant_from_json(json::value const& v) {
  if (!v.is_object()) return std::nullopt;
  auto const& o = v.get_object();
  auto const level = parse_role(str(o, "role"));
  auto types = strings(o, "types");
  auto ids = strings(o, "idPatterns");
  auto const* tenant = o.if_contains("tenant");
  if (!level || !types || !ids || (tenant != nullptr && !tenant->is_string())) return std::nullopt;
  return grant{str(o, "tenant"), *level, std::move(*types), std::move(*ids)};
}

std::string_view via_name(principal::kind k) {
  switch (k) {
    case principal::kind::api_key: return "apiKey";
    case principal::kind::token: return "token";
    case principal::kind::none: return "none";
  }
  return "none";
}

json::object owner_doc(principal const& p) {
  json::object o;
  o["via"] = via_name(p.via);
  o["id"] = p.id;
  if (!p.subject.empty()) o["subject"] = p.subject;
  if (p.via == principal::kind::token) {
    json::array grants;
    for (auto const& g : p.grants) grants.push_back(to_json(g));
    o["grants"] = std::move(grants);
  }
  return o;
}

principal owner_principal(json::object const& owner) {
  principal p;
  auto const via = str(owner, "via");
  p.via = via == "apiKey" ? principal::kind::api_key : via == "token" ? principal::kind::token : principal::kind::none;
  p.id = str(owner, "id");
  p.subject = str(owner, "subject");
  if (auto const* g = owner.if_contains("grants"); g != nullptr && g->is_array()) {
    for (auto const& x : g->get_array()) {
      if (auto parsed = grant_from_json(x)) p.grants.push_back(std::move(*parsed));
    }
  }
  return p;
}

}  // namespace cityos::auth
