// SPDX-License-Identifier: Apache-2.0
// Which services run on which day: calendar.txt weekdays within
// [start_date, end_date], then calendar_dates.txt additions and removals.
// Dates are days since 1970-01-01 (as in gtfs::feed). Immutable once built.
#pragma once

#include <cstdint>
#include <vector>

#include "mobility/gtfs/feed.h"

namespace cityos::mobility::planner {

class service_calendar {
 public:
  service_calendar() = default;
  explicit service_calendar(gtfs::feed const& f);

  // True if `service` (a feed::service_ids index) runs on `date`. False for
  // unknown services and dates outside every calendar and calendar_date.
  bool active(gtfs::index_t service, std::int32_t date) const;

  // First and last date on which any service runs; first > last if none.
  std::int32_t first_date() const { return first_; }
  std::int32_t last_date() const { return first_ + days_ - 1; }

 private:
  std::int32_t first_ = 0, days_ = 0;
  std::vector<std::vector<bool>> runs_;  // [service][date - first_]
};

// Day of week of a date: 0 Monday .. 6 Sunday (matches gtfs::calendar::weekdays bits).
int weekday(std::int32_t date);

}  // namespace cityos::mobility::planner
