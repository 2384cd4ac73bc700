// SPDX-License-Identifier: Apache-2.0
#include "iot/provision_handlers.h"

#include <charconv>

#include "common/json.h"

namespace cityos::iot {

namespace {

result<fiware_scope> scope_of(api::http_request const& req, bool reading) {
  return make_scope(req.header("fiware-service"), req.header("fiware-servicepath"), reading);
}

// The body as a JSON object. Errors: invalid_request (not JSON), bad_request.
result<json::value> body_object(api::http_request const& req) {
  if (req.body.empty()) return make_error(error_code::bad_request, "the request needs a JSON body");
  auto doc = parse_json(req.body);
  if (!doc) return doc;
  if (!doc->is_object()) return make_error(error_code::bad_request, "the body must be a JSON object");
  return doc;
}

// The array member `name` of the body. Errors: as body_object, bad_request.
result<json::array> body_array(api::http_request const& req, std::string_view name) {
  auto doc = body_object(req);
  if (!doc) return std::move(doc).err();
  auto const* a = doc->get_object().if_contains(name);
  if (!a || !a->is_array() || a->get_array().empty()) {
    return make_error(error_code::bad_request,
                      "the body must be {\"" + std::string(name) + "\": [ ... ]} with at least one element");
  }
  return a->get_array();
}

result<std::size_t> size_param(api::http_request const& req, std::string_view name, std::size_t fallback,
                               std::size_t max) {
  auto const* p = req.param(name);
  if (!p) return fallback;
  std::size_t v = 0;
  auto const [end, ec] = std::from_chars(p->data(), p->data() + p->size(), v);
  if (ec != std::errc() || end != p->data() + p->size() || v > max) {
    return make_error(error_code::bad_request, "'" + std::string(name) + "' must be an integer 0-" +
                                                   std::to_string(max));
  }
  return v;
}

api::http_response json_body(int status, json::value body) {
  api::http_response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = dump(body);
  return r;
}

api::http_response empty(int status, store::commit_seq seq) {
  api::http_response r;
  r.status = status;
  r.wait_seq = seq;
  return r;
}

result<api::http_response> done(result<store::commit_seq> seq, int status) {
  if (!seq) return std::move(seq).err();
  return empty(status, *seq);
}

// ?apikey= (required) and ?resource= (default "") of PUT/DELETE /iot/services.
result<std::pair<std::string, std::string>> group_selector(api::http_request const& req) {
  auto const* apikey = req.param("apikey");
  if (!apikey || apikey->empty()) {
    return make_error(error_code::bad_request, "missing query parameter 'apikey'");
  }
  auto const* resource = req.param("resource");
  return std::pair{*apikey, resource ? *resource : std::string()};
}

}  // namespace

result<api::http_response> list_groups(registry const& r, api::http_request const& req) {
  auto scope = scope_of(req, true);
  if (!scope) return std::move(scope).err();
  json::array services;
  for (auto const& g : r.groups(*scope)) services.push_back(to_json(g));
  auto const n = services.size();
  return json_body(200, json::object{{"count", n}, {"services", std::move(services)}});
}

result<api::http_response> create_groups(registry& r, api::http_request const& req) {
  auto scope = scope_of(req, false);
  if (!scope) return std::move(scope).err();
  auto items = body_array(req, "services");
  if (!items) return std::move(items).err();
  std::vector<service_group> groups;
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto g = parse_service_group((*items)[i], *scope);
    if (!g) return make_error(g.err().code, "services[" + std::to_string(i) + "]: " + g.err().detail);
    groups.push_back(std::move(*g));
  }
  return done(r.add_groups(std::move(groups)), 201);
}

result<api::http_response> update_group(registry& r, api::http_request const& req) {
  auto scope = scope_of(req, false);
  if (!scope) return std::move(scope).err();
  auto sel = group_selector(req);
  if (!sel) return std::move(sel).err();
  auto body = body_object(req);
  if (!body) return std::move(body).err();
  return done(r.update_group(*scope, sel->second, sel->first, *body), 204);
}

result<api::http_response> delete_group(registry& r, api::http_request const& req) {
  auto scope = scope_of(req, false);
  if (!scope) return std::move(scope).err();
  auto sel = group_selector(req);
  if (!sel) return std::move(sel).err();
  return done(r.remove_group(*scope, sel->second, sel->first), 204);
}

result<api::http_response> list_devices(registry const& r, api::http_request const& req) {
  auto scope = scope_of(req, true);
  if (!scope) return std::move(scope).err();
  auto limit = size_param(req, "limit", 20, 1000);
  if (!limit) return std::move(limit).err();
  auto offset = size_param(req, "offset", 0, std::size_t{1} << 40);
  if (!offset) return std::move(offset).err();
  auto page = r.devices(*scope, *offset, *limit);
  json::array devices;
  for (auto const& d : page.devices) devices.push_back(to_json(d));
  return json_body(200, json::object{{"count", page.total}, {"devices", std::move(devices)}});
}

result<api::http_response> create_devices(registry& r, api::http_request const& req) {
  auto scope = scope_of(req, false);
  if (!scope) return std::move(scope).err();
  auto items = body_array(req, "devices");
  if (!items) return std::move(items).err();
  return done(r.add_devices(*items, *scope), 201);
}

result<api::http_response> get_device(registry const& r, api::http_request const& req,
                                      std::string_view device_id) {
  auto scope = scope_of(req, true);
  if (!scope) return std::move(scope).err();
  auto d = r.get_device(*scope, device_id);
  if (!d) return std::move(d).err();
  return json_body(200, to_json(*d));
}

result<api::http_response> update_device(registry& r, api::http_request const& req,
                                         std::string_view device_id) {
  auto scope = scope_of(req, false);
  if (!scope) return std::move(scope).err();
  auto body = body_object(req);
  if (!body) return std::move(body).err();
  return done(r.update_device(*scope, device_id, *body), 204);
}

result<api::http_response> delete_device(registry& r, api::http_request const& req,
                                         std::string_view device_id) {
  auto scope = scope_of(req, false);
  if (!scope) return std::move(scope).err();
  return done(r.remove_device(*scope, device_id), 204);
}

}  // namespace cityos::iot
