// SPDX-License-Identifier: Apache-2.0
#include "mobility/planner/raptor.h"

#include <algorithm>
#include <string>

namespace cityos::mobility::planner {

namespace {

constexpr std::int32_t day = 86'400;

enum class via : std::uint8_t { none, origin, ride, walk };

struct ride_label {
  std::int32_t time = unreachable;
  index_t pattern = no_index;
  std::uint32_t trip = 0, board = 0, alight = 0;
  std::int32_t day_offset = 0;
};

struct walk_label {
  std::int32_t time = unreachable;
  index_t from = no_index;
};

// Earliest time a vehicle can be boarded at a stop with k rides, and how that was reached.
struct ready_label {
  std::int32_t time = unreachable;
  int round = 0;
  via how = via::none;
};

struct catchable {
  std::uint32_t trip = 0;
  std::int32_t day_offset = 0;
  std::int32_t departure = unreachable;
};

// The earliest run of `p` leaving position `pos` at or after `t`, on a day it runs.
catchable earliest_trip(timetable const& tt, pattern const& p, std::uint32_t pos, std::int32_t t, std::int32_t date) {
  catchable best;
  for (std::int32_t d = -1; d <= 1; ++d) {
    std::int32_t const shift = d * day;
    if (p.last_time + shift < t) continue;
    std::int32_t const local = t - shift;
    std::size_t lo = 0, hi = p.trips.size();
    while (lo < hi) {
      std::size_t const mid = (lo + hi) / 2;
      if (p.at(mid, pos).departure < local) lo = mid + 1;
      else hi = mid;
    }
    for (std::size_t i = lo; i < p.trips.size(); ++i) {
      std::int32_t const dep = p.at(i, pos).departure + shift;
      if (dep >= best.departure) break;
      if (tt.active(p.trips[i].service, date + d)) {
        best = {static_cast<std::uint32_t>(i), d, dep};
        break;
      }
    }
  }
  return best;
}

class search {
 public:
  search(timetable const& tt, query const& q, int rounds) : tt_(tt), q_(q), rounds_(rounds) {
    std::size_t const n = tt.stop_count();
    ride_.assign(static_cast<std::size_t>(rounds + 1), std::vector<ride_label>(n));
    walk_.assign(static_cast<std::size_t>(rounds + 1), std::vector<walk_label>(n));
    ready_.assign(static_cast<std::size_t>(rounds + 1), std::vector<ready_label>(n));
    best_ride_.assign(n, unreachable);
    marked_.assign(n, false);
  }

  std::vector<journey> run() {
    std::vector<journey> out;
    for (auto const& s : q_.sources) {
      std::int32_t const t = q_.time + s.walk;
      if (t < ready_[0][s.stop].time) ready_[0][s.stop] = {t, 0, via::origin};
      marked_[s.stop] = true;
    }
    // Walk only: a stop that is both a source and a target.
    std::int32_t best = unreachable;
    index_t walk_stop = no_index;
    for (auto const& t : q_.targets)
      if (ready_[0][t.stop].time != unreachable && ready_[0][t.stop].time + t.walk < best)
        best = ready_[0][t.stop].time + t.walk, walk_stop = t.stop;
    if (walk_stop != no_index) out.push_back(walk_only(walk_stop, best));

    for (int k = 1; k <= rounds_; ++k) {
      scan_patterns(k, best);
      relax_transfers(k);
      std::int32_t round_best = unreachable;
      index_t stop = no_index;
      bool by_walk = false;
      for (auto const& t : q_.targets) {
        auto const r = ride_[k][t.stop].time, w = walk_[k][t.stop].time;
        if (r != unreachable && r + t.walk < round_best) round_best = r + t.walk, stop = t.stop, by_walk = false;
        if (w != unreachable && w + t.walk < round_best) round_best = w + t.walk, stop = t.stop, by_walk = true;
      }
      if (round_best < best) {
        best = round_best;
        out.push_back(rebuild(k, stop, by_walk, round_best));
      }
      if (std::none_of(marked_.begin(), marked_.end(), [](bool m) { return m; })) break;
    }
    return out;
  }

 private:
  void scan_patterns(int k, std::int32_t best_target) {
    auto const& prev = ready_[static_cast<std::size_t>(k - 1)];
    auto& rides = ride_[static_cast<std::size_t>(k)];
    std::vector<std::uint32_t> start(tt_.patterns().size(), UINT32_MAX);
    std::vector<index_t> queue;
    for (index_t s = 0; s < marked_.size(); ++s) {
      if (!marked_[s]) continue;
      marked_[s] = false;
      for (auto const& v : tt_.visits(s)) {
        if (start[v.pattern] == UINT32_MAX) queue.push_back(v.pattern);
        start[v.pattern] = std::min(start[v.pattern], v.position);
      }
    }
    for (index_t pi : queue) {
      auto const& p = tt_.patterns()[pi];
      bool on = false;
      catchable cur;
      std::uint32_t board = 0;
      for (std::uint32_t i = start[pi]; i < p.stops.size(); ++i) {
        index_t const s = p.stops[i];
        if (on && p.can_alight[i]) {
          std::int32_t const arr = p.at(cur.trip, i).arrival + cur.day_offset * day;
          if (arr < best_ride_[s] && arr < best_target) {
            rides[s] = {arr, pi, cur.trip, board, i, cur.day_offset};
            best_ride_[s] = arr;
            changed_.push_back(s);
          }
        }
        std::int32_t const r = prev[s].time;
        if (!p.can_board[i] || r == unreachable) continue;
        if (on && r >= p.at(cur.trip, i).departure + cur.day_offset * day) continue;
        catchable const c = earliest_trip(tt_, p, i, r, q_.date);
        if (c.departure == unreachable) continue;
        if (!on || c.departure < p.at(cur.trip, i).departure + cur.day_offset * day) {
          cur = c;
          board = i;
          on = true;
        }
      }
    }
  }

  void relax_transfers(int k) {
    auto const ku = static_cast<std::size_t>(k);
    ready_[ku] = ready_[ku - 1];
    auto improve = [&](index_t s, std::int32_t t, via how) {
      if (t < ready_[ku][s].time) {
        ready_[ku][s] = {t, k, how};
        marked_[s] = true;
      }
    };
    std::sort(changed_.begin(), changed_.end());
    changed_.erase(std::unique(changed_.begin(), changed_.end()), changed_.end());
    for (index_t s : changed_) {
      std::int32_t const arr = ride_[ku][s].time;
      if (tt_.change_time(s) != unreachable) improve(s, arr + tt_.change_time(s), via::ride);
      for (auto const& fp : tt_.footpaths(s)) {
        std::int32_t const t = arr + fp.duration;
        if (t < walk_[ku][fp.to].time) {
          walk_[ku][fp.to] = {t, s};
          improve(fp.to, t, via::walk);
        }
      }
    }
    changed_.clear();
  }

  std::int32_t source_walk(index_t stop) const {
    std::int32_t w = unreachable;
    for (auto const& s : q_.sources)
      if (s.stop == stop) w = std::min(w, s.walk);
    return w;
  }

  std::int32_t target_walk(index_t stop) const {
    std::int32_t w = unreachable;
    for (auto const& t : q_.targets)
      if (t.stop == stop) w = std::min(w, t.walk);
    return w;
  }

  journey walk_only(index_t stop, std::int32_t arrival) const {
    journey j{q_.time, arrival, 0, {}};
    std::int32_t const mid = q_.time + source_walk(stop);
    if (mid > q_.time) j.legs.push_back({leg_kind::walk, no_index, stop, q_.time, mid});
    if (arrival > mid) j.legs.push_back({leg_kind::walk, stop, no_index, mid, arrival});
    return j;
  }

  journey rebuild(int k, index_t stop, bool by_walk, std::int32_t arrival) const {
    std::vector<leg> rev;
    int rides = 0;
    std::int32_t const last = by_walk ? walk_[static_cast<std::size_t>(k)][stop].time
                                      : ride_[static_cast<std::size_t>(k)][stop].time;
    if (arrival > last) rev.push_back({leg_kind::walk, stop, no_index, last, arrival});
    via how = by_walk ? via::walk : via::ride;
    index_t s = stop;
    while (true) {
      auto const ku = static_cast<std::size_t>(k);
      if (how == via::origin) {
        std::int32_t const w = source_walk(s);
        if (w > 0) rev.push_back({leg_kind::walk, no_index, s, q_.time, q_.time + w});
        break;
      }
      if (how == via::walk) {
        auto const& wl = walk_[ku][s];
        rev.push_back({leg_kind::walk, wl.from, s, ride_[ku][wl.from].time, wl.time});
        s = wl.from;
      }
      auto const& rl = ride_[ku][s];
      auto const& p = tt_.patterns()[rl.pattern];
      auto const& run = p.trips[rl.trip];
      leg l{leg_kind::ride, p.stops[rl.board], s, p.at(rl.trip, rl.board).departure + rl.day_offset * day, rl.time};
      l.trip = run.trip;
      l.route = p.route;
      l.service_date = q_.date + rl.day_offset;
      l.from_position = rl.board;
      l.to_position = rl.alight;
      rev.push_back(l);
      ++rides;
      s = p.stops[rl.board];
      auto const& from = ready_[ku - 1][s];
      k = from.round;
      how = from.how;
    }
    std::reverse(rev.begin(), rev.end());
    return journey{q_.time, arrival, std::max(0, rides - 1), std::move(rev)};
  }

  timetable const& tt_;
  query const& q_;
  int rounds_;
  std::vector<std::vector<ride_label>> ride_;
  std::vector<std::vector<walk_label>> walk_;
  std::vector<std::vector<ready_label>> ready_;
  std::vector<std::int32_t> best_ride_;
  std::vector<bool> marked_;
  std::vector<index_t> changed_;
};

}  // namespace

result<std::vector<journey>> plan(timetable const& tt, query const& q, search_options const& options) {
  if (options.max_transfers < 0) return make_error(error_code::bad_request, "max_transfers must be >= 0");
  for (auto const* list : {&q.sources, &q.targets})
    for (auto const& s : *list) {
      if (s.stop >= tt.stop_count())
        return make_error(error_code::bad_request, "stop index " + std::to_string(s.stop) + " out of range");
      if (s.walk < 0) return make_error(error_code::bad_request, "walking time must be >= 0");
    }
  return search(tt, q, options.max_transfers + 1).run();
}

}  // namespace cityos::mobility::planner
