// SPDX-License-Identifier: Apache-2.0
// fare_calculator on the real feeds of ../shared/data/gtfs. Muroran (GTFS-JP,
// JPY): a fare_rules row per (route, origin zone, destination zone), every fare
// without transfers; random rides are checked against a plain scan of
// fare_rules. Caltrain (USD): zone pairs, any route, unlimited transfers.
// King County Metro (USD): route fares, transfers within 5400 s. Expected
// amounts are read from the feeds' fare files (cited next to each check).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "mobility/fares/fare_calculator.h"
#include "mobility/gtfs/feed_loader.h"

namespace cityos::mobility::fares {
namespace {

using gtfs::index_t;
using gtfs::no_index;

std::string const kGtfs = std::string(CITYOS_SHARED_DIR) + "/data/gtfs";

gtfs::feed load(std::string const& path) {
  auto r = gtfs::load_feed(path);
  EXPECT_TRUE(r.ok());
  if (!r.ok()) return {};
  EXPECT_TRUE(r->usable());
  return std::move(r->data);
}

index_t zone_of(gtfs::feed const& f, index_t stop) {
  auto const& s = f.stops[stop];
  return s.zone != no_index || s.parent == no_index ? s.zone : f.stops[s.parent].zone;
}

index_t stop_at(gtfs::feed const& f, ride const& r) {
  return f.stop_times[f.trips[r.trip].first_stop_time + r.from_pos].stop;
}

// Cheapest price per (route, origin, destination) named exactly by a row: a plain scan.
using od_key = std::tuple<index_t, index_t, index_t>;
std::map<od_key, double> scan_rules(gtfs::feed const& f) {
  std::map<od_key, double> best;
  for (auto const& row : f.fare_rules) {
    double const p = f.fare_attributes[row.fare].price;
    auto [it, added] = best.try_emplace({row.route, row.origin, row.destination}, p);
    if (!added && p < it->second) it->second = p;
  }
  return best;
}

TEST(fares_real_feeds, muroran_rides_match_the_fare_table) {
  auto const f = load(kGtfs + "/donanbus-muroran");
  ASSERT_GT(f.fare_rules.size(), 60'000u);
  for (auto const& a : f.fare_attributes) ASSERT_EQ(a.transfers, 0);  // the sum rule below relies on it
  auto const built = std::chrono::steady_clock::now();
  fare_calculator const calc(f);
  auto const build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - built).count();
  ASSERT_TRUE(calc.has_fares());
  auto const table = scan_rules(f);
  auto const st = calc.stats();
  std::printf("muroran fare index: %zu single-ride keys, %zu KiB, %zu rows, built in %.1f ms\n",
              st.single_ride_keys, st.single_ride_bytes / 1024, st.rows, build_ms);

  std::mt19937 rng(20260401);
  std::vector<ride> rides;
  std::vector<std::optional<double>> expected;
  int priced = 0;
  while (rides.size() < 2000) {
    auto const t = static_cast<index_t>(rng() % f.trips.size());
    auto const n = f.trips[t].stop_time_count;
    if (n < 2) continue;
    auto const a = static_cast<std::uint32_t>(rng() % (n - 1));
    auto const b = a + 1 + static_cast<std::uint32_t>(rng() % (n - 1 - a));
    ride const r{t, a, b, 0, 0};
    auto const alight = f.stop_times[f.trips[t].first_stop_time + b].stop;
    auto const row = table.find({f.trips[t].route, zone_of(f, stop_at(f, r)), zone_of(f, alight)});
    auto const want = row == table.end() ? std::nullopt : std::optional<double>(row->second);
    auto const got = calc.ride_price(r);
    ASSERT_EQ(got.has_value(), want.has_value()) << f.trip_ids.name(t) << " " << a << "->" << b;
    if (want) {
      EXPECT_EQ(*got, *want);
      ++priced;
    }
    rides.push_back(r);
    expected.push_back(want);
  }
  EXPECT_GT(priced, 1900);  // nearly every stop pair of a route has a row

  for (std::size_t i = 0; i + 1 < rides.size(); i += 2) {
    if (!expected[i] || !expected[i + 1]) continue;
    auto const total = calc.price(std::span<ride const>(&rides[i], 2));
    ASSERT_TRUE(total);
    EXPECT_EQ(total->amount, *expected[i] + *expected[i + 1]);
    EXPECT_EQ(total->currency, "JPY");
    EXPECT_EQ(total->tickets.size(), 2u);
  }

  auto const start = std::chrono::steady_clock::now();
  double sum = 0;
  int const rounds = 50;
  for (int k = 0; k < rounds; ++k)
    for (auto const& r : rides) sum += calc.ride_price(r).value_or(0);
  auto const ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
  std::printf("muroran ride_price: %.0f ns per call (checksum %.0f)\n", ns / (rounds * rides.size()), sum);
}

// Ride on the first trip that serves `from` and later `to`.
std::optional<ride> find_ride(gtfs::feed const& f, std::string const& from, std::string const& to, std::int32_t board) {
  index_t const a = *f.stop_ids.find(from), b = *f.stop_ids.find(to);
  for (index_t t = 0; t < f.trips.size(); ++t) {
    auto const& tr = f.trips[t];
    std::optional<std::uint32_t> pa;
    for (std::uint32_t p = 0; p < tr.stop_time_count; ++p) {
      auto const s = f.stop_times[tr.first_stop_time + p].stop;
      if (s == a) pa = p;
      if (s == b && pa) return ride{t, *pa, p, board, board + 1800};
    }
  }
  return std::nullopt;
}

TEST(fares_real_feeds, caltrain_zone_fares) {
  auto const f = load(kGtfs + "/otp-test-feeds/caltrain_gtfs.zip");
  fare_calculator const calc(f);
  auto const sf_pa = find_ride(f, "San Francisco Caltrain", "Palo Alto Caltrain", 8 * 3600);  // zone 1 -> 3
  auto const pa_sj = find_ride(f, "Palo Alto Caltrain", "San Jose Caltrain", 10 * 3600);       // zone 3 -> 4
  ASSERT_TRUE(sf_pa && pa_sj);
  EXPECT_EQ(calc.ride_price(*sf_pa), 6.00);  // OW_3,,1,3  OW_3 = 6.0000 USD
  EXPECT_EQ(calc.ride_price(*pa_sj), 4.25);  // OW_2,,3,4  OW_2 = 4.2500 USD
  ride const both[] = {*sf_pa, *pa_sj};
  auto const total = calc.price(both);
  ASSERT_TRUE(total);
  EXPECT_EQ(total->amount, 7.75);  // one ticket 1 -> 4: OW_4,,1,4, OW_4 = 7.7500, transfers empty
  EXPECT_EQ(total->currency, "USD");
  ASSERT_EQ(total->tickets.size(), 1u);
  EXPECT_EQ(f.fare_ids.name(total->tickets[0].fare), "OW_4");
}

TEST(fares_real_feeds, king_county_route_fares_and_transfer_window) {
  auto const f = load(kGtfs + "/otp-test-feeds/kcm_gtfs.zip");
  fare_calculator const calc(f);
  // Every trip is on route 100001: rows 101,100001 (2.50) and 110,100001 (2.75);
  // both allow unlimited transfers within transfer_duration 5400 s.
  index_t const t = 0;
  ASSERT_EQ(f.route_ids.name(f.trips[t].route), "100001");
  ride const first{t, 0, f.trips[t].stop_time_count - 1, 7 * 3600, 8 * 3600};
  EXPECT_EQ(calc.ride_price(first), 2.50);
  ride const within[] = {first, {t, 0, 3, 7 * 3600 + 5400, 7 * 3600 + 6000}};
  auto const one = calc.price(within);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->amount, 2.50);
  EXPECT_EQ(one->tickets.size(), 1u);
  ride const later[] = {first, {t, 0, 3, 7 * 3600 + 5401, 7 * 3600 + 6000}};
  auto const two = calc.price(later);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->amount, 5.00);
  EXPECT_EQ(two->tickets.size(), 2u);
}

}  // namespace
}  // namespace cityos::mobility::fares
