// SPDX-License-Identifier: Apache-2.0
// The pure part of the ridership KPIs: counts the store's entity changes into
// one local day's figures. Read from the stored form (ngsild/entity/stored_entity.h),
// attributes by local name (either @context):
// - a bus (Vehicle, vehicleType "bus") adds the increase of its cumulative
//   passengersBoarded (a new run, or a count that went down, adds its whole value);
// - a DrtRequest (as mobility/drt_service publishes it) is a decision when it
//   first appears or turns from "rejected" to accepted ("rejected": refused,
//   any other status: accepted); turning "onboard" adds a wait (pickedUpAt, else
//   the entity's modifiedAt, minus requestedPickupTime; passengers only);
//   turning "completed" adds its riders (load seats + wheelchairs, at least 1)
//   for a passenger request, one parcel for a parcel request.
// Everything counts into the local day (UTC + utc_offset_s) of the time it was
// seen; the first change of a later day starts from zero. Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>

#include "common/time.h"
#include "store/store.h"

namespace cityos::mobility::ridership {

// One local day's figures.
struct ridership_day {
  std::int32_t date = 0;  // local days since 1970-01-01
  std::int64_t transit_boardings = 0;
  std::int64_t drt_riders = 0;   // passengers of completed passenger requests
  std::int64_t drt_parcels = 0;  // completed parcel requests
  std::int64_t drt_accepted = 0;
  std::int64_t drt_rejected = 0;
  double wait_total_s = 0;       // over `waits` pickups
  std::int64_t waits = 0;

  // accepted / (accepted + rejected) in percent; none before the first decision.
  std::optional<double> service_rate_percent() const;
  // wait_total_s / waits in minutes; none before the first pickup.
  std::optional<double> average_wait_minutes() const;
  bool operator==(ridership_day const&) const = default;
};

// Local days since 1970-01-01 of `t` at `utc_offset_s` east of UTC.
std::int32_t local_date(epoch_ms t, std::int32_t utc_offset_s);

class ridership_tally {
 public:
  explicit ridership_tally(std::int32_t utc_offset_s, epoch_ms now)
      : utc_offset_s_(utc_offset_s) { day_.date = local_date(now, utc_offset_s); }

  // Moves to the local day of `now`: a later day starts from zero. Returns true if it did.
  bool roll(epoch_ms now);
  // Counts `c` seen at `now` (rolling first). Returns true if a figure changed.
  bool apply(store::entity_change const& c, epoch_ms now);

  ridership_day const& day() const { return day_; }
  std::int32_t utc_offset_s() const { return utc_offset_s_; }

 private:
  bool apply_vehicle(json::object const* before, json::object const& after);
  bool apply_request(json::object const* before, json::object const& after);

  std::int32_t utc_offset_s_;
  ridership_day day_;
};

}  // namespace cityos::mobility::ridership
