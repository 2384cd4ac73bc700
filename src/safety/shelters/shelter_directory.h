// SPDX-License-Identifier: Apache-2.0
// The evacuation shelters of one tenant, kept current from the store: loaded at
// start (through the type index: types EvacuationShelter, Shelter, PointOfInterest
// in the core or Smart Data Models context), then every write or deletion of a
// shelter entity (any @context) comes through the change feed; the listener applies
// it at once (one small parse under the directory's lock, no store call). Answers
// "the nearest shelters to a point" with a walking estimate: the great-circle
// distance times a detour factor, at a walking speed (80 m a minute, the Japanese
// real-estate convention, by default). A few thousand shelters are scanned per
// question (microseconds). Thread-safe.
#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/result.h"
#include "safety/shelters/shelter.h"
#include "store/store.h"

namespace cityos::safety::shelters {

struct walking_model {
  double detour_factor = 1.3;       // walking path / straight line, >= 1
  double metres_per_minute = 80.0;  // > 0
};

struct nearest_query {
  double lon = 0;
  double lat = 0;
  std::size_t limit = 5;
  bool available_only = true;  // skip closed and full shelters
  double max_distance_m = std::numeric_limits<double>::infinity();  // straight line
};

class shelter_directory {
 public:
  explicit shelter_directory(walking_model walking = {});
  ~shelter_directory();
  shelter_directory(shelter_directory const&) = delete;
  shelter_directory& operator=(shelter_directory const&) = delete;

  // Listens to `st` for shelters of `tenant`, then loads the ones stored. Call once,
  // before the store is shared between threads. The directory must outlive neither
  // the store's use (the listener only holds shared state, so it may go first).
  // Errors: those of the store's query (other than an absent tenant: no shelters yet).
  result<void> start(store::store& st, std::string tenant);

  // The nearest shelters to (q.lon, q.lat), nearest first (ties by id).
  std::vector<nearby> nearest(nearest_query const& q) const;
  // Number of shelters known.
  std::size_t size() const;
  walking_model const& walking() const { return walking_; }

 private:
  struct state {
    std::mutex mutex;  // guards everything below
    std::unordered_map<std::string, shelter> by_id;
    bool loading = true;                     // start() is still loading the stored ones
    std::unordered_set<std::string> seen;    // ids the feed changed while loading (newer than the load)
    void apply(store::entity_change const& c);
  };

  walking_model walking_;
  std::shared_ptr<state> state_ = std::make_shared<state>();
};

}  // namespace cityos::safety::shelters
