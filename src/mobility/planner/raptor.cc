// SPDX-License-Identifier: Apache-2.0
#include "mobility/planner/raptor.h"

#include <algorithm>
#include <string>

#include "mobility/planner/detail/directed.h"
#include "mobility/planner/detail/mc_raptor.h"
#include "mobility/planner/fare_table.h"
#include "mobility/planner/journey_fare.h"
#include "mobility/planner/detail/view_leg.h"

namespace cityos::mobility::planner {

namespace {

using detail::catchable;
using detail::day;
using detail::directed;
using detail::view_leg;

enum class via : std::uint8_t { none, origin, ride, walk };

// Labels hold keys: times in search direction (see detail/directed.h).
struct ride_label {
  std::int32_t key = unreachable;
  index_t pattern = no_index;
  std::uint32_t trip = 0, board = 0, alight = 0;  // view indexes
  std::int32_t day_offset = 0;
};

struct walk_label {
  std::int32_t key = unreachable;
  index_t from = no_index;
};

// Best key at which a vehicle can be boarded at a stop with k rides, and how that was reached.
struct ready_label {
  std::int32_t key = unreachable;
  int round = 0;
  via how = via::none;
};

template <bool Backward>
class search {
  using dir = directed<Backward>;

 public:
  search(timetable const& tt, query const& q, search_options const& o)
      : tt_(tt), q_(q), options_(o), rounds_(o.max_transfers + 1) {
    std::size_t const n = tt.stop_count();
    auto const r = static_cast<std::size_t>(rounds_ + 1);
    ride_.assign(r, std::vector<ride_label>(n));
    walk_.assign(r, std::vector<walk_label>(n));
    ready_.assign(r, std::vector<ready_label>(n));
    best_ride_.assign(n, unreachable);
    marked_.assign(n, false);
  }

  std::vector<journey> run() {
    std::vector<journey> out;
    std::int32_t const start = dir::key(q_.time);
    for (auto const& s : origins()) {
      std::int32_t const k = start + s.walk;
      if (k < ready_[0][s.stop].key) ready_[0][s.stop] = {k, 0, via::origin};
      marked_[s.stop] = true;
    }
    // Round 0: walking from an origin stop to a nearby one before the first ride.
    for (auto const& s : origins()) {
      if (ready_[0][s.stop].how != via::origin) continue;
      for (auto const& fp : Backward ? tt_.footpaths_to(s.stop) : tt_.footpaths(s.stop)) {
        std::int32_t const t = ready_[0][s.stop].key + fp.duration;
        if (fp.duration > options_.max_transfer_walk || t >= ready_[0][fp.to].key) continue;
        walk_[0][fp.to] = {t, s.stop};
        ready_[0][fp.to] = {t, 0, via::walk};
        marked_[fp.to] = true;
      }
    }
    std::int32_t best = unreachable;
    for (int k = 0; k <= rounds_; ++k) {
      if (k > 0) {
        scan_patterns(k, best);
        relax_transfers(k);
      }
      std::int32_t round_best = unreachable;
      index_t stop = no_index;
      bool by_walk = false;
      auto const ku = static_cast<std::size_t>(k);
      for (auto const& t : destinations()) {
        auto const r = k == 0 ? (ready_[0][t.stop].how == via::origin ? ready_[0][t.stop].key : unreachable)
                              : ride_[ku][t.stop].key;
        auto const w = walk_[ku][t.stop].key;
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
  // The search starts at the query's targets when it runs backwards.
  std::vector<stop_offset> const& origins() const { return Backward ? q_.targets : q_.sources; }
  std::vector<stop_offset> const& destinations() const { return Backward ? q_.sources : q_.targets; }

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
        auto const n = static_cast<std::uint32_t>(tt_.patterns()[v.pattern].stops.size());
        std::uint32_t const i = Backward ? n - 1 - v.position : v.position;
        start[v.pattern] = std::min(start[v.pattern], i);
      }
    }
    for (index_t pi : queue) {
      dir const v{tt_.patterns()[pi]};
      bool on = false;
      catchable cur;
      std::uint32_t board = 0;
      for (std::uint32_t i = start[pi]; i < v.n; ++i) {
        index_t const s = v.stop(i);
        bool const usable = !options_.wheelchair || detail::step_free(tt_.feed(), s);
        if (on && usable && v.can_alight(i)) {
          std::int32_t const arr = v.alight_key(cur.trip, i) + cur.day_offset * day;
          if (arr < best_ride_[s] && arr < best_target) {
            rides[s] = {arr, pi, cur.trip, board, i, cur.day_offset};
            best_ride_[s] = arr;
            changed_.push_back(s);
          }
        }
        std::int32_t const r = prev[s].key;
        if (!usable || !v.can_board(i) || r == unreachable) continue;
        if (on && r >= v.board_key(cur.trip, i) + cur.day_offset * day) continue;
        catchable const c = detail::earliest_trip(tt_, v, i, r, q_.date, options_.wheelchair);
        if (c.key == unreachable) continue;
        if (!on || c.key < v.board_key(cur.trip, i) + cur.day_offset * day) {
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
      if (t < ready_[ku][s].key) {
        ready_[ku][s] = {t, k, how};
        marked_[s] = true;
      }
    };
    std::sort(changed_.begin(), changed_.end());
    changed_.erase(std::unique(changed_.begin(), changed_.end()), changed_.end());
    for (index_t s : changed_) {
      std::int32_t const arr = ride_[ku][s].key;
      if (tt_.change_time(s) != unreachable) improve(s, arr + tt_.change_time(s), via::ride);
      for (auto const& fp : Backward ? tt_.footpaths_to(s) : tt_.footpaths(s)) {
        if (fp.duration > options_.max_transfer_walk) continue;
        std::int32_t const t = arr + fp.duration;
        if (t < walk_[ku][fp.to].key) {
          walk_[ku][fp.to] = {t, s};
          improve(fp.to, t, via::walk);
        }
      }
    }
    changed_.clear();
  }

  static std::int32_t walk_of(std::vector<stop_offset> const& list, index_t stop) {
    std::int32_t w = unreachable;
    for (auto const& s : list)
      if (s.stop == stop) w = std::min(w, s.walk);
    return w;
  }

  // The journey reaching `stop` in round k (by walk or ride), then walking to the destination.
  journey rebuild(int k, index_t stop, bool by_walk, std::int32_t arrival) const {
    std::vector<view_leg> rev;
    int rides = 0;
    auto const kz = static_cast<std::size_t>(k);
    std::int32_t const last = by_walk ? walk_[kz][stop].key : k == 0 ? ready_[0][stop].key : ride_[kz][stop].key;
    if (arrival > last) rev.push_back({leg_kind::walk, stop, no_index, last, arrival});
    via how = by_walk ? via::walk : k == 0 ? via::origin : via::ride;
    index_t s = stop;
    while (true) {
      auto const ku = static_cast<std::size_t>(k);
      if (how == via::origin) {
        std::int32_t const w = walk_of(origins(), s);
        std::int32_t const boarding = rev.empty() ? ready_[0][s].key : rev.back().from_key;
        if (w > 0) rev.push_back({leg_kind::walk, no_index, s, boarding - w, boarding});
        break;
      }
      if (how == via::walk) {
        auto const& wl = walk_[ku][s];
        std::int32_t const from_key = ku == 0 ? ready_[0][wl.from].key : ride_[ku][wl.from].key;
        rev.push_back({leg_kind::walk, wl.from, s, from_key, wl.key});
        s = wl.from;
        if (ku == 0) {
          how = via::origin;
          continue;
        }
      }
      auto const& rl = ride_[ku][s];
      dir const v{tt_.patterns()[rl.pattern]};
      rev.push_back({leg_kind::ride, v.stop(rl.board), s, v.board_key(rl.trip, rl.board) + rl.day_offset * day,
                     rl.key, rl.pattern, rl.trip, rl.board, rl.alight, rl.day_offset});
      ++rides;
      s = v.stop(rl.board);
      auto const& from = ready_[ku - 1][s];
      k = from.round;
      how = from.how;
    }
    std::reverse(rev.begin(), rev.end());
    return finish(std::move(rev), std::max(0, rides - 1));
  }

  journey finish(std::vector<view_leg> const& view, int transfers) const {
    return detail::make_journey<Backward>(tt_, q_, view, transfers);
  }

  timetable const& tt_;
  query const& q_;
  search_options const& options_;
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
  if (options.max_transfer_walk < 0) return make_error(error_code::bad_request, "max_transfer_walk must be >= 0");
  if (options.fare_slack < 0) return make_error(error_code::bad_request, "fare_slack must be >= 0");
  for (auto const* list : {&q.sources, &q.targets})
    for (auto const& s : *list) {
      if (s.stop >= tt.stop_count())
        return make_error(error_code::bad_request, "stop index " + std::to_string(s.stop) + " out of range");
      if (s.walk < 0) return make_error(error_code::bad_request, "walking time must be >= 0");
    }
  if (options.fares && &options.fares->for_timetable() != &tt)
    return make_error(error_code::bad_request, "the fare table was built for another timetable");
  if (options.fares && !options.fares->uniform()) return detail::plan_with_fares(tt, q, options);
  auto journeys = q.arrive_by ? search<true>(tt, q, options).run() : search<false>(tt, q, options).run();
  if (options.fares)
    for (auto& j : journeys) price_journey(tt, options.fares->calculator(), j);
  return journeys;
}

}  // namespace cityos::mobility::planner
