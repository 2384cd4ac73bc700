// SPDX-License-Identifier: Apache-2.0
// memory_store::query: candidate narrowing through the id, type and geo
// indexes, then filtering and paging in ascending id order.
#include <algorithm>

#include "store/memory/memory_store.h"

namespace cityos::store {

namespace {

bool has_any_type(json::object const& e, std::vector<std::string> const& types) {
  if (types.empty()) return true;
  auto const* t = e.if_contains("type");
  if (!t || !t->is_array()) return false;
  for (auto const& x : t->get_array()) {
    if (!x.is_string()) continue;
    for (auto const& want : types) {
      if (x.get_string() == want) return true;
    }
  }
  return false;
}

// Collects matches in order; returns false once no more are needed.
struct pager {
  entity_query const& q;
  query_result& out;
  std::size_t matched = 0;

  // `type_known`: the candidate came from the type index, so it has one of
  // q.types. Without a predicate such candidates match undecoded, so paging
  // past a large offset costs no decoding.
  bool visit(std::string const& blob, bool type_known) {
    bool const wanted = matched >= q.offset && out.entities.size() < q.limit;
    if (!q.predicate && (type_known || q.types.empty())) {
      if (wanted) out.entities.push_back(std::make_shared<json::object const>(decode_entity(blob)));
    } else {
      auto e = std::make_shared<json::object const>(decode_entity(blob));
      if (!type_known && !has_any_type(*e, q.types)) return true;
      if (q.predicate && !q.predicate(*e)) return true;
      if (wanted) out.entities.push_back(std::move(e));
    }
    ++matched;
    return q.count || out.entities.size() < q.limit || matched < q.offset;
  }
};

void sort_unique(std::vector<std::string_view>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

}  // namespace

result<query_result> memory_store::query(std::string_view tenant, entity_query const& q) const {
  std::shared_lock lock(state_mutex_);
  query_result out;
  auto t = tenants_.find(tenant);
  if (t == tenants_.end()) {
    if (!tenant.empty()) {
      return make_error(error_code::nonexistent_tenant,
                        "tenant '" + std::string(tenant) + "' does not exist");
    }
    if (q.count) out.total = 0;
    return out;
  }
  auto const& ts = t->second;
  pager p{q, out};
  auto visit_ids = [&](std::vector<std::string_view> const& ids, bool type_known) {
    for (auto id : ids) {
      auto it = ts.by_id.find(id);
      if (it != ts.by_id.end() && !p.visit(*it->second, type_known)) break;
    }
  };
  if (!q.ids.empty()) {
    std::vector<std::string_view> ids(q.ids.begin(), q.ids.end());
    sort_unique(ids);
    visit_ids(ids, false);
  } else if (q.box) {
    std::vector<std::string_view> ids;
    ts.geo.find(q.box_attribute, *q.box, ids);
    sort_unique(ids);
    visit_ids(ids, false);
  } else if (q.types.size() == 1) {
    if (auto bt = ts.by_type.find(q.types.front()); bt != ts.by_type.end()) {
      for (auto id : bt->second) {
        if (!p.visit(*ts.by_id.find(id)->second, true)) break;
      }
    }
  } else if (!q.types.empty()) {
    std::vector<std::string_view> ids;
    for (auto const& type : q.types) {
      if (auto bt = ts.by_type.find(type); bt != ts.by_type.end()) {
        ids.insert(ids.end(), bt->second.begin(), bt->second.end());
      }
    }
    sort_unique(ids);
    visit_ids(ids, true);
  } else {
    for (auto const& [id, blob] : ts.by_id) {
      if (!p.visit(*blob, false)) break;
    }
  }
  if (q.count) out.total = p.matched;
  return out;
}

}  // namespace cityos::store
