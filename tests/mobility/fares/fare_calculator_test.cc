// SPDX-License-Identifier: Apache-2.0
// fare_calculator on a hand-written feed (data/small, EUR) whose answers follow
// from its two fare files: route fares (route_r1, express), a zone pair
// (zone_1_2: z1 -> z2, any route), a contains group (contains_123: R3 through
// exactly z1, z2, z3), transfers 0 / 1 / unlimited (transfer_once allows one
// transfer within 3600 s on R1 and R2; r2_unlimited any number on R2), a zone
// taken from the parent station (P has none, its station ST is z5), and a
// route without any fare (R4). Then feeds built in code for fares without
// rules, agency_id and currencies.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mobility/fares/fare_calculator.h"
#include "mobility/gtfs/feed_loader.h"

namespace cityos::mobility::fares {
namespace {

using gtfs::index_t;

constexpr std::int32_t hm(int h, int m) { return h * 3600 + m * 60; }

class small_feed : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto r = gtfs::load_feed(std::string(FARES_TEST_DATA) + "/small");
    ASSERT_TRUE(r.ok()) << r.err().detail;
    ASSERT_TRUE(r->usable());
    ASSERT_EQ(r->report.errors(), 0u);
    feed_ = new gtfs::feed(std::move(r->data));
    calc_ = new fare_calculator(*feed_);
  }
  static void TearDownTestSuite() {
    delete calc_;
    delete feed_;
  }

  // Ride on `trip` from stop `from` to stop `to`, boarding at `board`.
  static ride on(std::string const& trip, std::string const& from, std::string const& to, std::int32_t board = hm(8, 0)) {
    index_t const t = *feed_->trip_ids.find(trip);
    auto const& tr = feed_->trips[t];
    ride r{t, 0, 0, board, board + 600};
    for (std::uint32_t p = 0; p < tr.stop_time_count; ++p) {
      auto const& name = feed_->stop_ids.name(feed_->stop_times[tr.first_stop_time + p].stop);
      if (name == from) r.from_pos = p;
      if (name == to) r.to_pos = p;
    }
    return r;
  }
  static std::string fare(ticket const& t) { return feed_->fare_ids.name(t.fare); }

  // price() of `rides`, checking that each ride alone agrees with ride_price.
  static std::optional<fare_total> price(std::vector<ride> const& rides) {
    for (auto const& r : rides) {
      auto const one = calc_->price(std::span<ride const>(&r, 1));
      auto const fast = calc_->ride_price(r);
      EXPECT_EQ(one.has_value(), fast.has_value());
      if (one && fast) {
        EXPECT_EQ(one->amount, *fast);
      }
    }
    return calc_->price(rides);
  }

  static inline gtfs::feed* feed_ = nullptr;
  static inline fare_calculator* calc_ = nullptr;
};

TEST_F(small_feed, has_fares) { EXPECT_TRUE(calc_->has_fares()); }

TEST_F(small_feed, route_fare_and_cheaper_zone_fare) {
  EXPECT_EQ(calc_->ride_price(on("T1", "S1", "S2")), 2.0);  // route_r1 (transfer_once 2.50 also applies)
  EXPECT_EQ(calc_->ride_price(on("T1", "S1", "S3")), 1.5);  // zone_1_2 beats route_r1
  EXPECT_EQ(calc_->ride_price(on("T3", "S1", "S3")), 1.5);  // zone_1_2 applies to any route, beats express
  auto const t = price({on("T1", "S1", "S3")});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->currency, "EUR");
  ASSERT_EQ(t->tickets.size(), 1u);
  EXPECT_EQ(fare(t->tickets[0]), "zone_1_2");
}

TEST_F(small_feed, contains_needs_exactly_the_zones_passed) {
  EXPECT_EQ(calc_->ride_price(on("T3", "S1", "S4")), 3.0);  // z1, z2, z3: contains_123
  EXPECT_EQ(calc_->ride_price(on("T3", "S3", "S4")), 5.0);  // z2, z3 only: express
  auto const t = price({on("T3", "S1", "S4")});
  ASSERT_TRUE(t);
  EXPECT_EQ(fare(t->tickets[0]), "contains_123");
}

TEST_F(small_feed, zone_of_parent_station) {
  EXPECT_EQ(calc_->ride_price(on("T2", "S4", "P")), 0.5);    // z3 -> z5 (ST): to_z5
  EXPECT_EQ(calc_->ride_price(on("T2", "S4", "S5")), 2.5);   // transfer_once beats r2_unlimited
}

TEST_F(small_feed, ride_without_fare) {
  EXPECT_FALSE(calc_->ride_price(on("T4", "S1", "S2")));
  EXPECT_FALSE(price({on("T1", "S1", "S2"), on("T4", "S1", "S2", hm(8, 20))}));
}

TEST_F(small_feed, invalid_rides) {
  EXPECT_FALSE(calc_->ride_price(ride{999, 0, 1, 0, 0}));
  EXPECT_FALSE(calc_->ride_price(on("T1", "S3", "S1")));  // backwards
  EXPECT_FALSE(calc_->ride_price(ride{0, 0, 9, 0, 0}));   // past the trip's end
  auto const none = calc_->price({});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->amount, 0);
  EXPECT_TRUE(none->tickets.empty());
}

TEST_F(small_feed, one_transfer_within_duration) {
  auto const t = price({on("T1", "S1", "S2"), on("T2", "S4", "S5", hm(8, 40))});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->amount, 2.5);
  ASSERT_EQ(t->tickets.size(), 1u);
  EXPECT_EQ(fare(t->tickets[0]), "transfer_once");
  EXPECT_EQ(t->tickets[0].first_ride, 0u);
  EXPECT_EQ(t->tickets[0].ride_count, 2u);
  // Boarding exactly transfer_duration (3600 s) after the first boarding still counts.
  auto const edge = price({on("T1", "S1", "S2"), on("T2", "S4", "S5", hm(9, 0))});
  ASSERT_TRUE(edge);
  EXPECT_EQ(edge->amount, 2.5);
}

TEST_F(small_feed, transfer_expired) {
  auto const t = price({on("T1", "S1", "S2"), on("T2", "S4", "S5", hm(9, 0) + 1)});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->amount, 4.5);  // route_r1 2.00 + transfer_once 2.50 alone
  ASSERT_EQ(t->tickets.size(), 2u);
  EXPECT_EQ(fare(t->tickets[0]), "route_r1");
  EXPECT_EQ(t->tickets[1].first_ride, 1u);
}

TEST_F(small_feed, transfers_one_allows_two_rides_only) {
  auto const t = price({on("T1", "S1", "S2"), on("T2", "S4", "S5", hm(8, 40)), on("T2", "S4", "S5", hm(8, 50))});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->amount, 4.5);  // route_r1 + transfer_once(R2, R2); no fare covers all three
  ASSERT_EQ(t->tickets.size(), 2u);
  EXPECT_EQ(t->tickets[1].ride_count, 2u);
}

TEST_F(small_feed, unlimited_transfers_without_duration) {
  auto const t = price({on("T2", "S4", "S5", hm(8, 0)), on("T2", "S4", "S5", hm(12, 0)), on("T2", "S4", "S5", hm(20, 0))});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->amount, 3.0);
  ASSERT_EQ(t->tickets.size(), 1u);
  EXPECT_EQ(fare(t->tickets[0]), "r2_unlimited");
}

TEST_F(small_feed, no_transfers) {
  auto const t = price({on("T5", "S5", "S6"), on("T5", "S5", "S6", hm(8, 20))});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->amount, 2.0);  // single5 twice
  EXPECT_EQ(t->tickets.size(), 2u);
}

// --- feeds built in code -----------------------------------------------------

// Two agencies (0, 1), route r of agency r, one trip per route over stops 0 -> 1.
gtfs::feed two_agency_feed() {
  gtfs::feed f;
  f.agencies.resize(2);
  f.agency_ids.intern("a0");
  f.agency_ids.intern("a1");
  f.stops.resize(2);
  for (index_t r = 0; r < 2; ++r) {
    f.routes.push_back({});
    f.routes.back().agency = r;
    f.trips.push_back({});
    f.trips.back().route = r;
    f.trips.back().first_stop_time = static_cast<std::uint32_t>(f.stop_times.size());
    f.trips.back().stop_time_count = 2;
    f.stop_times.push_back({r, 0, 0, 0, 1});
    f.stop_times.push_back({r, 1, 60, 60, 2});
  }
  return f;
}

index_t add_fare(gtfs::feed& f, std::string const& id, double price, index_t agency, std::string currency = "EUR") {
  f.fare_ids.intern(id);
  f.fare_attributes.push_back({});
  f.fare_attributes.back().price = price;
  f.fare_attributes.back().currency = std::move(currency);
  f.fare_attributes.back().agency = agency;
  return static_cast<index_t>(f.fare_attributes.size() - 1);
}

TEST(fare_calculator_code_feed, fare_without_rules_applies_to_its_agency) {
  auto f = two_agency_feed();
  add_fare(f, "flat_a1", 1.0, 1);
  add_fare(f, "ignored", 0.5, gtfs::no_index);  // no rules, no agency, two agencies: applies nowhere
  fare_calculator calc(f);
  EXPECT_FALSE(calc.ride_price({0, 0, 1, 0, 60}));
  EXPECT_EQ(calc.ride_price({1, 0, 1, 0, 60}), 1.0);
}

TEST(fare_calculator_code_feed, fare_without_rules_in_single_agency_feed) {
  auto f = two_agency_feed();
  f.agencies.resize(1);
  f.routes[1].agency = 0;
  add_fare(f, "flat", 1.75, gtfs::no_index);
  fare_calculator calc(f);
  EXPECT_EQ(calc.ride_price({0, 0, 1, 0, 60}), 1.75);
  EXPECT_EQ(calc.ride_price({1, 0, 1, 0, 60}), 1.75);
}

TEST(fare_calculator_code_feed, agency_id_limits_route_rows) {
  auto f = two_agency_feed();
  index_t const any_route = add_fare(f, "a0_any", 2.0, 0);
  f.fare_rules.push_back({any_route, gtfs::no_index, gtfs::no_index, gtfs::no_index, gtfs::no_index});
  index_t const wrong = add_fare(f, "a0_on_r1", 0.1, 0);  // route of another agency: never applies
  f.fare_rules.push_back({wrong, 1, gtfs::no_index, gtfs::no_index, gtfs::no_index});
  fare_calculator calc(f);
  EXPECT_EQ(calc.ride_price({0, 0, 1, 0, 60}), 2.0);
  EXPECT_FALSE(calc.ride_price({1, 0, 1, 0, 60}));
  ride const rides[] = {{0, 0, 1, 0, 60}, {1, 0, 1, 100, 160}};
  EXPECT_FALSE(calc.price(rides));
}

TEST(fare_calculator_code_feed, currencies_are_not_mixed) {
  auto f = two_agency_feed();
  f.fare_rules.push_back({add_fare(f, "eur_r0", 2.0, gtfs::no_index, "EUR"), 0, gtfs::no_index, gtfs::no_index,
                          gtfs::no_index});
  f.fare_rules.push_back({add_fare(f, "usd_r1", 3.0, gtfs::no_index, "USD"), 1, gtfs::no_index, gtfs::no_index,
                          gtfs::no_index});
  fare_calculator calc(f);
  ride const rides[] = {{0, 0, 1, 0, 60}, {1, 0, 1, 100, 160}};
  EXPECT_EQ(calc.ride_price(rides[0]), 2.0);
  EXPECT_EQ(calc.ride_price(rides[1]), 3.0);
  EXPECT_FALSE(calc.price(rides));
  auto const usd = calc.price(std::span<ride const>(&rides[1], 1));
  ASSERT_TRUE(usd);
  EXPECT_EQ(usd->currency, "USD");
}

TEST(fare_calculator_code_feed, no_fares) {
  auto f = two_agency_feed();
  fare_calculator calc(f);
  EXPECT_FALSE(calc.has_fares());
  EXPECT_FALSE(calc.ride_price({0, 0, 1, 0, 60}));
}

}  // namespace
}  // namespace cityos::mobility::fares
