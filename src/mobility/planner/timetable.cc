// SPDX-License-Identifier: Apache-2.0
#include "mobility/planner/timetable.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace cityos::mobility::planner {

namespace {

// A trip run with its events, before grouping.
struct run {
  trip_run ref;
  std::uint32_t first = 0;  // feed::stop_times slice
};

using pattern_key = std::tuple<index_t, std::vector<index_t>, std::vector<std::uint8_t>, std::vector<std::uint8_t>>;

std::vector<stop_event> events_of(gtfs::feed const& f, run const& r) {
  auto const& t = f.trips[r.ref.trip];
  std::vector<stop_event> out;
  out.reserve(t.stop_time_count);
  for (std::uint32_t i = 0; i < t.stop_time_count; ++i) {
    auto const& st = f.stop_times[r.first + i];
    std::int32_t arr = st.arrival >= 0 ? st.arrival : st.departure;
    std::int32_t dep = st.departure >= 0 ? st.departure : st.arrival;
    out.push_back({arr + r.ref.shift, dep + r.ref.shift});
  }
  return out;
}

// Fills in times missing on non-timepoint rows by carrying the previous time forward.
void fill_missing(std::vector<stop_event>& ev) {
  std::int32_t last = 0;
  for (auto& e : ev) {
    if (e.arrival < 0) e.arrival = last;  // both absent: the loader gives -1
    if (e.departure < 0) e.departure = e.arrival;
    last = e.departure;
  }
}

bool no_overtaking(std::vector<stop_event> const& a, std::vector<stop_event> const& b) {
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].arrival > b[i].arrival || a[i].departure > b[i].departure) return false;
  return true;
}

using run_groups = std::map<pattern_key, std::vector<std::pair<run, std::vector<stop_event>>>>;

// Appends the patterns of each group: runs sorted by departure, split greedily
// into non-overtaking patterns. Marks the stops they serve in `used`.
void add_patterns(run_groups& groups, std::vector<pattern>& patterns, std::vector<bool>& used) {
  for (auto& [key, runs] : groups) {
    std::sort(runs.begin(), runs.end(), [](auto const& a, auto const& b) {
      for (std::size_t i = 0; i < a.second.size(); ++i) {
        if (a.second[i].departure != b.second[i].departure) return a.second[i].departure < b.second[i].departure;
        if (a.second[i].arrival != b.second[i].arrival) return a.second[i].arrival < b.second[i].arrival;
      }
      return a.first.ref.trip < b.first.ref.trip;
    });
    // Greedy split into non-overtaking patterns: each run joins the first pattern it does not overtake.
    std::size_t const first_pattern = patterns.size();
    std::vector<std::vector<stop_event> const*> tails;
    for (auto const& [r, ev] : runs) {
      std::size_t p = 0;
      while (p < tails.size() && !no_overtaking(*tails[p], ev)) ++p;
      if (p == tails.size()) {
        pattern np;
        np.route = std::get<0>(key);
        np.stops = std::get<1>(key);
        np.can_board = std::get<2>(key);
        np.can_alight = std::get<3>(key);
        patterns.push_back(std::move(np));
        tails.push_back(nullptr);
      }
      auto& pat = patterns[first_pattern + p];
      pat.trips.push_back(r.ref);
      pat.events.insert(pat.events.end(), ev.begin(), ev.end());
      for (auto const& e : ev) pat.last_time = std::max(pat.last_time, std::max(e.arrival, e.departure));
      tails[p] = &ev;
    }
    for (auto s : std::get<1>(key)) used[s] = true;
  }
}

auto removed_key(removed_run const& r) { return std::tuple(r.trip, r.shift, r.date); }

}  // namespace

timetable::timetable(gtfs::feed const& f, timetable_options const& options) : feed_(&f), calendar_(f) {
  // Runs: every trip, or one per headway for trips in frequencies.txt.
  std::vector<std::vector<gtfs::frequency const*>> freq(f.trips.size());
  for (auto const& fr : f.frequencies)
    if (fr.trip < f.trips.size() && fr.headway_secs > 0 && fr.start >= 0 && fr.end > fr.start)
      freq[fr.trip].push_back(&fr);

  run_groups groups;
  for (index_t t = 0; t < f.trips.size(); ++t) {
    auto const& trip = f.trips[t];
    if (trip.stop_time_count < 2) continue;
    pattern_key key;
    std::get<0>(key) = trip.route;
    for (std::uint32_t i = 0; i < trip.stop_time_count; ++i) {
      auto const& st = f.stop_times[trip.first_stop_time + i];
      std::get<1>(key).push_back(st.stop);
      std::get<2>(key).push_back(st.pickup_type != 1);
      std::get<3>(key).push_back(st.drop_off_type != 1);
    }
    auto& group = groups[key];
    run base{{t, trip.service, 0, any_date}, trip.first_stop_time};
    auto base_events = events_of(f, base);
    fill_missing(base_events);
    if (freq[t].empty()) {
      group.emplace_back(base, std::move(base_events));
      continue;
    }
    std::int32_t const first_dep = base_events.front().departure;
    for (auto const* fr : freq[t])
      for (std::int32_t start = fr->start; start < fr->end; start += fr->headway_secs) {
        run r = base;
        r.ref.shift = start - first_dep;
        auto ev = base_events;
        for (auto& e : ev) e.arrival += r.ref.shift, e.departure += r.ref.shift;
        group.emplace_back(r, std::move(ev));
      }
  }

  std::vector<bool> used(f.stops.size(), false);
  add_patterns(groups, patterns_, used);

  visits_.assign(f.stops.size(), {});
  for (index_t p = 0; p < patterns_.size(); ++p)
    for (std::uint32_t i = 0; i < patterns_[p].stops.size(); ++i) visits_[patterns_[p].stops[i]].push_back({p, i});

  auto links = build_walking_links(f, used, options.walking);
  footpaths_ = std::move(links.from);
  footpaths_to_.resize(footpaths_.size());
  for (index_t s = 0; s < footpaths_.size(); ++s)
    for (auto const& fp : footpaths_[s]) footpaths_to_[fp.to].push_back({s, fp.duration});
  change_time_ = std::move(links.change_time);
  for (auto& c : change_time_)
    if (c < 0) c = options.min_change_time;
}

timetable::timetable(timetable const& base, timetable_changes const& changes) : timetable(base) {
  auto const& f = *feed_;
  run_groups groups;
  for (auto const& a : changes.added) {
    if (a.run.trip >= f.trips.size()) continue;
    auto const& trip = f.trips[a.run.trip];
    std::size_t const n = trip.stop_time_count;
    if (n < 2 || a.events.size() != n || a.can_board.size() != n || a.can_alight.size() != n) continue;
    pattern_key key;
    std::get<0>(key) = trip.route;
    for (std::uint32_t i = 0; i < n; ++i) std::get<1>(key).push_back(f.stop_times[trip.first_stop_time + i].stop);
    std::get<2>(key) = a.can_board;
    std::get<3>(key) = a.can_alight;
    groups[key].emplace_back(run{a.run, trip.first_stop_time}, a.events);
  }
  std::size_t const first_new = patterns_.size();
  std::vector<bool> used(f.stops.size(), false);
  add_patterns(groups, patterns_, used);
  for (auto p = static_cast<index_t>(first_new); p < patterns_.size(); ++p)
    for (std::uint32_t i = 0; i < patterns_[p].stops.size(); ++i) visits_[patterns_[p].stops[i]].push_back({p, i});

  removed_.insert(removed_.end(), changes.removed.begin(), changes.removed.end());
  std::sort(removed_.begin(), removed_.end(),
            [](auto const& a, auto const& b) { return removed_key(a) < removed_key(b); });
}

bool timetable::removed(trip_run const& run, std::int32_t date) const {
  removed_run const probe{run.trip, run.shift, date};
  return std::binary_search(removed_.begin(), removed_.end(), probe,
                            [](auto const& a, auto const& b) { return removed_key(a) < removed_key(b); });
}

}  // namespace cityos::mobility::planner
