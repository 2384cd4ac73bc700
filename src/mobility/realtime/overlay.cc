// SPDX-License-Identifier: Apache-2.0
#include "mobility/realtime/overlay.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_set>

#include "mobility/gtfs/time_parse.h"

namespace cityos::mobility::realtime {

namespace {

using planner::index_t;
using planner::stop_event;
constexpr std::int64_t day = 86'400;

// A scheduled run picked by a trip descriptor.
struct run_ref {
  index_t trip = planner::no_index;
  std::int32_t shift = 0;
  std::int32_t date = 0;
  auto key() const { return std::tuple(trip, shift, date); }
};

class builder {
 public:
  builder(planner::timetable const& base, overlay_options const& o, overlay_report& r)
      : f_(base.feed()), base_(base), options_(o), report_(r) {
    for (auto const& fr : f_.frequencies) frequency_trips_.insert(fr.trip);
  }

  void apply(trip_update const& u) {
    auto const rel = u.trip.relationship;
    bool const cancel = rel == trip_relationship::canceled || rel == trip_relationship::deleted;
    if (!cancel && rel != trip_relationship::scheduled) {
      ++report_.ignored;
      return;
    }
    auto ref = find_run(u.trip);
    if (!ref) return;
    if (cancel) {
      changes_[ref->key()] = std::nullopt;
      ++report_.canceled;
      return;
    }
    changes_[ref->key()] = replacement(*ref, u);
    ++report_.updated;
  }

  planner::timetable_changes take() {
    planner::timetable_changes out;
    for (auto& [key, added] : changes_) {
      auto const [trip, shift, date] = key;
      out.removed.push_back({trip, shift, date});
      if (added) out.added.push_back(std::move(*added));
    }
    return out;
  }

 private:
  std::optional<run_ref> find_run(trip_descriptor const& d) {
    auto const t = f_.trip_ids.find(d.trip_id);
    if (d.trip_id.empty() || !t || *t >= f_.trips.size()) {
      report_.unmatched_trips.push_back(d.trip_id);
      return std::nullopt;
    }
    run_ref ref{*t, 0, options_.default_date};
    if (!d.start_date.empty()) {
      auto const date = gtfs::parse_date(d.start_date);
      if (!date) {
        ++report_.ignored;
        return std::nullopt;
      }
      ref.date = *date;
    }
    auto const& trip = f_.trips[*t];
    if (frequency_trips_.contains(*t)) {
      auto const start = gtfs::parse_time(d.start_time);
      if (!start || trip.stop_time_count == 0) {
        ++report_.ignored;
        return std::nullopt;
      }
      auto const& first = f_.stop_times[trip.first_stop_time];
      ref.shift = *start - (first.departure >= 0 ? first.departure : first.arrival);
    }
    if (!base_.active(trip.service, ref.date)) {
      report_.not_running.push_back(d.trip_id);
      return std::nullopt;
    }
    return ref;
  }

  // The delay an event gives at a stop scheduled at `scheduled` seconds of the service day.
  std::optional<std::int32_t> delay_of(stop_time_event const& e, std::int32_t date, std::int32_t scheduled) const {
    if (e.delay) return *e.delay;
    if (!e.time) return std::nullopt;
    std::int64_t const planned = std::int64_t{date} * day + scheduled - options_.utc_offset;
    return static_cast<std::int32_t>(std::clamp<std::int64_t>(*e.time - planned, -day, 2 * day));
  }

  // The trip position an update refers to, searching from `from`; n if none.
  std::size_t position_of(stop_time_update const& s, gtfs::trip const& trip, std::size_t from) const {
    std::size_t const n = trip.stop_time_count;
    std::optional<index_t> stop;
    if (!s.stop_sequence && !s.stop_id.empty()) stop = f_.stop_ids.find(s.stop_id);
    for (std::size_t i = from; i < n; ++i) {
      auto const& st = f_.stop_times[trip.first_stop_time + i];
      if (s.stop_sequence ? st.sequence == *s.stop_sequence : (stop && st.stop == *stop)) return i;
    }
    return n;
  }

  planner::added_run replacement(run_ref const& ref, trip_update const& u) {
    auto const& trip = f_.trips[ref.trip];
    std::size_t const n = trip.stop_time_count;
    planner::added_run a;
    a.run = {ref.trip, trip.service, ref.shift, ref.date};
    a.events = scheduled_events(trip, ref.shift);
    a.can_board.resize(n);
    a.can_alight.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      a.can_board[i] = f_.stop_times[trip.first_stop_time + i].pickup_type != 1;
      a.can_alight[i] = f_.stop_times[trip.first_stop_time + i].drop_off_type != 1;
    }
    std::int32_t delay = u.delay.value_or(0);
    std::size_t next = 0;  // first position not yet given its times
    auto carry_to = [&](std::size_t end) {
      for (; next < end; ++next) a.events[next].arrival += delay, a.events[next].departure += delay;
    };
    for (auto const& s : u.stops) {
      std::size_t const i = position_of(s, trip, next);
      if (i == n) {
        ++report_.unmatched_stops;
        continue;
      }
      carry_to(i);
      auto& e = a.events[i];
      if (s.relationship == stop_relationship::no_data) {
        delay = 0;
      } else {
        auto const arr = s.arrival ? delay_of(*s.arrival, ref.date, e.arrival) : std::nullopt;
        auto const dep = s.departure ? delay_of(*s.departure, ref.date, e.departure) : std::nullopt;
        e.arrival += arr.value_or(dep.value_or(delay));
        delay = dep.value_or(arr.value_or(delay));
        e.departure += delay;
        if (s.relationship == stop_relationship::skipped) {
          a.can_board[i] = a.can_alight[i] = 0;
          ++report_.skipped_stops;
        }
      }
      if (s.relationship == stop_relationship::no_data) carry_to(i + 1);
      else next = i + 1;
    }
    carry_to(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (i > 0) a.events[i].arrival = std::max(a.events[i].arrival, a.events[i - 1].departure);
      a.events[i].departure = std::max(a.events[i].departure, a.events[i].arrival);
    }
    return a;
  }

  // The trip's scheduled events shifted by `shift`, missing times carried forward.
  std::vector<stop_event> scheduled_events(gtfs::trip const& trip, std::int32_t shift) const {
    std::vector<stop_event> ev(trip.stop_time_count);
    std::int32_t last = 0;
    for (std::size_t i = 0; i < ev.size(); ++i) {
      auto const& st = f_.stop_times[trip.first_stop_time + i];
      std::int32_t arr = st.arrival >= 0 ? st.arrival : st.departure;
      std::int32_t dep = st.departure >= 0 ? st.departure : st.arrival;
      if (arr < 0) arr = last;
      if (dep < 0) dep = arr;
      last = dep;
      ev[i] = {arr + shift, dep + shift};
    }
    return ev;
  }

  gtfs::feed const& f_;
  planner::timetable const& base_;
  overlay_options const& options_;
  overlay_report& report_;
  std::unordered_set<index_t> frequency_trips_;
  // run -> its replacement, or nullopt when canceled; the last update of a run wins.
  std::map<std::tuple<index_t, std::int32_t, std::int32_t>, std::optional<planner::added_run>> changes_;
};

}  // namespace

overlay apply_trip_updates(planner::timetable const& base, realtime_feed const& rt, overlay_options const& options) {
  overlay_report report;
  builder b(base, options, report);
  for (auto const& u : rt.trip_updates) b.apply(u);
  auto changes = b.take();
  return {planner::timetable(base, changes), std::move(report)};
}

}  // namespace cityos::mobility::realtime
