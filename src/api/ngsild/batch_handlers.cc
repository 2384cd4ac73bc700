// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/batch_handlers.h"

#include "api/ngsild/entity_filter.h"
#include "api/ngsild/entity_response.h"
#include "api/ngsild/ld_request.h"
#include "api/ngsild/render_params.h"
#include "api/problem_details.h"
#include "ngsild/entity/entity_input.h"
#include "ngsild/entity/entity_ops.h"

namespace cityos::api {

namespace {

json::object batch_error(std::string_view id, error const& e) {
  json::object pd{{"type", problem_type(e.code)},
                  {"title", problem_title(e.code)},
                  {"status", http_status(e.code)},
                  {"detail", e.detail}};
  return json::object{{"entityId", id}, {"error", std::move(pd)}};
}

// One batch element after validation: its id and expanded form, or its error.
struct element {
  std::string id;
  std::optional<json::object> expanded;
  std::optional<error> failed;
  bool created = false;  // set by the mutation when the entity was new
};

std::string element_id(json::value const& v) {
  if (auto const* o = v.if_object()) {
    if (auto const* id = o->if_contains("id"); id && id->is_string()) return std::string(id->get_string());
  }
  return {};
}

result<std::shared_ptr<ngsild::context const>> element_context(broker const& b, ld_request const& lr,
                                                                json::value const& v) {
  if (auto const* o = v.if_object()) {
    if (auto const* c = o->if_contains("@context")) return b.contexts.resolve(*c);
  }
  return lr.ctx;
}

element validate(broker const& b, ld_request const& lr, json::value const& v, batch_kind kind) {
  element el;
  el.id = element_id(v);
  if (!v.is_object()) {
    el.failed = make_error(error_code::bad_request, "batch element is not a JSON object");
    return el;
  }
  auto ctx = element_context(b, lr, v);
  if (!ctx) {
    el.failed = ctx.err();
    return el;
  }
  auto expanded = kind == batch_kind::create || kind == batch_kind::upsert
                      ? ngsild::expand_entity(v.get_object(), **ctx)
                      : ngsild::expand_fragment(v.get_object(), **ctx,
                                                {.merge = kind == batch_kind::merge});
  if (!expanded) {
    el.failed = expanded.err();
  } else if (el.id.empty() || !ngsild::is_uri(el.id)) {
    el.failed = make_error(error_code::bad_request, "batch element without a valid id");
  } else {
    el.expanded = std::move(*expanded);
  }
  return el;
}

// The store runs the returned function exactly once, so it may move the
// element's expanded entity out. `el` and `now` must outlive the batch call.
store::mutate_fn mutation_for(element& el, batch_kind kind, std::string const& now,
                              bool flag) {
  return [&el, kind, &now, flag](json::object const* cur) -> result<store::mutation> {
    using store::mutation;
    switch (kind) {
      case batch_kind::create:
        if (cur) return make_error(error_code::already_exists, "entity '" + el.id + "' already exists");
        el.created = true;
        return mutation{mutation::kind::put, ngsild::make_created(std::move(*el.expanded), now)};
      case batch_kind::upsert: {
        el.created = cur == nullptr;
        auto r = ngsild::upsert_entity(cur, std::move(*el.expanded),
                                       flag ? ngsild::upsert_mode::update : ngsild::upsert_mode::replace,
                                       now);
        if (!r) return std::move(r).err();
        return mutation{mutation::kind::put, std::move(*r)};
      }
      case batch_kind::update: {
        if (!cur) return entity_not_found(el.id);
        auto r = ngsild::append_attributes(*cur, *el.expanded, now, flag);
        if (!r) return std::move(r).err();
        return mutation{mutation::kind::put, std::move(r->entity)};
      }
      case batch_kind::merge: {
        if (!cur) return entity_not_found(el.id);
        auto r = ngsild::merge_entity(*cur, *el.expanded, now);
        if (!r) return std::move(r).err();
        return mutation{mutation::kind::put, std::move(*r)};
      }
    }
    return mutation{};
  };
}

http_response batch_response(std::vector<element> const& els, batch_kind kind,
                             store::commit_seq seq) {
  json::array success, errors, created;
  bool any_created = false;
  for (auto const& el : els) {
    if (el.failed) {
      errors.push_back(batch_error(el.id, *el.failed));
    } else {
      success.emplace_back(el.id);
      if (el.created) {
        any_created = true;
        created.emplace_back(el.id);
      }
    }
  }
  http_response r;
  r.wait_seq = seq;
  if (!errors.empty()) {
    r.status = 207;
    r.content_type = "application/json";
    r.body = dump(json::object{{"success", std::move(success)}, {"errors", std::move(errors)}});
  } else if (kind == batch_kind::create || (kind == batch_kind::upsert && any_created)) {
    r.status = 201;
    r.content_type = "application/json";
    r.body = dump(kind == batch_kind::create ? success : created);
  } else {
    r.status = 204;
  }
  return r;
}

result<ld_request> read_batch(broker const& b, http_request& req) {
  auto lr = read_ld_request(req, b.contexts, {.expects_body = true, .body_must_be_array = true});
  if (!lr) return lr;
  auto const n = lr->body->get_array().size();
  if (n == 0) return make_error(error_code::bad_request, "the batch is empty");
  if (n > b.limits.max_batch) {
    return make_error(error_code::too_large, "batch of " + std::to_string(n) +
                                                 " entities exceeds the maximum of " +
                                                 std::to_string(b.limits.max_batch));
  }
  return lr;
}

}  // namespace

result<http_response> batch_write(broker const& b, http_request& req, batch_kind kind) {
  auto lr = read_batch(b, req);
  if (!lr) return std::move(lr).err();
  std::string const now = b.now();
  bool const flag = kind == batch_kind::upsert ? has_option(req, "update")
                                               : has_option(req, "noOverwrite");
  auto const& items = lr->body->get_array();
  std::vector<element> els;
  els.reserve(items.size());
  for (auto const& v : items) els.push_back(validate(b, *lr, v, kind));
  std::vector<store::batch_item> batch;
  std::vector<std::size_t> index;  // batch position -> element
  for (std::size_t i = 0; i < els.size(); ++i) {
    if (els[i].failed) continue;
    batch.push_back({els[i].id, mutation_for(els[i], kind, now, flag)});
    index.push_back(i);
  }
  std::vector<result<void>> results;
  auto const seq = b.store.modify_batch(lr->tenant, batch, results);
  for (std::size_t k = 0; k < results.size(); ++k) {
    if (!results[k]) els[index[k]].failed = results[k].err();
  }
  return batch_response(els, kind, seq);
}

result<http_response> batch_delete(broker const& b, http_request& req) {
  auto lr = read_batch(b, req);
  if (!lr) return std::move(lr).err();
  std::vector<element> els;
  for (auto const& v : lr->body->get_array()) {
    element el;
    if (v.is_string()) el.id = v.get_string();
    if (el.id.empty() || !ngsild::is_uri(el.id)) {
      el.failed = make_error(error_code::bad_request, "batch delete takes an array of entity ids");
    }
    els.push_back(std::move(el));
  }
  std::vector<store::batch_item> batch;
  std::vector<std::size_t> index;
  for (std::size_t i = 0; i < els.size(); ++i) {
    if (els[i].failed) continue;
    batch.push_back({els[i].id, [&el = els[i]](json::object const* cur) -> result<store::mutation> {
                       if (!cur) return entity_not_found(el.id);
                       return store::mutation{store::mutation::kind::erase, {}};
                     }});
    index.push_back(i);
  }
  std::vector<result<void>> results;
  if (auto r = require_tenant(b, lr->tenant); !r) return std::move(r).err();
  auto const seq = b.store.modify_batch(lr->tenant, batch, results);
  for (std::size_t k = 0; k < results.size(); ++k) {
    if (!results[k]) els[index[k]].failed = results[k].err();
  }
  return batch_response(els, batch_kind::update, seq);
}

result<http_response> batch_query(broker const& b, http_request& req) {
  auto lr = read_ld_request(req, b.contexts, {.expects_body = true});
  if (!lr) return std::move(lr).err();
  auto filter = parse_query_object(lr->body->get_object(), *lr->ctx);
  if (!filter) return std::move(filter).err();
  if (filter->empty()) {
    return make_error(error_code::bad_request,
                      "the Query needs at least one of entities, attrs, q, geoQ or scopeQ");
  }
  auto render = parse_render_params(req, *lr->ctx);
  if (!render) return std::move(render).err();
  // The Query's "attrs" also select the attributes returned (as GET's attrs).
  if (!render->attrs && !filter->attrs.empty()) render->attrs = filter->attrs;
  auto limit_param = read_size_param(req, "limit", b.limits.default_limit);
  if (!limit_param) return std::move(limit_param).err();
  auto offset_param = read_size_param(req, "offset", 0);
  if (!offset_param) return std::move(offset_param).err();
  std::size_t const limit = *limit_param, offset = *offset_param;
  if (limit > b.limits.max_limit) {
    return make_error(error_code::too_many_results, "limit exceeds the maximum");
  }
  bool const count = wants_count(req);
  auto shared = std::make_shared<entity_filter const>(std::move(*filter));
  auto found = b.store.query(lr->tenant, make_store_query(shared, offset, limit, count));
  if (!found) return std::move(found).err();
  auto resp = entities_response(found->entities, *lr, *render, shared->geo ? nullptr : b.renders);
  if (found->total) resp.headers.emplace_back("NGSILD-Results-Count", std::to_string(*found->total));
  return resp;
}

}  // namespace cityos::api
