// SPDX-License-Identifier: Apache-2.0
#include "iot/measure_handlers.h"

#include <optional>

#include "auth/guarded_store.h"
#include "common/time.h"

namespace cityos::iot {

namespace {

result<api::http_response> measure(ingester& in, api::http_request const& req,
                                   std::string_view resource, payload_format format,
                                   std::string_view payload) {
  auto const* k = req.param("k");
  auto const* i = req.param("i");
  if (!k || k->empty()) return make_error(error_code::bad_request, "missing query parameter 'k' (apikey)");
  if (!i || i->empty()) return make_error(error_code::bad_request, "missing query parameter 'i' (device id)");
  std::optional<std::string> time;
  if (auto const* t = req.param("t")) {
    auto const ms = parse_iso8601(*t);
    if (!ms) return make_error(error_code::bad_request, "'t' must be an ISO 8601 date-time");
    time = format_iso8601(*ms);
  }
  if (payload.empty()) return make_error(error_code::bad_request, "the measurement payload is empty");
  // With access control on, the writes go through the caller's view: a key
  // narrowed to other types or ids reaches nothing.
  std::optional<auth::guarded_store> guarded;
  if (req.access) guarded.emplace(in.target(), *req.access);
  auto seq = in.ingest(*k, *i, resource, format, payload, std::move(time), guarded ? &*guarded : nullptr);
  if (!seq) return std::move(seq).err();
  api::http_response r;
  r.status = 200;
  r.wait_seq = *seq;
  return r;
}

}  // namespace

result<api::http_response> post_json_measures(ingester& in, api::http_request const& req) {
  return measure(in, req, "/iot/json", payload_format::json, req.body);
}

result<api::http_response> post_ul_measures(ingester& in, api::http_request const& req) {
  return measure(in, req, "/iot/d", payload_format::ultralight, req.body);
}

result<api::http_response> get_ul_measures(ingester& in, api::http_request const& req) {
  auto const* d = req.param("d");
  if (!d) return make_error(error_code::bad_request, "missing query parameter 'd' (UltraLight payload)");
  return measure(in, req, "/iot/d", payload_format::ultralight, *d);
}

}  // namespace cityos::iot
