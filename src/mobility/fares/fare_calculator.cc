// SPDX-License-Identifier: Apache-2.0
#include "mobility/fares/fare_calculator.h"

#include <algorithm>
#include <limits>

#include "mobility/fares/detail/rule_index.h"

namespace cityos::mobility::fares {

using detail::fare_row;
using gtfs::index_t;
using gtfs::no_index;

namespace {

constexpr double no_price = std::numeric_limits<double>::infinity();

bool row_matches(fare_row const& row, index_t route, index_t origin, index_t destination) {
  return (row.route == no_index || row.route == route) && (row.origin == no_index || row.origin == origin) &&
         (row.destination == no_index || row.destination == destination);
}

}  // namespace

fare_calculator::fare_calculator(gtfs::feed const& f)
    : feed_(f), index_(std::make_unique<detail::rule_index const>(f)) {}

fare_calculator::~fare_calculator() = default;
fare_calculator::fare_calculator(fare_calculator&&) noexcept = default;

bool fare_calculator::has_fares() const {
  return std::find(index_->fare_usable.begin(), index_->fare_usable.end(), true) != index_->fare_usable.end();
}

bool fare_calculator::valid(ride const& r) const {
  if (r.trip >= feed_.trips.size()) return false;
  auto const& t = feed_.trips[r.trip];
  return r.from_pos < r.to_pos && r.to_pos < t.stop_time_count && t.route < feed_.routes.size();
}

index_t fare_calculator::board_zone(ride const& r) const {
  auto const& t = feed_.trips[r.trip];
  return index_->stop_zone[feed_.stop_times[t.first_stop_time + r.from_pos].stop];
}

index_t fare_calculator::alight_zone(ride const& r) const {
  auto const& t = feed_.trips[r.trip];
  return index_->stop_zone[feed_.stop_times[t.first_stop_time + r.to_pos].stop];
}

// Zones of every stop from boarding to alighting of every ride == `zones`.
bool fare_calculator::zones_equal(std::span<ride const> run, std::vector<index_t> const& zones) const {
  std::uint64_t seen = 0;
  for (auto const& r : run) {
    auto const first = feed_.trips[r.trip].first_stop_time;
    for (std::uint32_t p = r.from_pos; p <= r.to_pos; ++p) {
      index_t const z = index_->stop_zone[feed_.stop_times[first + p].stop];
      auto const it = std::lower_bound(zones.begin(), zones.end(), z);
      if (it == zones.end() || *it != z) return false;
      auto const i = static_cast<std::size_t>(it - zones.begin());
      if (i < 64) seen |= std::uint64_t{1} << i;
    }
  }
  std::size_t const n = zones.size();
  if (seen != (n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1)) return false;
  for (std::size_t i = 64; i < n; ++i) {  // rare: more than 64 zones in one group
    bool found = false;
    for (auto const& r : run) {
      auto const first = feed_.trips[r.trip].first_stop_time;
      for (std::uint32_t p = r.from_pos; p <= r.to_pos && !found; ++p)
        found = index_->stop_zone[feed_.stop_times[first + p].stop] == zones[i];
    }
    if (!found) return false;
  }
  return true;
}

std::optional<double> fare_calculator::ride_price(ride const& r) const {
  if (!valid(r)) return std::nullopt;
  auto const& ix = *index_;
  index_t const route = feed_.trips[r.trip].route;
  index_t const agency = ix.route_agency[route];
  index_t const o = board_zone(r), d = alight_zone(r);
  index_t const slots[3] = {route, agency == no_index ? no_index : ix.route_count + agency, no_index};
  double best = no_price;
  for (int s = 0; s < 3; ++s) {
    if (s == 1 && slots[1] == no_index) continue;
    for (int any_o = o == no_index ? 1 : 0; any_o < 2; ++any_o)
      for (int any_d = d == no_index ? 1 : 0; any_d < 2; ++any_d) {
        if ((ix.shapes & detail::rule_index::shape_bit(s, any_o, any_d)) == 0) continue;
        index_t const fare = ix.cheapest.find({slots[s], any_o ? no_index : o, any_d ? no_index : d});
        if (fare != no_index) best = std::min(best, ix.fare_price[fare]);
      }
  }
  for (auto const& g : ix.contains) {
    auto const& fa = feed_.fare_attributes[g.row.fare];
    if (fa.price >= best || !row_matches(g.row, route, o, d)) continue;
    if (fa.agency != no_index && fa.agency != agency) continue;
    if (zones_equal({&r, 1}, g.zones)) best = fa.price;
  }
  if (best == no_price) return std::nullopt;
  return best;
}

bool fare_calculator::fare_applies(index_t fare, std::span<ride const> run) const {
  auto const& ix = *index_;
  auto const& fa = feed_.fare_attributes[fare];
  if (!ix.fare_usable[fare]) return false;
  auto const transfers = static_cast<std::int64_t>(run.size()) - 1;
  if (fa.transfers >= 0 && transfers > fa.transfers) return false;
  if (transfers > 0 && fa.transfer_duration >= 0 && run.back().board_time - run.front().board_time > fa.transfer_duration)
    return false;
  index_t const o = board_zone(run.front()), d = alight_zone(run.back());
  for (auto const& r : run) {
    index_t const route = feed_.trips[r.trip].route;
    if (fa.agency != no_index && ix.route_agency[route] != fa.agency) return false;
    bool matched = false;
    for (index_t rt : {route, no_index})
      for (index_t og : {o, no_index})
        for (index_t ds : {d, no_index}) matched = matched || ix.rows.contains({fare, rt, og, ds});
    for (std::size_t g = 0; g < ix.contains.size() && !matched; ++g) {
      auto const& group = ix.contains[g];
      matched = group.row.fare == fare && row_matches(group.row, route, o, d) && zones_equal(run, group.zones);
    }
    if (!matched) return false;
  }
  return true;
}

std::optional<fare_calculator::run_cheapest> fare_calculator::cheapest_for_run(std::span<ride const> run,
                                                                               index_t currency) const {
  std::optional<run_cheapest> best;
  for (index_t f = 0; f < feed_.fare_attributes.size(); ++f) {
    if (index_->fare_currency[f] != currency) continue;
    double const p = feed_.fare_attributes[f].price;
    if ((!best || p < best->price) && fare_applies(f, run)) best = run_cheapest{p, f};
  }
  return best;
}

std::optional<fare_total> fare_calculator::price(std::span<ride const> rides) const {
  if (rides.empty()) return fare_total{};
  for (auto const& r : rides)
    if (!valid(r)) return std::nullopt;
  std::size_t const n = rides.size();
  std::optional<fare_total> best;
  for (index_t c = 0; c < index_->currencies.size(); ++c) {
    std::vector<double> cost(n + 1, no_price);
    std::vector<ticket> last(n + 1);  // the ticket ending at ride j - 1 on the best way to j
    cost[0] = 0;
    for (std::size_t j = 1; j <= n; ++j)
      for (std::size_t i = 0; i < j; ++i) {
        if (cost[i] == no_price) continue;
        auto const t = cheapest_for_run(rides.subspan(i, j - i), c);
        if (t && cost[i] + t->price < cost[j]) {
          cost[j] = cost[i] + t->price;
          last[j] = {t->fare, t->price, i, j - i};
        }
      }
    if (cost[n] == no_price || (best && best->amount <= cost[n])) continue;
    fare_total total{cost[n], index_->currencies[c], {}};
    for (std::size_t j = n; j > 0; j = last[j].first_ride) total.tickets.push_back(last[j]);
    std::reverse(total.tickets.begin(), total.tickets.end());
    best = std::move(total);
  }
  return best;
}

fare_index_stats fare_calculator::stats() const {
  return {index_->cheapest.size(), index_->cheapest.memory_bytes(), index_->rows.size(), index_->contains.size()};
}

}  // namespace cityos::mobility::fares
