// SPDX-License-Identifier: Apache-2.0
#include "mobility/planner/fare_table.h"

#include <algorithm>
#include <cmath>

namespace cityos::mobility::planner {

fare_table::fare_table(timetable const& tt, fares::fare_calculator const& fares) : tt_(&tt), fares_(&fares) {
  auto const& attrs = tt.feed().fare_attributes;
  shared_tickets_ = std::any_of(attrs.begin(), attrs.end(), [](auto const& a) { return a.transfers != 0; });
  patterns_.resize(tt.patterns().size());
  std::vector<std::int32_t> matrix;
  for (std::size_t pi = 0; pi < tt.patterns().size(); ++pi) {
    auto const& p = tt.patterns()[pi];
    auto const n = static_cast<std::uint32_t>(p.stops.size());
    matrix.assign(static_cast<std::size_t>(n) * n, 0);
    bool flat = true;
    std::int32_t first = -1;
    if (fares.has_fares() && !p.trips.empty())
      for (std::uint32_t i = 0; i < n; ++i)
        for (std::uint32_t j = i + 1; j < n; ++j) {
          auto const price = fares.ride_price({p.trips[0].trip, i, j, 0, 0});
          auto const cents = price ? static_cast<std::int32_t>(std::llround(*price * 100)) : 0;
          matrix[static_cast<std::size_t>(i) * n + j] = cents;
          if (first < 0) first = cents;
          flat = flat && cents == first;
        }
    auto& e = patterns_[pi];
    e.n = n;
    if (flat) {
      e.flat = std::max(first, 0);
      continue;
    }
    e.flat = -1;
    e.offset = prices_.size();
    prices_.insert(prices_.end(), matrix.begin(), matrix.end());
  }
  uniform_ = !shared_tickets_ && std::all_of(patterns_.begin(), patterns_.end(), [&](entry const& e) {
    return e.flat >= 0 && e.flat == patterns_.front().flat;
  });
}

}  // namespace cityos::mobility::planner
