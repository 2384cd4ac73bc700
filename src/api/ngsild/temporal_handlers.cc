// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/temporal_handlers.h"

#include "api/ngsild/entity_filter.h"
#include "api/ngsild/ld_request.h"
#include "api/ngsild/temporal_input.h"
#include "api/ngsild/temporal_paging.h"
#include "api/ngsild/temporal_params.h"
#include "api/ngsild/temporal_render.h"
#include "ngsild/entity/entity_input.h"
#include "ngsild/query/type_expression.h"
#include "auth/access_policy.h"

namespace cityos::api {

namespace {

http_response no_content() {
  http_response r;
  r.status = 204;
  return r;
}

result<void> check_uri(std::string const& id) {
  if (ngsild::is_uri(id)) return {};
  return make_error(error_code::bad_request, "entity id '" + id + "' is not a URI");
}

error temporal_not_found(std::string const& id) {
  return make_error(error_code::not_found, "temporal entity '" + id + "' not found");
}

// The entity predicate of a history query: id/type/idPattern on the history,
// q/geo/scopeQ on the current state of the entity.
std::function<bool(store::history_entity_info const&)> make_predicate(
    temporal_api const& t, std::string const& tenant, entity_filter f) {
  f.attrs.clear();  // the history query selects attributes itself
  f.types_exact_by_index = false;
  f.ids.clear();
  bool const on_current = f.q || f.geo || f.scope;
  if (f.empty() && t.access == nullptr) return {};
  auto shared = std::make_shared<entity_filter const>(std::move(f));
  return [shared, on_current, &store = t.b.store, tenant, access = t.access](store::history_entity_info const& e) {
    json::object head;
    head["id"] = e.id;
    json::array types;
    for (auto const& x : e.types) types.emplace_back(x);
    head["type"] = std::move(types);
    store::entity_ptr current;
    if (access != nullptr) {
      // Personal data is readable only as its current entity says (its subject).
      if (access->policy().is_personal(head)) {
        current = store.get(tenant, e.id);
        if (!current) return false;
      } else if (!access->may_read(tenant, head)) {
        return false;
      }
    }
    if (on_current) {
      if (!current) current = store.get(tenant, e.id);
      return current && shared->matches(*current);
    }
    return shared->matches(head);
  };
}

store::history_query make_query(temporal_api const& t, std::string const& tenant,
                                entity_filter f, temporal_params const& p) {
  store::history_query q;
  q.tenant = tenant;
  q.ids = f.ids;
  q.attrs = f.attrs;
  q.predicate = make_predicate(t, tenant, std::move(f));
  q.timeprop = p.timeprop;
  q.from = p.from;
  q.to = p.to;
  q.last_n = p.last_n;
  q.max_instances = t.max_instances;
  q.aggregation = p.aggregation;
  return q;
}

// Runs `q` and renders the page of temporal entities (206 when cut).
result<http_response> respond(temporal_api const& t, ld_request const& lr,
                              store::history_query const& q, temporal_params const& p,
                              bool single, std::string const& id = {}) {
  auto page = t.history.query(q);
  if (!page) return std::move(page).err();
  if (single && page->entities.empty()) return temporal_not_found(id);
  auto range = cut_to_complete_range(page->entities, p);
  json::array out;
  for (auto const& e : page->entities) out.push_back(render_temporal_entity(e, *lr.ctx, p));
  auto resp = single ? json_response(lr, std::move(out[0])) : json_response(lr, std::move(out));
  if (page->total) resp.headers.emplace_back("NGSILD-Results-Count", std::to_string(*page->total));
  if (range) {
    resp.status = 206;
    resp.headers.emplace_back("Content-Range", *range);
  }
  return resp;
}

result<std::pair<std::size_t, std::size_t>> read_paging(temporal_api const& t,
                                                        http_request const& req) {
  auto limit = read_size_param(req, "limit", t.b.limits.default_limit);
  if (!limit) return std::move(limit).err();
  auto offset = read_size_param(req, "offset", 0);
  if (!offset) return std::move(offset).err();
  if (*limit > t.b.limits.max_limit) {
    return make_error(error_code::too_many_results,
                      "limit " + std::to_string(*limit) + " exceeds the maximum of " +
                          std::to_string(t.b.limits.max_limit));
  }
  bool const count = wants_count(req);
  if (*limit == 0 && !count) {
    return make_error(error_code::bad_request, "limit=0 is only allowed with count=true");
  }
  return std::pair{*offset, *limit};
}

result<http_response> run_query(temporal_api const& t, http_request& req, ld_request const& lr,
                                entity_filter f, temporal_params const& p) {
  if (f.empty()) {
    return make_error(error_code::bad_request,
                      "give at least one of type, id, idPattern, attrs, q, geo-query or scopeQ");
  }
  auto paging = read_paging(t, req);
  if (!paging) return std::move(paging).err();
  auto q = make_query(t, lr.tenant, std::move(f), p);
  q.offset = paging->first;
  q.limit = paging->second;
  q.count = wants_count(req);
  return respond(t, lr, q, p, false);
}

}  // namespace

result<http_response> query_temporal(temporal_api const& t, http_request& req) {
  auto lr = read_ld_request(req, t.b.contexts, {});
  if (!lr) return std::move(lr).err();
  auto filter = parse_entity_filter(req, *lr->ctx);
  if (!filter) return std::move(filter).err();
  auto params = parse_temporal_params(req);
  if (!params) return std::move(params).err();
  return run_query(t, req, *lr, std::move(*filter), *params);
}

result<http_response> query_temporal_post(temporal_api const& t, http_request& req) {
  auto lr = read_ld_request(req, t.b.contexts, {.expects_body = true});
  if (!lr) return std::move(lr).err();
  auto const& body = lr->body->get_object();
  if (auto const* type = body.if_contains("type"); !type || *type != "Query") {
    return make_error(error_code::bad_request, "the body must be a Query (\"type\": \"Query\")");
  }
  auto filter = parse_query_object(body, *lr->ctx);
  if (!filter) return std::move(filter).err();
  auto params = parse_temporal_query_object(body, req);
  if (!params) return std::move(params).err();
  return run_query(t, req, *lr, std::move(*filter), *params);
}

result<http_response> retrieve_temporal(temporal_api const& t, http_request& req,
                                        std::string const& id) {
  auto lr = read_ld_request(req, t.b.contexts, {});
  if (!lr) return std::move(lr).err();
  if (auto r = check_uri(id); !r) return std::move(r).err();
  auto params = parse_temporal_params(req);
  if (!params) return std::move(params).err();
  entity_filter f;
  f.ids = {id};
  if (auto const* a = req.param("attrs")) {
    for (auto const& name : split_list(*a)) f.attrs.push_back(lr->ctx->expand_term(name));
  }
  if (auto const* type = req.param("type")) {
    auto te = ngsild::parse_type_expression(
        *type, [&](std::string_view x) { return lr->ctx->expand_term(x); });
    if (!te) return std::move(te).err();
    f.types = std::move(*te);
  }
  auto q = make_query(t, lr->tenant, std::move(f), *params);
  q.limit = 1;
  return respond(t, *lr, q, *params, true, id);
}

result<http_response> create_temporal(temporal_api const& t, http_request& req) {
  auto lr = read_ld_request(req, t.b.contexts, {.expects_body = true});
  if (!lr) return std::move(lr).err();
  std::string const now = t.b.now();
  auto input = expand_temporal_entity(lr->body->get_object(), *lr->ctx, now);
  if (!input) return std::move(input).err();
  auto created = t.history.add_instances(lr->tenant, input->id, input->types,
                                         std::move(input->instances), true,
                                         parse_iso8601(now).value_or(now_ms()));
  if (!created) return std::move(created).err();
  if (!*created) return no_content();
  http_response r;
  r.status = 201;
  r.headers.emplace_back("Location", "/ngsi-ld/v1/temporal/entities/" + input->id);
  return r;
}

result<http_response> delete_temporal(temporal_api const& t, http_request& req,
                                      std::string const& id) {
  auto lr = read_ld_request(req, t.b.contexts, {});
  if (!lr) return std::move(lr).err();
  if (auto r = check_uri(id); !r) return std::move(r).err();
  if (auto r = t.history.delete_entity(lr->tenant, id); !r) return std::move(r).err();
  return no_content();
}

result<http_response> add_temporal_attributes(temporal_api const& t, http_request& req,
                                              std::string const& id) {
  auto lr = read_ld_request(req, t.b.contexts, {.expects_body = true});
  if (!lr) return std::move(lr).err();
  if (auto r = check_uri(id); !r) return std::move(r).err();
  std::string const now = t.b.now();
  auto instances = expand_temporal_fragment(lr->body->get_object(), *lr->ctx, now);
  if (!instances) return std::move(instances).err();
  auto added = t.history.add_instances(lr->tenant, id, {}, std::move(*instances), false,
                                       parse_iso8601(now).value_or(now_ms()));
  if (!added) return std::move(added).err();
  return no_content();
}

result<http_response> delete_temporal_attribute(temporal_api const& t, http_request& req,
                                                std::string const& id, std::string const& attr) {
  auto lr = read_ld_request(req, t.b.contexts, {});
  if (!lr) return std::move(lr).err();
  if (auto r = check_uri(id); !r) return std::move(r).err();
  bool const all = req.param("deleteAll") && *req.param("deleteAll") == "true";
  std::string const dataset = req.param("datasetId") ? *req.param("datasetId") : "";
  if (!t.history.entity(lr->tenant, id)) return temporal_not_found(id);
  auto r = t.history.delete_attribute(lr->tenant, id, lr->ctx->expand_term(attr), dataset, all);
  if (!r) return std::move(r).err();
  return no_content();
}

result<http_response> patch_temporal_instance(temporal_api const& t, http_request& req,
                                              std::string const& id, std::string const& attr,
                                              std::string const& instance_id) {
  auto lr = read_ld_request(req, t.b.contexts, {.expects_body = true});
  if (!lr) return std::move(lr).err();
  if (auto r = check_uri(id); !r) return std::move(r).err();
  auto const& body = lr->body->get_object();
  // The body is the instance, or a fragment {"<attr>": instance} naming it.
  json::object const* inst = &body;
  if (auto const* named = body.if_contains(attr); named && named->is_object()) {
    inst = &named->get_object();
  } else if (named && named->is_array() && named->get_array().size() == 1 &&
             named->get_array()[0].is_object()) {
    inst = &named->get_array()[0].get_object();
  }
  auto input = expand_temporal_instance(attr, *inst, *lr->ctx);
  if (!input) return std::move(input).err();
  if (!t.history.entity(lr->tenant, id)) return temporal_not_found(id);
  auto r = t.history.patch_instance(lr->tenant, id, input->attribute, instance_id, input->body,
                                    parse_iso8601(t.b.now()).value_or(now_ms()));
  if (!r) return std::move(r).err();
  return no_content();
}

result<http_response> delete_temporal_instance(temporal_api const& t, http_request& req,
                                               std::string const& id, std::string const& attr,
                                               std::string const& instance_id) {
  auto lr = read_ld_request(req, t.b.contexts, {});
  if (!lr) return std::move(lr).err();
  if (auto r = check_uri(id); !r) return std::move(r).err();
  if (!t.history.entity(lr->tenant, id)) return temporal_not_found(id);
  auto r = t.history.delete_instance(lr->tenant, id, lr->ctx->expand_term(attr), instance_id);
  if (!r) return std::move(r).err();
  return no_content();
}

}  // namespace cityos::api
