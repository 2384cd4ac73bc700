// SPDX-License-Identifier: Apache-2.0
#include "auth/guarded_store.h"

namespace cityos::auth {

sto::entity_ptr guarded_store::get(std::string_view tenant, std::string_view id) const {
  auto e = inner_.get(tenant, id);
  if (!e || !who_.may_read(tenant, *e)) return nullptr;
  if (who_.policy().is_personal(*e)) who_.record("read", tenant, id);
  return e;
}

result<sto::query_result> guarded_store::query(std::string_view tenant, sto::entity_query const& q) const {
  sto::entity_query guarded = q;
  std::string const t(tenant);
  guarded.predicate = [this, t, inner = q.predicate](json::object const& e) {
    return who_.may_read(t, e) && (!inner || inner(e));
  };
  auto r = inner_.query(tenant, guarded);
  if (!r) return r;
  for (auto const& e : r->entities) {
    if (who_.policy().is_personal(*e)) {
      auto const* id = e->if_contains("id");
      who_.record("read", tenant, id != nullptr && id->is_string() ? std::string_view(id->get_string()) : "");
    }
  }
  return r;
}

void guarded_store::scan(std::string_view tenant, std::function<bool(json::object const&)> const& fn) const {
  inner_.scan(tenant, [&](json::object const& e) { return !who_.may_read(tenant, e) || fn(e); });
}

sto::mutate_fn guarded_store::guard(std::string_view tenant, sto::mutate_fn const& fn, outcome& out) const {
  return [this, t = std::string(tenant), &fn, &out](json::object const* current) -> result<sto::mutation> {
    if (current != nullptr && !who_.may_write(t, *current)) {
      if (!who_.may_read(t, *current)) {
        auto const* id = current->if_contains("id");
        return make_error(error_code::not_found,
                          "entity '" + std::string(id != nullptr && id->is_string() ? id->get_string() : "") +
                              "' not found");
      }
      return make_error(error_code::forbidden, "this credential may not change this entity");
    }
    auto m = fn(current);
    if (!m) return m;
    if (m->what == sto::mutation::kind::put) {
      if (!who_.may_write(t, m->entity)) {
        return make_error(error_code::forbidden, "this credential may not write entities of this type or id");
      }
      out.action = current == nullptr ? "create" : "update";
    } else if (m->what == sto::mutation::kind::erase) {
      out.action = "delete";
    }
    return m;
  };
}

result<sto::commit_seq> guarded_store::modify(std::string_view tenant, std::string_view id,
                                                sto::mutate_fn const& fn) {
  outcome out;
  auto r = inner_.modify(tenant, id, guard(tenant, fn, out));
  if (r && !out.action.empty()) who_.record(out.action, tenant, id);
  return r;
}

sto::commit_seq guarded_store::modify_batch(std::string_view tenant, std::vector<sto::batch_item> const& items,
                                              std::vector<result<void>>& results) {
  std::vector<outcome> outs(items.size());
  std::vector<sto::batch_item> guarded;
  guarded.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) guarded.push_back({items[i].id, guard(tenant, items[i].fn, outs[i])});
  auto const seq = inner_.modify_batch(tenant, guarded, results);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i < results.size() && results[i] && !outs[i].action.empty()) who_.record(outs[i].action, tenant, items[i].id);
  }
  return seq;
}

void guarded_store::add_change_listener(sto::change_listener listener) {
  inner_.add_change_listener(std::move(listener));
}

}  // namespace cityos::auth
