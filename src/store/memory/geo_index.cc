// SPDX-License-Identifier: Apache-2.0
#include "store/memory/geo_index.h"

#include <algorithm>

namespace cityos::store {

namespace {

void grow(json::value const& c, geo_box& b, bool& any) {
  if (!c.is_array()) return;
  auto const& a = c.get_array();
  if (a.size() >= 2 && a[0].is_number() && a[1].is_number()) {
    double const lon = a[0].to_number<double>(), lat = a[1].to_number<double>();
    b.min_lon = std::min(b.min_lon, lon);
    b.max_lon = std::max(b.max_lon, lon);
    b.min_lat = std::min(b.min_lat, lat);
    b.max_lat = std::max(b.max_lat, lat);
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

void geo_index::add(std::string_view id, boxes const& bs) {
  for (auto const& [attr, b] : bs) {
    trees_[attr].insert({box{{b.min_lon, b.min_lat}, {b.max_lon, b.max_lat}}, id});
  }
}

void geo_index::remove(std::string_view id, boxes const& bs) {
  for (auto const& [attr, b] : bs) {
    auto it = trees_.find(attr);
    if (it != trees_.end()) {
      it->second.remove(value{box{{b.min_lon, b.min_lat}, {b.max_lon, b.max_lat}}, id});
    }
  }
}

void geo_index::add_bulk(std::string_view attribute, std::string_view id, geo_box const& b) {
  pending_[std::string(attribute)].push_back(
      {box{{b.min_lon, b.min_lat}, {b.max_lon, b.max_lat}}, id});
}

void geo_index::finish_bulk() {
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

void geo_index::find(std::string_view attribute, geo_box const& b,
                     std::vector<std::string_view>& out) const {
  auto it = trees_.find(std::string(attribute));
  if (it == trees_.end()) return;
  box const q{{b.min_lon, b.min_lat}, {b.max_lon, b.max_lat}};
  for (auto qit = it->second.qbegin(boost::geometry::index::intersects(q));
       qit != it->second.qend(); ++qit) {
    out.push_back(qit->second);
  }
}

}  // namespace cityos::store
