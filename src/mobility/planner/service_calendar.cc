// SPDX-License-Identifier: Apache-2.0
#include "mobility/planner/service_calendar.h"

#include <algorithm>
#include <climits>

namespace cityos::mobility::planner {

int weekday(std::int32_t date) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  int const w = (date + 3) % 7;
  return w < 0 ? w + 7 : w;
}

service_calendar::service_calendar(gtfs::feed const& f) {
  std::int32_t lo = INT32_MAX, hi = INT32_MIN;
  for (auto const& c : f.calendars) {
    if (c.start_date < 0 || c.end_date < c.start_date) continue;
    lo = std::min(lo, c.start_date);
    hi = std::max(hi, c.end_date);
  }
  for (auto const& d : f.calendar_dates) {
    if (d.date < 0) continue;
    lo = std::min(lo, d.date);
    hi = std::max(hi, d.date);
  }
  runs_.assign(f.service_ids.size(), {});
  if (lo > hi) return;
  first_ = lo;
  days_ = hi - lo + 1;
  for (auto& r : runs_) r.assign(static_cast<std::size_t>(days_), false);
  for (auto const& c : f.calendars) {
    if (c.service >= runs_.size() || c.start_date < 0 || c.end_date < c.start_date) continue;
    for (std::int32_t d = c.start_date; d <= c.end_date; ++d)
      if (c.weekdays & (1u << weekday(d))) runs_[c.service][static_cast<std::size_t>(d - first_)] = true;
  }
  for (auto const& d : f.calendar_dates) {
    if (d.service >= runs_.size() || d.date < 0) continue;
    runs_[d.service][static_cast<std::size_t>(d.date - first_)] = d.exception_type == 1;
  }
}

bool service_calendar::active(gtfs::index_t service, std::int32_t date) const {
  if (service >= runs_.size() || date < first_ || date >= first_ + days_) return false;
  return runs_[service][static_cast<std::size_t>(date - first_)];
}

}  // namespace cityos::mobility::planner
