// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/context_handlers.h"

#include <random>

#include "common/time.h"

namespace cityos::api {

namespace {

constexpr std::string_view kCollection = "contexts";
constexpr std::string_view kPath = "/ngsi-ld/v1/jsonldContexts/";

std::string new_local_id() {
  std::random_device rd;
  std::uint64_t const v = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// The stored URL for a path's contextId: a full URL as given, else a local id.
std::string url_of(broker const& b, std::string const& id) {
  if (id.find("://") != std::string::npos || id.rfind("urn:", 0) == 0) return id;
  return b.public_url() + std::string(kPath) + id;
}

std::string local_id_of(broker const& b, std::string const& url) {
  std::string const prefix = b.public_url() + std::string(kPath);
  return url.rfind(prefix, 0) == 0 ? url.substr(prefix.size()) : url;
}

json::object describe(broker const& b, ngsild::stored_context const& c) {
  json::object o{{"URL", c.url},
                 {"localId", local_id_of(b, c.url)},
                 {"kind", ngsild::context_kind_name(c.kind)},
                 {"timestamp", format_iso8601(c.created_at)}};
  if (c.last_usage) o["lastUsage"] = format_iso8601(c.last_usage);
  o["numberOfHits"] = c.number_of_hits;
  return o;
}

http_response json_body(int status, json::value const& v, std::string type = "application/json") {
  http_response r;
  r.status = status;
  r.content_type = std::move(type);
  r.body = dump(v);
  return r;
}

}  // namespace

void load_hosted_contexts(broker const& b) {
  for (auto& [url, doc] : b.store.documents(kCollection)) {
    (void)b.contexts.add(url, doc, ngsild::context_kind::hosted);
  }
}

result<http_response> add_context(broker const& b, http_request& req) {
  auto parsed = parse_json(req.body);
  if (!parsed) return std::move(parsed).err();
  if (!parsed->is_object() || !parsed->get_object().contains("@context")) {
    return make_error(error_code::bad_request, "the body must be an object with an @context member");
  }
  auto const& ctx = parsed->get_object().at("@context");
  if (!ctx.is_object() && !ctx.is_array() && !ctx.is_string()) {
    return make_error(error_code::bad_request, "@context must be an object, array or URL");
  }
  // Check that it resolves before storing it.
  if (auto r = b.contexts.resolve(ctx); !r) return std::move(r).err();
  std::string const id = new_local_id();
  std::string const url = url_of(b, id);
  if (auto r = b.contexts.add(url, *parsed, ngsild::context_kind::hosted); !r) {
    return std::move(r).err();
  }
  http_response resp;
  resp.status = 201;
  resp.headers.emplace_back("Location", std::string(kPath) + id);
  resp.wait_seq = b.store.put_document(kCollection, url, std::move(*parsed));
  return resp;
}

result<http_response> list_contexts(broker const& b, http_request& req) {
  bool const details = req.param("details") && *req.param("details") == "true";
  auto const* kind = req.param("kind");
  if (kind && *kind != "Hosted" && *kind != "Cached" && *kind != "ImplicitlyCreated") {
    return make_error(error_code::bad_request, "kind must be Hosted, Cached or ImplicitlyCreated");
  }
  json::array out;
  for (auto const& c : b.contexts.list()) {
    if (kind && ngsild::context_kind_name(c.kind) != *kind) continue;
    if (details) {
      out.push_back(describe(b, c));
    } else {
      out.emplace_back(c.url);
    }
  }
  return json_body(200, out);
}

result<http_response> get_context(broker const& b, http_request& req, std::string const& id) {
  auto c = b.contexts.get(url_of(b, id));
  if (!c) return make_error(error_code::not_found, "no stored @context '" + id + "'");
  if (req.param("details") && *req.param("details") == "true") {
    return json_body(200, describe(b, *c));
  }
  return json_body(200, c->document, "application/ld+json");
}

result<http_response> delete_context(broker const& b, http_request&, std::string const& id) {
  std::string const url = url_of(b, id);
  if (auto r = b.contexts.remove(url); !r) {
    return make_error(error_code::not_found, "no stored @context '" + id + "'");
  }
  http_response resp;
  resp.status = 204;
  resp.wait_seq = b.store.erase_document(kCollection, url);
  return resp;
}

}  // namespace cityos::api
