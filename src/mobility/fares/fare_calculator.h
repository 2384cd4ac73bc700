// SPDX-License-Identifier: Apache-2.0
// GTFS fares v1 (fare_attributes.txt + fare_rules.txt) for rides of a journey.
// A fare applies to a run of consecutive rides when, for every ride, one of its
// fare_rules rows matches the ride's route (empty = any), the zone of the
// run's first boarding stop (origin_id) and of its last alighting stop
// (destination_id); rows with contains_id need the zones passed through by the
// run (every stop from boarding to alighting) to equal the row group's set.
// The run must fit fare_attributes.transfers (empty = unlimited) and, if
// transfer_duration is set, its last ride must board at most that many seconds
// after the first. A fare with agency_id applies only to that agency's routes.
// Built once from a feed (which must outlive it), then immutable: safe to call
// from many threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "mobility/gtfs/feed.h"

namespace cityos::mobility::fares {

namespace detail {
struct rule_index;
}

// One transit ride: trip boarded at position from_pos and left at to_pos
// (from_pos < to_pos) of the trip's stop_times slice
// (trip::first_stop_time .. + stop_time_count); times in seconds, one clock.
struct ride {
  gtfs::index_t trip = gtfs::no_index;
  std::uint32_t from_pos = 0, to_pos = 0;
  std::int32_t board_time = 0, alight_time = 0;
};

// One ticket: fare (feed::fare_ids index) bought for rides
// [first_ride, first_ride + ride_count).
struct ticket {
  gtfs::index_t fare = gtfs::no_index;
  double price = 0;
  std::size_t first_ride = 0, ride_count = 0;
};

struct fare_total {
  double amount = 0;
  std::string currency;  // ISO 4217 from fare_attributes; empty for no rides
  std::vector<ticket> tickets;
};

// Sizes of the lookup structures, for reports and tests.
struct fare_index_stats {
  std::size_t single_ride_keys = 0, single_ride_bytes = 0, rows = 0, contains_groups = 0;
};

class fare_calculator {
 public:
  explicit fare_calculator(gtfs::feed const& f);
  ~fare_calculator();
  fare_calculator(fare_calculator&&) noexcept;
  fare_calculator& operator=(fare_calculator&&) = delete;

  // True if the feed has at least one fare that can apply to some ride.
  bool has_fares() const;

  // Price of the cheapest fare covering `r` alone; nullopt if none applies or
  // `r` is not a valid ride. Hash lookups only, no allocation; equals
  // price({r})->amount.
  std::optional<double> ride_price(ride const& r) const;

  // Cheapest set of tickets covering `rides` in order, each ticket a run of
  // consecutive rides (dynamic programming over runs). nullopt if a ride is
  // invalid or no combination of fares of one currency covers all rides.
  // Currencies are not converted: with several, the smallest amount wins.
  std::optional<fare_total> price(std::span<ride const> rides) const;

  fare_index_stats stats() const;

 private:
  struct run_cheapest {
    double price;
    gtfs::index_t fare;
  };
  std::optional<run_cheapest> cheapest_for_run(std::span<ride const> run, gtfs::index_t currency) const;
  bool fare_applies(gtfs::index_t fare, std::span<ride const> run) const;
  bool zones_equal(std::span<ride const> run, std::vector<gtfs::index_t> const& zones) const;
  bool valid(ride const& r) const;
  gtfs::index_t board_zone(ride const& r) const;
  gtfs::index_t alight_zone(ride const& r) const;

  gtfs::feed const& feed_;
  std::unique_ptr<detail::rule_index const> index_;
};

}  // namespace cityos::mobility::fares
