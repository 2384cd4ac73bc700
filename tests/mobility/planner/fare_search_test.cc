// SPDX-License-Identifier: Apache-2.0
// The planner with fares (McRAPTOR): on a hand-written feed (data/fares) whose
// Pareto sets over (time, transfers, fare) are obvious, and on Muroran, where
// the fastest journey per number of rides must equal plain RAPTOR's and every
// journey's fare must equal the sum of the fare_rules rows of its rides.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "mobility/fares/fare_calculator.h"
#include "mobility/gtfs/feed_loader.h"
#include "mobility/planner/fare_table.h"
#include "mobility/planner/raptor.h"
#include "mobility/planner/timetable.h"

namespace cityos::mobility::planner {
namespace {

constexpr std::int32_t monday = 19723;  // 2024-01-01

constexpr std::int32_t hms(int h, int m) { return h * 3600 + m * 60; }

gtfs::feed load(std::string const& dir) {
  auto r = gtfs::load_feed(dir);
  EXPECT_TRUE(r.ok());
  return r.ok() ? std::move(r->data) : gtfs::feed{};
}

std::string trips_of(gtfs::feed const& f, journey const& j) {
  std::string out;
  for (auto const& l : j.legs)
    if (l.kind == leg_kind::ride) out += (out.empty() ? "" : "+") + f.trip_ids.name(l.trip);
  return out;
}

TEST(fare_search, pareto_over_time_transfers_and_fare) {
  auto const f = load(std::string(PLANNER_TEST_DATA) + "/fares");
  timetable tt(f);
  fares::fare_calculator calculator(f);
  ASSERT_TRUE(calculator.has_fares());
  fare_table fares(tt, calculator);
  EXPECT_TRUE(fares.shared_tickets());
  auto stop = [&](char const* id) { return *f.stop_ids.find(id); };

  query q{{{stop("X"), 0}}, {{stop("Z"), 0}}, monday, hms(7, 55)};
  auto fast = plan(tt, q);  // time and transfers only: the express
  ASSERT_TRUE(fast.ok());
  ASSERT_EQ(fast->size(), 1u);
  EXPECT_EQ(trips_of(f, (*fast)[0]), "exp1");
  EXPECT_FALSE((*fast)[0].fare.has_value());

  auto r = plan(tt, q, {.fares = &fares});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ(trips_of(f, (*r)[0]), "exp1");
  EXPECT_EQ((*r)[0].fare, 500.0);
  EXPECT_EQ((*r)[0].currency, "JPY");
  EXPECT_EQ(trips_of(f, (*r)[1]), "loc1");
  EXPECT_EQ((*r)[1].fare, 200.0);
  EXPECT_EQ((*r)[1].arrival, hms(9, 0));
  // Two rides on one pass (transfers=1 within an hour): 150, not 100 + 100.
  EXPECT_EQ(trips_of(f, (*r)[2]), "loca+locb");
  EXPECT_EQ((*r)[2].transfers, 1);
  EXPECT_EQ((*r)[2].fare, 150.0);

  // A fare table of another timetable is refused.
  timetable other(f);
  EXPECT_FALSE(plan(other, q, {.fares = &fares}).ok());

  // No transfers allowed: the two direct trips.
  auto direct = plan(tt, q, {.max_transfers = 0, .fares = &fares});
  ASSERT_TRUE(direct.ok());
  ASSERT_EQ(direct->size(), 2u);

  // Arrive by 09:00: the express leaves earlier and costs more than loc1: dominated.
  query by{{{stop("X"), 0}}, {{stop("Z"), 0}}, monday, hms(9, 0), true};
  auto a = plan(tt, by, {.fares = &fares});
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->size(), 2u);
  EXPECT_EQ(trips_of(f, (*a)[0]), "loc1");
  EXPECT_EQ((*a)[0].departure, hms(8, 5));
  EXPECT_EQ(trips_of(f, (*a)[1]), "loca+locb");
  EXPECT_EQ((*a)[1].departure, hms(8, 2));
  EXPECT_EQ((*a)[1].fare, 150.0);
  EXPECT_EQ((*a)[1].legs[1].from_position, 0u);
  EXPECT_EQ((*a)[1].legs[1].to_position, 1u);
}

// One fare for every ride, no transfers on a ticket: the fare is 100 x rides,
// so the plain search's Pareto set is the answer, priced afterwards.
TEST(fare_search, uniform_fares_use_the_plain_search) {
  auto f = load(std::string(PLANNER_TEST_DATA) + "/fares");
  f.fare_rules.clear();
  f.fare_attributes.resize(1);
  f.fare_attributes[0].price = 100;
  f.fare_attributes[0].transfers = 0;
  timetable tt(f);
  fares::fare_calculator calculator(f);
  fare_table fares(tt, calculator);
  ASSERT_TRUE(fares.uniform());
  query q{{{*f.stop_ids.find("X"), 0}}, {{*f.stop_ids.find("Z"), 0}}, monday, hms(7, 55)};
  auto r = plan(tt, q, {.fares = &fares});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(trips_of(f, (*r)[0]), "exp1");
  EXPECT_EQ((*r)[0].fare, 100.0);
  EXPECT_EQ((*r)[0].currency, "JPY");
}

index_t zone_of(gtfs::feed const& f, index_t stop) {
  auto const& s = f.stops[stop];
  return s.zone != no_index || s.parent == no_index ? s.zone : f.stops[s.parent].zone;
}

TEST(fare_search, muroran_fastest_per_rides_kept_and_fares_match_the_table) {
  auto const f = load(std::string(CITYOS_SHARED_DIR) + "/data/gtfs/donanbus-muroran");
  timetable tt(f);
  fares::fare_calculator calculator(f);
  ASSERT_TRUE(calculator.has_fares());
  fare_table fares(tt, calculator);
  EXPECT_FALSE(fares.shared_tickets());
  // The table read independently: (route, origin zone, destination zone) -> price.
  std::map<std::tuple<index_t, index_t, index_t>, double> table;
  for (auto const& row : f.fare_rules) {
    auto const price = f.fare_attributes[row.fare].price;
    auto [it, fresh] = table.try_emplace({row.route, row.origin, row.destination}, price);
    if (!fresh) it->second = std::min(it->second, price);
  }
  std::vector<index_t> stops;
  for (index_t s = 0; s < tt.stop_count(); ++s)
    if (!tt.visits(s).empty()) stops.push_back(s);
  std::mt19937 rng(5);
  std::uniform_int_distribution<std::size_t> pick(0, stops.size() - 1);
  std::int32_t const date = tt.calendar().first_date() + 3;
  int priced = 0, choices = 0;
  for (int i = 0; i < 60; ++i) {
    query q{{{stops[pick(rng)], 0}}, {{stops[pick(rng)], 0}}, date, hms(7, 0) + i * 600, i % 3 == 0};
    auto base = plan(tt, q, {.max_transfers = 3});
    auto mc = plan(tt, q, {.max_transfers = 3, .fares = &fares});
    ASSERT_TRUE(base.ok() && mc.ok());
    auto best = [&](std::vector<journey> const& js, int rides) {
      std::int32_t b = q.arrive_by ? -unreachable : unreachable;
      for (auto const& j : js)
        if (j.transfers + 1 <= rides) b = q.arrive_by ? std::max(b, j.departure) : std::min(b, j.arrival);
      return b;
    };
    // Journeys more than fare_slack (1 h) slower than the fastest are left out.
    std::int32_t const fastest = best(*base, 5);
    for (int rides = 1; rides <= 4; ++rides) {
      std::int32_t const b = best(*base, rides);
      if (b == unreachable || b == -unreachable || std::abs(b - fastest) > 3600) continue;
      EXPECT_EQ(b, best(*mc, rides)) << "query " << i << " rides " << rides;
    }
    for (auto const& j : *mc)
      EXPECT_LE(std::abs((q.arrive_by ? j.departure : j.arrival) - fastest), 3600) << "query " << i;
    for (auto const& j : *mc) {
      double sum = 0;
      bool all = true;
      for (auto const& l : j.legs) {
        if (l.kind != leg_kind::ride) continue;
        auto const& trip = f.trips[l.trip];
        auto const from = f.stop_times[trip.first_stop_time + l.from_position].stop;
        auto const to = f.stop_times[trip.first_stop_time + l.to_position].stop;
        auto it = table.find({trip.route, zone_of(f, from), zone_of(f, to)});
        if (it == table.end()) it = table.find({no_index, zone_of(f, from), zone_of(f, to)});
        if (it == table.end()) {
          all = false;
          break;
        }
        sum += it->second;
      }
      if (!all) continue;
      ASSERT_TRUE(j.fare.has_value());
      EXPECT_DOUBLE_EQ(*j.fare, sum) << "query " << i;
      EXPECT_EQ(j.currency, "JPY");
      ++priced;
    }
    // Pareto: no journey is matched or beaten on all three criteria by another.
    for (auto const& a : *mc)
      for (auto const& b : *mc) {
        if (&a == &b) continue;
        bool const as_good = (q.arrive_by ? a.departure >= b.departure : a.arrival <= b.arrival) &&
                             a.transfers <= b.transfers && a.fare.value_or(1e18) <= b.fare.value_or(1e18);
        EXPECT_FALSE(as_good) << "query " << i;
      }
    choices += mc->size() > base->size();
  }
  EXPECT_GT(priced, 20);
  std::printf("muroran: %d priced journeys, %d queries with fare trade-offs\n", priced, choices);
}

}  // namespace
}  // namespace cityos::mobility::planner
