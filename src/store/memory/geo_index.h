// SPDX-License-Identifier: Apache-2.0
// Spatial index of one tenant's GeoProperties: (attribute IRI, bounding box)
// -> entity id, an R-tree per attribute. Boxes are in WGS84 degrees. Not
// thread-safe: the owning store guards it with its lock.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include "common/json.h"
#include "store/store.h"

namespace cityos::store {

// Returns the bounding box of a GeoJSON geometry's coordinates, or nullopt if
// it has none that are numeric.
std::optional<geo_box> bounding_box(json::value const& geojson);

class geo_index {
 public:
  using boxes = std::vector<std::pair<std::string, geo_box>>;  // (attribute IRI, box)

  // Adds / removes the GeoProperty boxes of one entity (from boxes_of()).
  // `id` must stay valid while indexed (a key of the owning map). Between
  // begin_bulk() and finish_bulk(), add() queues and remove() takes a box out
  // of the trees or, if it is only queued, out of the queue.
  void add(std::string_view id, boxes const& b);
  void remove(std::string_view id, boxes const& b);
  // Every GeoProperty instance box of `entity`: (attribute IRI, box).
  static boxes boxes_of(json::object const& entity);
  // Bulk loading: queue boxes, then build the trees at once (much faster than
  // one insert each). Queries see queued boxes only after finish_bulk(),
  // which also ends the bulk mode of begin_bulk().
  void begin_bulk() { bulk_ = true; }
  void add_bulk(std::string_view attribute, std::string_view id, geo_box const& b);
  void finish_bulk();
  // Ids of entities whose `attribute` box intersects `box`, unsorted, may repeat.
  void find(std::string_view attribute, geo_box const& box,
            std::vector<std::string_view>& out) const;

 private:
  using point = boost::geometry::model::point<double, 2, boost::geometry::cs::cartesian>;
  using box = boost::geometry::model::box<point>;
  using value = std::pair<box, std::string_view>;
  struct same_value {
    bool operator()(value const& a, value const& b) const {
      return boost::geometry::equals(a.first, b.first) && a.second == b.second;
    }
  };
  using tree = boost::geometry::index::rtree<value, boost::geometry::index::quadratic<16>,
                                             boost::geometry::index::indexable<value>, same_value>;
  std::unordered_map<std::string, tree> trees_;  // attribute IRI -> boxes
  std::unordered_map<std::string, std::vector<value>> pending_;  // attribute -> queued boxes
  // Queued boxes removed again before finish_bulk(): (attribute, box, id).
  // Ids compare by address: a queued id may be a key erased since.
  std::vector<std::pair<std::string, value>> unqueued_;
  bool bulk_ = false;
};

}  // namespace cityos::store
