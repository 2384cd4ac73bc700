// SPDX-License-Identifier: Apache-2.0
#include "store/memory/geo_index.h"

#include <algorithm>
#include <set>
#include <tuple>

#include <boost/iterator/function_output_iterator.hpp>

namespace cityos::store {

namespace {

void grow(json::value const& c, geo_box& b, bool& any) {
  if (!c.is_array()) return;
  auto const& a = c.get_array();
  if (a.size() >= 2 && a[0].is_number() && a[1].is_number()) {
    b.extend(a[0].to_number<double>(), a[1].to_number<double>());
    any = true;
    return;
  }
  for (auto const& e : a) grow(e, b, any);
}

}  // namespace

std::optional<geo_box> bounding_box(json::value const& geojson) {
  auto const* o = geojson.if_object();
  if (!o) return std::nullopt;
  auto const* coords = o->if_contains("coordinates");
  if (!coords) return std::nullopt;
  geo_box b{1e9, 1e9, -1e9, -1e9};
  bool any = false;
  grow(*coords, b, any);
  if (!any) return std::nullopt;
  return b;
}

geo_index::boxes geo_index::boxes_of(json::object const& entity) {
  boxes out;
  for (auto const& kv : entity) {
    auto const* instances = kv.value().if_array();
    if (!instances) continue;
    for (auto const& inst : *instances) {
      auto const* o = inst.if_object();
      if (!o) continue;
      auto const* t = o->if_contains("type");
      auto const* v = o->if_contains("value");
      if (!t || !v || !t->is_string() || t->get_string() != "GeoProperty") continue;
      if (auto b = bounding_box(*v)) out.emplace_back(kv.key(), *b);
    }
  }
  return out;
}

namespace {

bool is_point(geo_box const& b) { return b.min_lon == b.max_lon && b.min_lat == b.max_lat; }

}  // namespace

void geo_index::add(indexed_entity const* entity, boxes const& bs) {
  for (auto const& [attr, b] : bs) {
    if (bulk_) {
      add_bulk(attr, entity, b);
    } else if (is_point(b)) {
      grids_[attr].add(entity, b.min_lon, b.min_lat);
    } else {
      trees_[attr].insert(
          {box{{b.min_lon, b.min_lat}, {b.max_lon, b.max_lat}}, {entity, id_key::of(entity->first)}});
    }
  }
}

void geo_index::remove(indexed_entity const* entity, boxes const& bs) {
  for (auto const& [attr, b] : bs) {
    if (is_point(b)) {
      if (auto g = grids_.find(attr); g != grids_.end()) g->second.remove(entity, b.min_lon, b.min_lat);
      continue;
    }
    value const v{box{{b.min_lon, b.min_lat}, {b.max_lon, b.max_lat}}, {entity, {}}};
    auto it = trees_.find(attr);
    std::size_t const removed = it != trees_.end() ? it->second.remove(v) : 0;
    if (removed == 0 && bulk_) unqueued_.emplace_back(attr, v);
  }
}

void geo_index::add_bulk(std::string_view attribute, indexed_entity const* entity,
                         geo_box const& b) {
  if (is_point(b)) {
    grids_[std::string(attribute)].add(entity, b.min_lon, b.min_lat, /*bulk=*/true);
    return;
  }
  pending_[std::string(attribute)].push_back(
      {box{{b.min_lon, b.min_lat}, {b.max_lon, b.max_lat}}, {entity, id_key::of(entity->first)}});
}

namespace {

// A queued box's identity: its entity's address and its corners.
using box_key = std::tuple<void const*, double, double, double, double>;

template <typename Value>
box_key key_of(Value const& v) {
  return {v.second.entity, v.first.min_corner().template get<0>(),
          v.first.min_corner().template get<1>(), v.first.max_corner().template get<0>(),
          v.first.max_corner().template get<1>()};
}

}  // namespace

void geo_index::finish_bulk() {
  bulk_ = false;
  for (auto& [attr, grid] : grids_) grid.sort();
  if (!unqueued_.empty()) {
    // Drop, per attribute, one queued box for each removal of it.
    std::unordered_map<std::string, std::multiset<box_key>> gone;
    for (auto const& [attr, v] : unqueued_) gone[attr].insert(key_of(v));
    unqueued_.clear();
    for (auto& [attr, drop] : gone) {
      auto p = pending_.find(attr);
      if (p == pending_.end()) continue;
      std::erase_if(p->second, [&drop](value const& v) {
        auto it = drop.find(key_of(v));
        if (it == drop.end()) return false;
        drop.erase(it);
        return true;
      });
    }
  }
  for (auto& [attr, values] : pending_) {
    auto& t = trees_[attr];
    if (t.empty()) {
      t = tree(values.begin(), values.end());  // packing: one pass over sorted boxes
    } else {
      t.insert(values.begin(), values.end());
    }
  }
  pending_.clear();
}

void geo_index::visit_in_id_order(std::string_view attribute, geo_box const& b,
                                  std::function<bool(geo_box const&)> const& keep,
                                  std::function<bool(indexed_entity const*)> const& visit) const {
  std::string const attr(attribute);
  std::vector<located_list const*> cells;
  if (auto g = grids_.find(attr); g != grids_.end()) g->second.cells(b, cells);
  // Geometries with an extent: usually few, so all of them are ordered.
  located_list others;
  if (auto t = trees_.find(attr); t != trees_.end()) {
    box const q{{b.min_lon, b.min_lat}, {b.max_lon, b.max_lat}};
    // query() with an output iterator: the type-erased qbegin() iterator costs
    // a virtual call per step.
    t->second.query(boost::geometry::index::intersects(q),
                    boost::make_function_output_iterator([&](value const& v) {
                      auto const& lo = v.first.min_corner();
                      auto const& hi = v.first.max_corner();
                      if (!keep || keep(geo_box{lo.get<0>(), lo.get<1>(), hi.get<0>(), hi.get<1>()})) {
                        others.insert({v.second.key, v.second.entity, 0, 0});
                      }
                    }));
  }
  visit_located_in_id_order(cells, b, keep, others, visit);
}

}  // namespace cityos::store
