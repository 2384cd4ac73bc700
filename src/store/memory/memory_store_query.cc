// SPDX-License-Identifier: Apache-2.0
// memory_store::query: candidate narrowing through the id, type and geo
// indexes, then filtering and paging in ascending id order.
#include <algorithm>
#include <functional>

#include "store/memory/id_order.h"
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

// Candidate sets up to this size are kept decoded also where the filter drops
// them: a filter over a small type (parking lots with free spaces, gauges over
// a level) then decodes nothing when asked again, while a scan of a large set
// cannot push out much of the cache (kDecodedCacheEntries is 8,192).
constexpr std::size_t kCachedCandidates = 1024;

// Collects matches in order; returns false once no more are needed.
struct pager {
  entity_query const& q;
  query_result& out;
  // The decoded entity of a blob; `keep`: cache it (for results, not for
  // candidates that may be filtered out, unless keep_candidates).
  std::function<entity_ptr(entity_blob const&, bool keep)> decode;
  std::function<void(entity_blob const&, entity_ptr)> keep;
  bool keep_candidates = false;  // set before visiting: few candidates
  std::size_t matched = 0;

  // `type_known`: the candidate came from the type index, so it has one of
  // q.types. Without a predicate such candidates match undecoded, so paging
  // past a large offset costs no decoding.
  bool visit(entity_blob const& blob, bool type_known) {
    bool const wanted = matched >= q.offset && out.entities.size() < q.limit;
    if (!q.predicate && (type_known || q.types.empty())) {
      if (wanted) out.entities.push_back(decode(blob, true));
    } else {
      auto e = decode(blob, keep_candidates);
      if (!type_known && !has_any_type(*e, q.types)) return true;
      if (q.predicate && !q.predicate(*e)) return true;
      if (wanted) {
        // A geo-query's results scatter over the map: caching them would
        // only push out entities that are read again.
        if (!q.box && !keep_candidates) keep(blob, e);
        out.entities.push_back(std::move(e));
      }
    }
    ++matched;
    return q.count || out.entities.size() < q.limit || matched < q.offset;
  }
};

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
  // A geo-query's candidates and results are never cached (see pager::visit),
  // so they are decoded into arenas.
  bool const local = q.box.has_value();
  pager p{q, out,
          [this, local](entity_blob const& blob, bool keep) { return decoded(blob, keep, local); },
          [this](entity_blob const& blob, entity_ptr e) { remember_decoded(blob, std::move(e)); }};
  // Without a count only the first offset+limit matches are needed, so
  // candidates are ordered chunk by chunk instead of all at once.
  bool const all = q.count;
  std::size_t const first_chunk = std::max<std::size_t>(2 * (q.offset + q.limit), 32);
  auto const by_id = [&ts](std::string_view id) -> entity_blob const* {
    auto e = ts.by_id.find(id);
    return e == ts.by_id.end() ? nullptr : &e->second;
  };
  if (!q.ids.empty()) {
    p.keep_candidates = q.ids.size() <= kCachedCandidates;
    visit_ids_in_order({q.ids.begin(), q.ids.end()}, all, first_chunk, [&](std::string_view id) {
      auto const* blob = by_id(id);
      return !blob || p.visit(*blob, false);
    });
  } else if (q.box) {
    // The index hands out map nodes in id order: stored forms, no lookup.
    ts.geo.visit_in_id_order(q.box_attribute, *q.box, q.box_filter,
                             [&](indexed_entity const* e) { return p.visit(e->second, false); });
  } else if (q.types.size() == 1) {
    if (auto bt = ts.by_type.find(q.types.front()); bt != ts.by_type.end()) {
      p.keep_candidates = bt->second.size() <= kCachedCandidates;
      for (auto id : bt->second) {
        if (!p.visit(ts.by_id.find(id)->second, true)) break;
      }
    }
  } else if (!q.types.empty()) {
    std::vector<std::string_view> ids;
    for (auto const& type : q.types) {
      if (auto bt = ts.by_type.find(type); bt != ts.by_type.end()) {
        ids.insert(ids.end(), bt->second.begin(), bt->second.end());
      }
    }
    p.keep_candidates = ids.size() <= kCachedCandidates;
    visit_ids_in_order(ids, all, first_chunk, [&](std::string_view id) {
      auto const* blob = by_id(id);
      return !blob || p.visit(*blob, true);
    });
  } else {
    p.keep_candidates = ts.by_id.size() <= kCachedCandidates;
    for (auto const& [id, blob] : ts.by_id) {
      if (!p.visit(blob, false)) break;
    }
  }
  if (q.count) out.total = p.matched;
  return out;
}

}  // namespace cityos::store
