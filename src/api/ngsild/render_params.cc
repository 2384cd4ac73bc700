// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/render_params.h"

#include "api/ngsild/entity_filter.h"

namespace cityos::api {

namespace {

result<ngsild::render_format> format_named(std::string_view v) {
  if (v == "keyValues" || v == "simplified") return ngsild::render_format::simplified;
  if (v == "concise") return ngsild::render_format::concise;
  if (v == "normalized") return ngsild::render_format::normalized;
  return make_error(error_code::bad_request, "unknown format '" + std::string(v) + "'");
}

std::vector<std::string> expand_names(std::string_view list, ngsild::context const& ctx) {
  std::vector<std::string> out;
  for (auto const& n : split_list(list)) {
    out.push_back(n == "id" || n == "type" || n == "scope" ? n : ctx.expand_term(n));
  }
  return out;
}

}  // namespace

result<ngsild::render_options> parse_render_params(http_request const& req,
                                                   ngsild::context const& ctx) {
  ngsild::render_options o;
  int formats = 0;
  if (auto const* opts = req.param("options")) {
    for (auto const& opt : split_list(*opts)) {
      if (opt == "sysAttrs") {
        o.sys_attrs = true;
      } else if (opt == "keyValues" || opt == "simplified" || opt == "concise" ||
                 opt == "normalized") {
        o.format = *format_named(opt);
        ++formats;
      } else if (opt != "noOverwrite" && opt != "update" && opt != "replace") {
        return make_error(error_code::bad_request, "unknown option '" + opt + "'");
      }
    }
  }
  if (auto const* f = req.param("format")) {
    auto fmt = format_named(*f);
    if (!fmt) return std::move(fmt).err();
    o.format = *fmt;
    ++formats;
  }
  if (formats > 1) return make_error(error_code::bad_request, "more than one format requested");
  if (auto const* s = req.param("sysAttrs"); s && *s == "true") o.sys_attrs = true;
  if (auto const* a = req.param("attrs")) o.attrs = expand_names(*a, ctx);
  auto const* pick = req.param("pick");
  auto const* omit = req.param("omit");
  if (pick && omit) return make_error(error_code::bad_request, "pick and omit are exclusive");
  if (pick) o.pick = expand_names(*pick, ctx);
  if (omit) o.omit = expand_names(*omit, ctx);
  if (auto const* l = req.param("lang")) o.lang = *l;
  if (auto const* g = req.param("geometryProperty")) o.geometry_property = ctx.expand_term(*g);
  return o;
}

}  // namespace cityos::api
