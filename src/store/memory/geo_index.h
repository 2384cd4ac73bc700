// SPDX-License-Identifier: Apache-2.0
// Spatial index of one tenant's GeoProperties: (attribute IRI, bounding box)
// -> entity. Per attribute, Points go to a point_grid (cells in id order) and
// geometries with an extent to an R-tree. Boxes are in WGS84 degrees. An
// entity is referred to by its node in the owning store's id map with the
// id_key of its id, so a query visits candidates in id order without looking
// up or comparing most ids. Not thread-safe: the owning store guards it with
// its lock.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include "common/json.h"
#include "store/memory/id_order.h"
#include "store/memory/point_grid.h"
#include "store/store.h"

namespace cityos::store {

// Returns the bounding box of a GeoJSON geometry's coordinates, or nullopt if
// it has none that are numeric.
std::optional<geo_box> bounding_box(json::value const& geojson);

class geo_index {
 public:
  using boxes = std::vector<std::pair<std::string, geo_box>>;  // (attribute IRI, box)

  // Adds / removes the GeoProperty boxes of one entity (from boxes_of()).
  // `entity` must stay valid while indexed (a node of the owning map). Between
  // begin_bulk() and finish_bulk(), add() queues and remove() takes a box out
  // of the trees or, if it is only queued, out of the queue.
  void add(indexed_entity const* entity, boxes const& b);
  void remove(indexed_entity const* entity, boxes const& b);
  // Every GeoProperty instance box of `entity`: (attribute IRI, box).
  static boxes boxes_of(json::object const& entity);
  // Bulk loading: queue boxes, then build the trees at once (much faster than
  // one insert each). Queries see queued boxes only after finish_bulk(),
  // which also ends the bulk mode of begin_bulk().
  void begin_bulk() { bulk_ = true; }
  void add_bulk(std::string_view attribute, indexed_entity const* entity, geo_box const& b);
  void finish_bulk();
  // Calls visit(entity) in ascending id order, once each, for the entities
  // with an `attribute` box that intersects `box` and, if `keep` is set,
  // passes keep(that box), until visit returns false.
  void visit_in_id_order(std::string_view attribute, geo_box const& box,
                         std::function<bool(geo_box const&)> const& keep,
                         std::function<bool(indexed_entity const*)> const& visit) const;

 private:
  using point = boost::geometry::model::point<double, 2, boost::geometry::cs::cartesian>;
  using box = boost::geometry::model::box<point>;
  struct entry {
    indexed_entity const* entity;
    id_key key;  // of entity->first
    bool operator==(entry const& o) const { return entity == o.entity; }
  };
  using value = std::pair<box, entry>;
  using tree = boost::geometry::index::rtree<value, boost::geometry::index::rstar<16>>;
  std::unordered_map<std::string, tree> trees_;  // attribute IRI -> boxes with an extent
  std::unordered_map<std::string, point_grid> grids_;  // attribute IRI -> Points
  std::unordered_map<std::string, std::vector<value>> pending_;  // attribute -> queued boxes
  // Queued boxes removed again before finish_bulk(): (attribute, box, entity).
  // Entities compare by address: a queued one may have been erased since.
  std::vector<std::pair<std::string, value>> unqueued_;
  bool bulk_ = false;
};

}  // namespace cityos::store
