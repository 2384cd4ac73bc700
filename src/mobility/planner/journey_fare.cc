// SPDX-License-Identifier: Apache-2.0
#include "mobility/planner/journey_fare.h"

#include <vector>

namespace cityos::mobility::planner {

void price_journey(timetable const& tt, fares::fare_calculator const& fares, journey& j) {
  std::vector<fares::ride> rides;
  for (auto const& l : j.legs)
    if (l.kind == leg_kind::ride) rides.push_back({l.trip, l.from_position, l.to_position, l.departure, l.arrival});
  j.fare.reset();
  j.currency.clear();
  if (rides.empty()) {
    j.fare = 0.0;
    if (!tt.feed().fare_attributes.empty()) j.currency = tt.feed().fare_attributes.front().currency;
    return;
  }
  auto total = fares.price(rides);
  if (!total) return;
  j.fare = total->amount;
  j.currency = total->currency;
}

}  // namespace cityos::mobility::planner
