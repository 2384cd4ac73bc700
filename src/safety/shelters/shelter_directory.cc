// SPDX-License-Identifier: Apache-2.0
#include "safety/shelters/shelter_directory.h"

#include <algorithm>
#include <cmath>

#include "ngsild/geo/geo_query.h"

namespace cityos::safety::shelters {

namespace {

constexpr std::string_view kCoreVocab = "https://uri.etsi.org/ngsi-ld/default-context/";
constexpr std::string_view kSdmPoi = "https://smartdatamodels.org/dataModel.PointOfInterest/PointOfInterest";

}  // namespace

void shelter_directory::state::apply(store::entity_change const& c) {
  auto s = c.after ? read_shelter(*c.after) : std::nullopt;
  bool const was = c.before && read_shelter(*c.before);
  if (!s && !was) return;
  std::lock_guard lock(mutex);
  if (loading) seen.insert(c.id);
  if (s) by_id.insert_or_assign(c.id, std::move(*s));
  else by_id.erase(c.id);
}

shelter_directory::shelter_directory(walking_model walking) : walking_(walking) {
  walking_.detour_factor = std::max(1.0, walking_.detour_factor);
  if (!(walking_.metres_per_minute > 0)) walking_.metres_per_minute = 80.0;
}

shelter_directory::~shelter_directory() = default;

result<void> shelter_directory::start(store::store& st, std::string tenant) {
  st.add_change_listener([s = state_, tenant](std::vector<store::entity_change>&& cs) {
    for (auto const& c : cs) {
      if (c.tenant == tenant) s->apply(c);
    }
  });
  store::entity_query q;
  for (auto name : {"EvacuationShelter", "Shelter", "PointOfInterest"}) q.types.push_back(std::string(kCoreVocab) + name);
  q.types.emplace_back(kSdmPoi);
  auto found = st.query(tenant, q);
  if (!found && found.err().code != error_code::nonexistent_tenant) return std::move(found).err();
  std::lock_guard lock(state_->mutex);
  if (found) {
    for (auto const& e : found->entities) {
      auto s = read_shelter(*e);
      // A shelter the feed changed during the load is newer there: keep the feed's.
      if (s && !state_->seen.contains(s->id)) state_->by_id.emplace(s->id, std::move(*s));
    }
  }
  state_->loading = false;
  state_->seen.clear();
  return {};
}

std::vector<nearby> shelter_directory::nearest(nearest_query const& q) const {
  struct candidate {
    double distance_m;
    shelter const* place;
  };
  auto const closer = [](candidate const& a, candidate const& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.place->id < b.place->id;
  };
  std::vector<nearby> out;
  std::lock_guard lock(state_->mutex);
  std::vector<candidate> found;
  for (auto const& [id, s] : state_->by_id) {
    if (q.available_only && !s.takes_people()) continue;
    double const d = ngsild::geo::haversine_meters(q.lon, q.lat, s.lon, s.lat);
    if (d <= q.max_distance_m) found.push_back({d, &s});
  }
  auto const n = std::min(q.limit, found.size());
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(n), found.end(), closer);
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    double const walk = found[i].distance_m * walking_.detour_factor;
    out.push_back(nearby{*found[i].place, found[i].distance_m, walk,
                         static_cast<int>(std::ceil(walk / walking_.metres_per_minute))});
  }
  return out;
}

std::size_t shelter_directory::size() const {
  std::lock_guard lock(state_->mutex);
  return state_->by_id.size();
}

}  // namespace cityos::safety::shelters
