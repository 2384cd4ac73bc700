// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/ld_request.h"

#include "common/text.h"

#include <algorithm>
#include <cctype>

namespace cityos::api {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The media type of a Content-Type / Accept element without parameters.
std::string_view bare_type(std::string_view s) { return trim(s.substr(0, s.find(';'))); }

result<std::string> read_tenant(http_request const& req) {
  auto const* t = req.header("ngsild-tenant");
  if (!t) return std::string();
  if (t->empty() || t->size() > 64 ||
      !std::all_of(t->begin(), t->end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
      })) {
    return make_error(error_code::bad_request,
                      "invalid NGSILD-Tenant '" + *t + "': use 1-64 of [A-Za-z0-9_.-]");
  }
  return *t;
}

result<media_type> read_accept(http_request const& req, bool allow_geo) {
  auto const* a = req.header("accept");
  if (!a || a->empty()) return media_type::json;
  std::string const all = to_lower(*a);
  std::string_view rest = all;
  while (!rest.empty()) {
    auto const comma = rest.find(',');
    auto const item = bare_type(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (item == "application/ld+json") return media_type::ld_json;
    if (item == "application/json" || item == "*/*" || item == "application/*") {
      return media_type::json;
    }
    if (item == "application/geo+json" && allow_geo) return media_type::geo_json;
  }
  return make_error(error_code::not_acceptable,
                    "Accept '" + *a + "' names no type this resource produces "
                    "(application/json, application/ld+json" +
                        std::string(allow_geo ? ", application/geo+json)" : ")"));
}

result<bool> read_body_type(http_request const& req) {  // true: ld+json
  auto const* ct = req.header("content-type");
  if (!ct) {
    return make_error(error_code::unsupported_media,
                      "missing Content-Type: use application/json or application/ld+json");
  }
  std::string const t = to_lower(bare_type(*ct));
  if (t == "application/json") return false;
  if (t == "application/ld+json") return true;
  return make_error(error_code::unsupported_media,
                    "Content-Type '" + *ct + "' not supported: use application/json or "
                    "application/ld+json");
}

// The @context carried by an ld+json body (the first element's for an array).
result<json::value> body_context(json::value const& body) {
  json::object const* o = body.if_object();
  if (auto const* a = body.if_array(); a && !a->empty()) o = (*a)[0].if_object();
  if (!o || !o->contains("@context")) {
    if (body.is_array() && body.get_array().empty()) return json::value();
    return make_error(error_code::bad_request,
                      "an application/ld+json body must carry an @context member");
  }
  return o->at("@context");
}

bool has_context_member(json::value const& body) {
  if (auto const* o = body.if_object()) return o->contains("@context");
  if (auto const* a = body.if_array()) {
    for (auto const& e : *a) {
      if (e.is_object() && e.get_object().contains("@context")) return true;
    }
  }
  return false;
}

}  // namespace

result<ld_request> read_ld_request(http_request const& req, ngsild::context_resolver& resolver,
                                   ld_request_options const& opt) {
  ld_request lr;
  auto tenant = read_tenant(req);
  if (!tenant) return std::move(tenant).err();
  lr.tenant = std::move(*tenant);
  auto accept = read_accept(req, opt.allow_geo_json);
  if (!accept) return std::move(accept).err();
  lr.accept = *accept;
  bool ld_body = false;
  if (opt.expects_body) {
    if (!req.has_content_length && req.body.empty()) {
      return make_error(error_code::length_required, "Content-Length required");
    }
    auto body_type = read_body_type(req);
    if (!body_type) return std::move(body_type).err();
    ld_body = *body_type;
    if (req.body.empty()) return make_error(error_code::invalid_request, "empty request body");
    auto parsed = parse_json(req.body);
    if (!parsed) return std::move(parsed).err();
    if (opt.body_must_be_array ? !parsed->is_array() : !parsed->is_object()) {
      return make_error(error_code::bad_request, opt.body_must_be_array
                                                     ? "the body must be a JSON array"
                                                     : "the body must be a JSON object");
    }
    lr.body = std::move(*parsed);
  }
  auto const* link = req.header("link");
  if (ld_body) {
    if (link) {
      return make_error(error_code::bad_request,
                        "a Link header must not accompany an application/ld+json body");
    }
    auto ctxv = body_context(*lr.body);
    if (!ctxv) return std::move(ctxv).err();
    lr.context_value = std::move(*ctxv);
  } else {
    if (lr.body && has_context_member(*lr.body)) {
      return make_error(error_code::bad_request,
                        "an application/json body must not carry @context: use the Link header "
                        "or Content-Type application/ld+json");
    }
    if (link) {
      auto url = ngsild::parse_link_header(*link);
      if (!url) return std::move(url).err();
      lr.context_value = json::string(*url);
    }
  }
  auto ctx = resolver.resolve(lr.context_value);
  if (!ctx) return std::move(ctx).err();
  lr.ctx = std::move(*ctx);
  return lr;
}

json::value response_context(ld_request const& lr) {
  if (lr.context_value.is_null()) return json::string(ngsild::kCoreContextUrl);
  return lr.context_value;
}

http_response json_text_response(ld_request const& lr, std::string body, int status) {
  http_response r;
  r.status = status;
  if (lr.accept == media_type::ld_json) {
    r.content_type = "application/ld+json";
  } else {
    r.content_type = lr.accept == media_type::geo_json ? "application/geo+json" : "application/json";
    std::string url(ngsild::kCoreContextUrl);
    if (lr.context_value.is_string()) url = lr.context_value.get_string();
    r.headers.emplace_back("Link", "<" + url +
                                       ">; rel=\"http://www.w3.org/ns/json-ld#context\"; "
                                       "type=\"application/ld+json\"");
  }
  r.body = std::move(body);
  return r;
}

http_response json_response(ld_request const& lr, json::value body, int status) {
  if (lr.accept == media_type::ld_json) {
    json::value const ctx = response_context(lr);
    auto add = [&](json::value& v) {
      if (auto* o = v.if_object()) o->emplace("@context", ctx);
    };
    if (auto* a = body.if_array()) {
      for (auto& e : *a) add(e);
    } else {
      add(body);
    }
  }
  return json_text_response(lr, dump(body), status);
}

}  // namespace cityos::api
