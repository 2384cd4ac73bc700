// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/entity_filter.h"

#include <charconv>

#include "ngsild/entity/stored_entity.h"
#include "ngsild/query/q_evaluator.h"
#include "ngsild/query/q_parser.h"

namespace cityos::api {

namespace {

error with_param(std::string_view param, error e) {
  e.detail = std::string(param) + ": " + e.detail;
  return e;
}

bool has_geo_match(ngsild::geo::geo_query const& g, json::object const& e) {
  auto const* attr = e.if_contains(g.geoproperty());
  if (!attr || !attr->is_array()) return false;
  for (auto const& inst : attr->get_array()) {
    auto const* o = inst.if_object();
    if (!o) continue;
    if (auto const* v = o->if_contains("value"); v && ngsild::geo::matches(g, *v)) return true;
  }
  return false;
}

result<void> parse_q_param(std::string_view text, ngsild::context const& ctx, entity_filter& f) {
  auto q = ngsild::parse_q(text, [&](std::string_view t) { return ctx.expand_term(t); });
  if (!q) return std::move(q).err();  // the parser's detail already names "q"
  f.q = std::move(*q);
  return {};
}

result<void> parse_scope_param(std::string_view text, entity_filter& f) {
  auto s = ngsild::parse_scope_query(text);
  if (!s) return with_param("scopeQ", std::move(s).err());
  f.scope = std::move(*s);
  return {};
}

std::string expand_geoproperty(std::string const* gp, ngsild::context const& ctx) {
  if (!gp || gp->empty()) return std::string(ngsild::kLocationIri);
  return ctx.expand_term(*gp);
}

}  // namespace

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    auto end = s.find(',', pos);
    if (end == std::string_view::npos) end = s.size();
    if (end > pos) out.emplace_back(s.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

bool wants_count(http_request const& req) {
  auto const* c = req.param("count");
  return c && *c == "true";
}

bool has_option(http_request const& req, std::string_view opt) {
  auto const* o = req.param("options");
  if (!o) return false;
  for (auto const& x : split_list(*o)) {
    if (x == opt) return true;
  }
  return false;
}

result<std::size_t> read_size_param(http_request const& req, std::string_view name,
                                    std::size_t dflt) {
  auto const* v = req.param(name);
  if (!v) return dflt;
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc{} || end != v->data() + v->size()) {
    return make_error(error_code::bad_request,
                      std::string(name) + " must be a non-negative integer, not '" + *v + "'");
  }
  return n;
}

bool entity_filter::matches(json::object const& e) const {
  if (types && !types_exact_by_index) {
    auto const* t = e.if_contains("type");
    if (!t || !t->is_array() || !ngsild::matches(*types, t->get_array())) return false;
  }
  if (id_pattern) {
    auto const* id = e.if_contains("id");
    if (!id || !id->is_string() || !id_pattern->matches(id->get_string())) return false;
  }
  if (!attrs.empty()) {
    bool any = false;
    for (auto const& a : attrs) any = any || e.contains(a);
    if (!any) return false;
  }
  if (scope && !ngsild::matches(*scope, e)) return false;
  if (q && !ngsild::matches(*q, e)) return false;
  if (geo && !has_geo_match(*geo, e)) return false;
  return true;
}

result<entity_filter> parse_entity_filter(http_request const& req, ngsild::context const& ctx) {
  entity_filter f;
  auto expand = [&](std::string_view t) { return ctx.expand_term(t); };
  if (auto const* t = req.param("type"); t) {
    auto te = ngsild::parse_type_expression(*t, expand);
    if (!te) return with_param("type", std::move(te).err());
    f.types = std::move(*te);
    f.types_exact_by_index = ngsild::is_pure_or(*f.types);
  }
  if (auto const* ids = req.param("id")) f.ids = split_list(*ids);
  if (auto const* p = req.param("idPattern")) {
    auto ip = ngsild::id_pattern::parse(*p);
    if (!ip) return with_param("idPattern", std::move(ip).err());
    f.id_pattern = std::move(*ip);
  }
  if (auto const* q = req.param("q")) {
    if (auto r = parse_q_param(*q, ctx, f); !r) return std::move(r).err();
  }
  if (auto const* s = req.param("scopeQ")) {
    if (auto r = parse_scope_param(*s, f); !r) return std::move(r).err();
  }
  if (auto const* a = req.param("attrs")) {
    for (auto const& name : split_list(*a)) f.attrs.push_back(ctx.expand_term(name));
  }
  auto const* georel = req.param("georel");
  auto const* geometry = req.param("geometry");
  auto const* coords = req.param("coordinates");
  if (georel || geometry || coords) {
    if (!georel || !geometry || !coords) {
      return make_error(error_code::bad_request,
                        "geo-query: georel, geometry and coordinates must be given together");
    }
    auto g = ngsild::geo::parse_geo_query(*georel, *geometry, *coords,
                                          expand_geoproperty(req.param("geoproperty"), ctx));
    if (!g) return with_param("geo-query", std::move(g).err());
    f.geo = std::move(*g);
  }
  return f;
}

result<entity_filter> parse_query_object(json::object const& body, ngsild::context const& ctx) {
  entity_filter f;
  auto expand = [&](std::string_view t) { return ctx.expand_term(t); };
  if (auto const* ents = body.if_contains("entities")) {
    if (!ents->is_array()) return make_error(error_code::bad_request, "entities must be an array");
    std::string type_text;
    for (auto const& sel : ents->get_array()) {
      auto const* o = sel.if_object();
      if (!o) return make_error(error_code::bad_request, "entities[] must hold objects");
      if (auto const* id = o->if_contains("id"); id && id->is_string()) {
        f.ids.emplace_back(id->get_string());
      }
      if (auto const* p = o->if_contains("idPattern"); p && p->is_string()) {
        auto ip = ngsild::id_pattern::parse(p->get_string());
        if (!ip) return with_param("idPattern", std::move(ip).err());
        f.id_pattern = std::move(*ip);
      }
      if (auto const* t = o->if_contains("type"); t && t->is_string()) {
        if (!type_text.empty()) type_text += ",";
        type_text += "(" + std::string(t->get_string()) + ")";
      }
    }
    if (!type_text.empty()) {
      auto te = ngsild::parse_type_expression(type_text, expand);
      if (!te) return with_param("type", std::move(te).err());
      f.types = std::move(*te);
      f.types_exact_by_index = ngsild::is_pure_or(*f.types);
    }
  }
  if (auto const* a = body.if_contains("attrs"); a && a->is_array()) {
    for (auto const& n : a->get_array()) {
      if (n.is_string()) f.attrs.push_back(ctx.expand_term(n.get_string()));
    }
  }
  if (auto const* q = body.if_contains("q"); q && q->is_string()) {
    if (auto r = parse_q_param(q->get_string(), ctx, f); !r) return std::move(r).err();
  }
  if (auto const* s = body.if_contains("scopeQ"); s && s->is_string()) {
    if (auto r = parse_scope_param(s->get_string(), f); !r) return std::move(r).err();
  }
  if (auto const* g = body.if_contains("geoQ")) {
    std::string gp(ngsild::kLocationIri);
    if (auto const* o = g->if_object()) {
      if (auto const* p = o->if_contains("geoproperty"); p && p->is_string()) {
        gp = ctx.expand_term(p->get_string());
      }
    }
    auto parsed = ngsild::geo::parse_geo_query(*g, gp);
    if (!parsed) return with_param("geoQ", std::move(parsed).err());
    f.geo = std::move(*parsed);
  }
  return f;
}

store::entity_query make_store_query(std::shared_ptr<entity_filter const> filter,
                                     std::size_t offset, std::size_t limit, bool count) {
  store::entity_query q;
  q.offset = offset;
  q.limit = limit;
  q.count = count;
  q.ids = filter->ids;
  if (filter->types) q.types = ngsild::candidate_types(*filter->types);
  if (filter->geo) {
    if (auto box = ngsild::geo::candidate_box(*filter->geo)) {
      q.box = store::geo_box{box->min_lon, box->min_lat, box->max_lon, box->max_lat};
      q.box_attribute = filter->geo->geoproperty();
      q.box_filter = [filter](store::geo_box const& b) {
        return ngsild::geo::may_match_box(*filter->geo,
                                          {b.min_lon, b.min_lat, b.max_lon, b.max_lat});
      };
    }
  }
  bool const needs_predicate = (filter->types && !filter->types_exact_by_index) ||
                               filter->id_pattern || filter->q || filter->geo || filter->scope ||
                               !filter->attrs.empty();
  if (needs_predicate) {
    q.predicate = [f = std::move(filter)](json::object const& e) { return f->matches(e); };
  }
  return q;
}

}  // namespace cityos::api
