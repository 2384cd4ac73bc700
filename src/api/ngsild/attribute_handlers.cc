// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/attribute_handlers.h"

#include "api/ngsild/entity_filter.h"
#include "api/ngsild/ld_request.h"
#include "ngsild/entity/entity_input.h"
#include "ngsild/entity/entity_ops.h"

namespace cityos::api {

namespace {

// 204 when everything was updated, else 207 with the UpdateResult body.
http_response update_result(ld_request const& lr, ngsild::update_outcome const& out,
                            store::commit_seq seq) {
  http_response r;
  r.wait_seq = seq;
  if (out.not_updated.empty()) {
    r.status = 204;
    return r;
  }
  json::array updated, not_updated;
  for (auto const& u : out.updated) updated.emplace_back(lr.ctx->compact_iri(u));
  for (auto const& n : out.not_updated) {
    not_updated.push_back(json::object{{"attributeName", lr.ctx->compact_iri(n.name)},
                                       {"reason", n.reason}});
  }
  r.status = 207;
  r.content_type = "application/json";
  r.body = dump(json::object{{"updated", std::move(updated)}, {"notUpdated", std::move(not_updated)}});
  return r;
}

using entity_op = std::function<result<json::object>(json::object const& current)>;

// Applies `op` to entity `id` of the request's tenant; 204 on success.
result<http_response> modify_existing(broker const& b, ld_request const& lr, std::string const& id,
                                      entity_op const& op) {
  if (auto r = require_tenant(b, lr.tenant); !r) return std::move(r).err();
  auto seq = b.store.modify(lr.tenant, id,
                            [&](json::object const* current) -> result<store::mutation> {
                              if (!current) return entity_not_found(id);
                              auto changed = op(*current);
                              if (!changed) return std::move(changed).err();
                              return store::mutation{store::mutation::kind::put,
                                                     std::move(*changed)};
                            });
  if (!seq) return std::move(seq).err();
  http_response r;
  r.status = 204;
  r.wait_seq = *seq;
  return r;
}

using fragment_op = std::function<result<ngsild::update_outcome>(json::object const& current,
                                                                 json::object const& fragment)>;

result<http_response> apply_fragment(broker const& b, http_request& req, std::string const& id,
                                     fragment_op const& op) {
  auto lr = read_ld_request(req, b.contexts, {.expects_body = true});
  if (!lr) return std::move(lr).err();
  auto fragment = ngsild::expand_fragment(lr->body->get_object(), *lr->ctx);
  if (!fragment) return std::move(fragment).err();
  if (auto r = require_tenant(b, lr->tenant); !r) return std::move(r).err();
  ngsild::update_outcome outcome;
  auto seq = b.store.modify(lr->tenant, id,
                            [&](json::object const* current) -> result<store::mutation> {
                              if (!current) return entity_not_found(id);
                              auto out = op(*current, *fragment);
                              if (!out) return std::move(out).err();
                              outcome = std::move(*out);
                              if (outcome.updated.empty()) return store::mutation{};
                              return store::mutation{store::mutation::kind::put,
                                                     std::move(outcome.entity)};
                            });
  if (!seq) return std::move(seq).err();
  return update_result(*lr, outcome, *seq);
}

}  // namespace

result<http_response> append_attributes(broker const& b, http_request& req, std::string const& id) {
  bool const no_overwrite = has_option(req, "noOverwrite");
  std::string const now = b.now();
  return apply_fragment(b, req, id, [&](json::object const& cur, json::object const& frag) {
    return ngsild::append_attributes(cur, frag, now, no_overwrite);
  });
}

result<http_response> update_attributes(broker const& b, http_request& req, std::string const& id) {
  std::string const now = b.now();
  return apply_fragment(b, req, id, [&](json::object const& cur, json::object const& frag) {
    return ngsild::update_attributes(cur, frag, now);
  });
}

result<http_response> patch_attribute(broker const& b, http_request& req, std::string const& id,
                                      std::string const& attr) {
  auto lr = read_ld_request(req, b.contexts, {.expects_body = true});
  if (!lr) return std::move(lr).err();
  auto fragment = ngsild::expand_attribute(attr, *lr->body, *lr->ctx, {.partial = true});
  if (!fragment) return std::move(fragment).err();
  std::string const now = b.now();
  return modify_existing(b, *lr, id, [&](json::object const& cur) {
    return ngsild::patch_attribute(cur, *fragment, now);
  });
}

result<http_response> replace_attribute(broker const& b, http_request& req, std::string const& id,
                                        std::string const& attr) {
  auto lr = read_ld_request(req, b.contexts, {.expects_body = true});
  if (!lr) return std::move(lr).err();
  auto fragment = ngsild::expand_attribute(attr, *lr->body, *lr->ctx);
  if (!fragment) return std::move(fragment).err();
  std::string const now = b.now();
  return modify_existing(b, *lr, id, [&](json::object const& cur) {
    return ngsild::replace_attribute(cur, *fragment, now);
  });
}

result<http_response> delete_attribute(broker const& b, http_request& req, std::string const& id,
                                       std::string const& attr) {
  auto lr = read_ld_request(req, b.contexts, {});
  if (!lr) return std::move(lr).err();
  std::string const iri = lr->ctx->expand_term(attr);
  std::optional<std::string_view> dataset;
  if (auto const* d = req.param("datasetId")) dataset = *d;
  bool const all = req.param("deleteAll") && *req.param("deleteAll") == "true";
  std::string const now = b.now();
  return modify_existing(b, *lr, id, [&](json::object const& cur) {
    return ngsild::delete_attribute(cur, iri, dataset, all, now);
  });
}

}  // namespace cityos::api
