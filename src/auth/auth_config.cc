// SPDX-License-Identifier: Apache-2.0
#include "auth/auth_config.h"

#include "common/file.h"

namespace cityos::auth {

namespace {

error bad(std::string const& what) { return make_error(error_code::bad_request, "auth config: " + what); }

result<std::string> opt_string(json::object const& o, char const* k, std::string fallback) {
  auto const* v = o.if_contains(k);
  if (v == nullptr) return fallback;
  if (!v->is_string() || v->get_string().empty()) return bad(std::string("'") + k + "' must be a non-empty string");
  return std::string(v->get_string());
}

result<double> opt_number(json::object const& o, char const* k) {
  auto const* v = o.if_contains(k);
  if (v == nullptr) return 0.0;
  if (!v->is_number() || v->to_number<double>() < 0) return bad(std::string("'") + k + "' must be a number >= 0");
  return v->to_number<double>();
}

// An optional whole number of seconds >= `least` (at most a year).
result<std::chrono::seconds> opt_seconds(json::object const& o, char const* k, std::chrono::seconds fallback,
                                         long least) {
  auto const* v = o.if_contains(k);
  if (v == nullptr) return fallback;
  constexpr long kYear = 366L * 24 * 3600;
  if (!v->is_int64() || v->get_int64() < least || v->get_int64() > kYear) {
    return bad(std::string("'oidc.") + k + "' must be a whole number of seconds from " + std::to_string(least) +
               " to " + std::to_string(kYear));
  }
  return std::chrono::seconds(v->get_int64());
}

bool is_url(std::string const& s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

}  // namespace

result<auth_config> parse_auth_config(json::value const& doc, std::filesystem::path const& base_dir) {
  if (!doc.is_object()) return bad("the document must be a JSON object");
  auto const& o = doc.get_object();
  auth_config c;
  for (auto const& [k, v] : o) {
    if (k != "personalTypes" && k != "subjectAttribute" && k != "oidc" && k != "rateLimit") {
      return bad("unknown member '" + std::string(k) + "'");
    }
  }
  if (auto const* p = o.if_contains("personalTypes")) {
    if (!p->is_array()) return bad("'personalTypes' must be an array of type names");
    for (auto const& t : p->get_array()) {
      if (!t.is_string() || t.get_string().empty()) return bad("'personalTypes' must be an array of type names");
      c.policy.personal_types.emplace_back(t.get_string());
    }
  }
  auto subject = opt_string(o, "subjectAttribute", "subject");
  if (!subject) return std::move(subject).err();
  c.policy.subject_attribute = std::move(*subject);
  if (auto const* oi = o.if_contains("oidc")) {
    if (!oi->is_object()) return bad("'oidc' must be an object");
    auto const& x = oi->get_object();
    oidc_config oc;
    for (auto [field, name] : {std::pair{&oc.issuer, "issuer"}, {&oc.audience, "audience"}, {&oc.jwks, "jwks"}}) {
      auto s = opt_string(x, name, "");
      if (!s) return std::move(s).err();
      if (s->empty()) return bad(std::string("'oidc.") + name + "' is required");
      *field = std::move(*s);
    }
    auto claim = opt_string(x, "grantsClaim", "cityos_grants");
    if (!claim) return std::move(claim).err();
    oc.grants_claim = std::move(*claim);
    auto leeway = opt_number(x, "leewaySeconds");
    if (!leeway) return std::move(leeway).err();
    if (x.contains("leewaySeconds")) oc.leeway = std::chrono::seconds(static_cast<long>(*leeway));
    auto refresh = opt_seconds(x, "jwksRefreshSeconds", oc.jwks_refresh, 60);
    if (!refresh) return std::move(refresh).err();
    oc.jwks_refresh = *refresh;
    auto min_refresh = opt_seconds(x, "jwksMinRefreshSeconds", oc.jwks_min_refresh, 1);
    if (!min_refresh) return std::move(min_refresh).err();
    oc.jwks_min_refresh = *min_refresh;
    if (!is_url(oc.jwks) && std::filesystem::path(oc.jwks).is_relative()) oc.jwks = (base_dir / oc.jwks).string();
    c.oidc = std::move(oc);
  }
  if (auto const* r = o.if_contains("rateLimit")) {
    if (!r->is_object()) return bad("'rateLimit' must be an object");
    auto per = opt_number(r->get_object(), "perSecond");
    if (!per) return std::move(per).err();
    auto burst = opt_number(r->get_object(), "burst");
    if (!burst) return std::move(burst).err();
    c.rate.per_second = *per;
    c.rate.burst = *burst > 0 ? *burst : *per;
  }
  return c;
}

result<auth_config> load_auth_config(std::filesystem::path const& file) {
  auto text = read_file(file);
  if (!text) return make_error(error_code::not_found, "auth config: cannot read " + file.string());
  auto doc = parse_json(*text);
  if (!doc) return bad(file.string() + ": " + doc.err().detail);
  return parse_auth_config(*doc, file.parent_path());
}

principal token_principal(verified_token const& t, std::string const& grants_claim) {
  principal p;
  p.via = principal::kind::token;
  p.id = t.sub;
  p.subject = t.sub;
  if (auto const* g = t.claims.if_contains(grants_claim); g != nullptr && g->is_array()) {
    for (auto const& x : g->get_array()) {
      if (auto parsed = grant_from_json(x)) p.grants.push_back(std::move(*parsed));
    }
  }
  return p;
}

}  // namespace cityos::auth
