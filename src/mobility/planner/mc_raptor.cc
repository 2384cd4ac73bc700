// SPDX-License-Identifier: Apache-2.0
// McRAPTOR over (time, fare) per round, so the result is Pareto over time,
// transfers and fare. Labels live in an arena and point to the label they
// extend; bags hold arena indexes of labels nobody dominates (time <= and
// fare <=). Fares are in hundredths of the currency unit while searching.
#include "mobility/planner/detail/mc_raptor.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "mobility/fares/fare_calculator.h"
#include "mobility/planner/detail/directed.h"
#include "mobility/planner/detail/view_leg.h"
#include "mobility/planner/fare_table.h"
#include "mobility/planner/journey_fare.h"

namespace cityos::mobility::planner::detail {

namespace {

using money = std::int64_t;

enum class via : std::uint8_t { origin, ride, change, walk };

struct label {
  std::int32_t key = unreachable;
  money fare = 0;
  via how = via::origin;
  index_t stop = no_index;
  std::uint32_t parent = 0;  // ride: the ready label boarded; change/walk: the ride label
  index_t pattern = no_index;
  std::uint32_t trip = 0, board = 0, alight = 0;  // view indexes
  std::int32_t day_offset = 0;
};

// A run of a pattern being ridden, boarded from a ready label.
struct riding {
  std::uint32_t trip = 0;
  std::int32_t day_offset = 0;
  std::int32_t board_key = 0;
  std::uint32_t board = 0;
  std::uint32_t parent = 0;
  money fare = 0;
};

struct arrival {
  std::int32_t key = unreachable;
  money fare = 0;
  int round = 0;
  std::uint32_t label = 0;
  std::int32_t egress = 0;
};

bool dominates(std::int32_t ka, money fa, std::int32_t kb, money fb) { return ka <= kb && fa <= fb; }

template <bool B>
class mc_search {
  using dir = directed<B>;

 public:
  mc_search(timetable const& tt, query const& q, search_options const& o)
      : tt_(tt), q_(q), o_(o), table_(*o.fares), fares_(table_.calculator()), rounds_(o.max_transfers + 1),
        shared_tickets_(table_.shared_tickets()) {
    std::size_t const n = tt.stop_count();
    ready_.assign(2, std::vector<std::vector<std::uint32_t>>(n));
    best_ride_.assign(n, {});
    best_ready_.assign(n, {});
    marked_.assign(n, false);
  }

  std::vector<journey> run() {
    std::int32_t const start = dir::key(q_.time);
    for (auto const& s : origins()) add_ready(0, {start + s.walk, 0, via::origin, s.stop});
    auto const first = ready_[0];
    for (auto const& bag : first)  // walking from an origin stop to a nearby one first
      for (std::uint32_t l : bag) walk_from(0, l);
    for (auto const& t : destinations())
      for (std::uint32_t l : ready_[0][t.stop]) reach(arena_[l], l, t.walk, 0);

    for (int k = 1; k <= rounds_; ++k) {
      auto& next = ready_[static_cast<std::size_t>(k % 2)];
      for (auto& b : next) b.clear();
      scan_patterns(k);
      relax_transfers(k);
      if (std::none_of(marked_.begin(), marked_.end(), [](bool m) { return m; })) break;
    }
    return results();
  }

 private:
  std::vector<stop_offset> const& origins() const { return B ? q_.targets : q_.sources; }
  std::vector<stop_offset> const& destinations() const { return B ? q_.sources : q_.targets; }

  bool pruned(std::int32_t key, money fare) const {
    if (fastest_ != unreachable && key > fastest_ + o_.fare_slack) return true;
    return std::any_of(targets_.begin(), targets_.end(),
                       [&](arrival const& a) { return dominates(a.key, a.fare, key, fare); });
  }

  bool dominated(std::vector<std::uint32_t> const& bag, std::int32_t key, money fare) const {
    return std::any_of(bag.begin(), bag.end(),
                       [&](std::uint32_t l) { return dominates(arena_[l].key, arena_[l].fare, key, fare); });
  }

  // Inserts `x` into `bag` unless dominated there; drops what it dominates.
  bool insert(std::vector<std::uint32_t>& bag, label const& x, std::uint32_t id) {
    for (std::uint32_t l : bag)
      if (dominates(arena_[l].key, arena_[l].fare, x.key, x.fare)) return false;
    std::erase_if(bag, [&](std::uint32_t l) { return dominates(x.key, x.fare, arena_[l].key, arena_[l].fare); });
    bag.push_back(id);
    return true;
  }

  void add_ready(int k, label const& x) {
    if (pruned(x.key, x.fare)) return;
    auto const id = static_cast<std::uint32_t>(arena_.size());
    if (!insert(best_ready_[x.stop], x, id)) return;
    arena_.push_back(x);
    ready_[static_cast<std::size_t>(k % 2)][x.stop].push_back(id);
    marked_[x.stop] = true;
  }

  void reach(label const& x, std::uint32_t id, std::int32_t egress, int round) {
    std::int32_t const key = x.key + egress;
    if (pruned(key, x.fare)) return;
    targets_.push_back({key, x.fare, round, id, egress});
    fastest_ = std::min(fastest_, key);
  }

  static fares::ride feed_ride(directed<B> const& v, std::uint32_t trip, std::uint32_t board, std::int32_t board_key,
                               std::uint32_t alight, std::int32_t alight_key) {
    return {v.run(trip).trip, v.pos(B ? alight : board), v.pos(B ? board : alight),
            dir::to_time(B ? alight_key : board_key), dir::to_time(B ? board_key : alight_key)};
  }

  static money to_money(std::optional<double> price) {
    return price ? static_cast<money>(std::llround(*price * 100)) : 0;
  }

  // The fare of the rides up to the ride `r` makes leaving at view position i.
  // Additive (each ride its own ticket) unless some fare allows transfers:
  // then the rides so far are priced together, so a pass shows in the label.
  money ride_fare(index_t pi, directed<B> const& v, riding const& r, std::uint32_t i, std::int32_t alight_key) {
    auto const ride = feed_ride(v, r.trip, r.board, r.board_key, i, alight_key);
    if (!shared_tickets_ || r.fare == 0) return r.fare + table_.ride(pi, ride.from_pos, ride.to_pos);
    chain_.clear();
    for (auto const* x = &arena_[r.parent]; x->how != via::origin; x = &arena_[x->parent]) {
      if (x->how != via::ride) continue;
      dir const pv{tt_.patterns()[x->pattern]};
      std::int32_t const board_key = pv.board_key(x->trip, x->board) + x->day_offset * day;
      chain_.push_back(feed_ride(pv, x->trip, x->board, board_key, x->alight, x->key));
    }
    if (!B) std::reverse(chain_.begin(), chain_.end());
    if (B) chain_.insert(chain_.begin(), ride);
    else chain_.push_back(ride);
    auto const total = fares_.price(chain_);
    return total ? to_money(total->amount) : r.fare + table_.ride(pi, ride.from_pos, ride.to_pos);
  }

  void scan_patterns(int k) {
    auto const& prev = ready_[static_cast<std::size_t>((k - 1) % 2)];
    std::vector<std::uint32_t> start(tt_.patterns().size(), UINT32_MAX);
    std::vector<index_t> queue;
    for (index_t s = 0; s < marked_.size(); ++s) {
      if (!marked_[s]) continue;
      marked_[s] = false;
      for (auto const& vis : tt_.visits(s)) {
        if (start[vis.pattern] == UINT32_MAX) queue.push_back(vis.pattern);
        auto const n = static_cast<std::uint32_t>(tt_.patterns()[vis.pattern].stops.size());
        start[vis.pattern] = std::min(start[vis.pattern], B ? n - 1 - vis.position : vis.position);
      }
    }
    std::vector<riding> bag;
    for (index_t pi : queue) {
      dir const v{tt_.patterns()[pi]};
      bag.clear();
      for (std::uint32_t i = start[pi]; i < v.n; ++i) {
        index_t const s = v.stop(i);
        bool const usable = !o_.wheelchair || step_free(tt_.feed(), s);
        if (usable && v.can_alight(i)) {
          // Keys only grow along the pattern and fares never fall: a ride the
          // destinations' labels beat here is beaten at every later stop too.
          std::erase_if(bag, [&](riding const& r) {
            return pruned(v.alight_key(r.trip, i) + r.day_offset * day, r.fare);
          });
          for (auto const& r : bag) {
            std::int32_t const key = v.alight_key(r.trip, i) + r.day_offset * day;
            // The fare so far is a lower bound of the fare with this ride: if
            // that is dominated already, skip pricing the ride.
            if (dominated(best_ride_[s], key, r.fare)) continue;
            label x{key, ride_fare(pi, v, r, i, key), via::ride, s, r.parent, pi, r.trip, r.board, i, r.day_offset};
            if (pruned(x.key, x.fare)) continue;
            auto const id = static_cast<std::uint32_t>(arena_.size());
            if (!insert(best_ride_[s], x, id)) continue;
            arena_.push_back(x);
            arrived_.push_back(id);
          }
        }
        if (!usable || !v.can_board(i)) continue;
        for (std::uint32_t l : prev[s]) {
          auto const& from = arena_[l];
          catchable const c = earliest_trip(tt_, v, i, from.key, q_.date, o_.wheelchair);
          if (c.key == unreachable) continue;
          riding const r{c.trip, c.day_offset, c.key, i, l, from.fare};
          // No later run, no dearer, and the same boarding position (or a
          // pattern priced the same wherever boarded): no worse future.
          bool const flat = table_.flat(pi) && !shared_tickets_;
          auto same_or_better = [&](riding const& a, riding const& b) {
            return (flat || a.board == b.board) && a.board_key <= b.board_key && a.fare <= b.fare;
          };
          if (std::any_of(bag.begin(), bag.end(), [&](riding const& a) { return same_or_better(a, r); })) continue;
          std::erase_if(bag, [&](riding const& a) { return same_or_better(r, a); });
          bag.push_back(r);
        }
      }
    }
  }

  void relax_transfers(int k) {
    for (std::uint32_t id : arrived_) {
      label const x = arena_[id];
      for (auto const& t : destinations())
        if (t.stop == x.stop) reach(x, id, t.walk, k);
      if (tt_.change_time(x.stop) != unreachable)
        add_ready(k, {x.key + tt_.change_time(x.stop), x.fare, via::change, x.stop, id});
      auto const walked = walk_from(k, id);
      for (auto wid = walked; wid < arena_.size(); ++wid)
        for (auto const& t : destinations())
          if (t.stop == arena_[wid].stop) reach(arena_[wid], static_cast<std::uint32_t>(wid), t.walk, k);
    }
    arrived_.clear();
  }

  // Adds ready labels for the footpaths leaving label `id`'s stop; returns the
  // arena index of the first one added.
  std::size_t walk_from(int k, std::uint32_t id) {
    std::size_t const first = arena_.size();
    label const x = arena_[id];
    for (auto const& fp : B ? tt_.footpaths_to(x.stop) : tt_.footpaths(x.stop))
      if (fp.duration <= o_.max_transfer_walk) add_ready(k, {x.key + fp.duration, x.fare, via::walk, fp.to, id});
    return first;
  }

  journey rebuild(arrival const& a) const {
    std::vector<view_leg> rev;
    label const* x = &arena_[a.label];
    if (a.egress > 0) rev.push_back({leg_kind::walk, x->stop, no_index, x->key, x->key + a.egress});
    int rides = 0;
    std::int32_t const start = dir::key(q_.time);
    while (true) {
      if (x->how == via::origin) {
        std::int32_t const w = x->key - start;
        std::int32_t const boarding = rev.empty() ? x->key : rev.back().from_key;
        if (w > 0) rev.push_back({leg_kind::walk, no_index, x->stop, boarding - w, boarding});
        break;
      }
      if (x->how == via::walk) {
        label const& from = arena_[x->parent];
        rev.push_back({leg_kind::walk, from.stop, x->stop, from.key, x->key});
        x = &from;
        continue;
      }
      if (x->how == via::change) {
        x = &arena_[x->parent];
        continue;
      }
      dir const v{tt_.patterns()[x->pattern]};
      rev.push_back({leg_kind::ride, v.stop(x->board), x->stop,
                     v.board_key(x->trip, x->board) + x->day_offset * day, x->key, x->pattern, x->trip, x->board,
                     x->alight, x->day_offset});
      ++rides;
      x = &arena_[x->parent];
    }
    std::reverse(rev.begin(), rev.end());
    return make_journey<B>(tt_, q_, rev, std::max(0, rides - 1));
  }

  // Pareto filter on (time, transfers, exact fare); by transfers, then time.
  std::vector<journey> results() const {
    std::vector<journey> all;
    for (auto const& a : targets_) {
      if (a.key > fastest_ + o_.fare_slack) continue;
      if (std::any_of(targets_.begin(), targets_.end(), [&](arrival const& b) {
            return &a != &b && b.round <= a.round && dominates(b.key, b.fare, a.key, a.fare) &&
                   (b.round < a.round || b.key < a.key || b.fare < a.fare);
          }))
        continue;  // strictly worse by the search's own fares: not worth pricing
      journey j = rebuild(a);
      price_journey(tt_, fares_, j);
      all.push_back(std::move(j));
    }
    auto time = [](journey const& j) { return B ? -j.departure : j.arrival; };
    auto cost = [](journey const& j) { return j.fare ? *j.fare : 1e300; };
    std::vector<journey> out;
    for (std::size_t i = 0; i < all.size(); ++i) {
      bool dominated = false;
      for (std::size_t o = 0; o < all.size() && !dominated; ++o) {
        if (o == i) continue;
        auto const& a = all[o];
        auto const& b = all[i];
        bool const no_worse = time(a) <= time(b) && a.transfers <= b.transfers && cost(a) <= cost(b);
        bool const better = time(a) < time(b) || a.transfers < b.transfers || cost(a) < cost(b);
        dominated = no_worse && (better || o < i);  // identical ones: keep the first
      }
      if (!dominated) out.push_back(all[i]);
    }
    std::sort(out.begin(), out.end(), [&](journey const& a, journey const& b) {
      return std::tuple(a.transfers, time(a), cost(a)) < std::tuple(b.transfers, time(b), cost(b));
    });
    return out;
  }

  timetable const& tt_;
  query const& q_;
  search_options const& o_;
  fare_table const& table_;
  fares::fare_calculator const& fares_;
  int rounds_;
  bool shared_tickets_;  // some fare covers several rides
  std::vector<fares::ride> chain_;
  std::vector<label> arena_;
  std::vector<std::vector<std::vector<std::uint32_t>>> ready_;  // [round % 2][stop]: new this round
  std::vector<std::vector<std::uint32_t>> best_ride_, best_ready_;  // [stop]: all rounds
  std::vector<bool> marked_;
  std::vector<std::uint32_t> arrived_;
  std::vector<arrival> targets_;
  std::int32_t fastest_ = unreachable;  // best key at a destination so far
};

}  // namespace

std::vector<journey> plan_with_fares(timetable const& tt, query const& q, search_options const& options) {
  if (q.arrive_by) return mc_search<true>(tt, q, options).run();
  return mc_search<false>(tt, q, options).run();
}

}  // namespace cityos::mobility::planner::detail
