// SPDX-License-Identifier: Apache-2.0
// RAPTOR against a brute-force reference on the Muroran feed: random stop-to-stop
// queries, and for every number of rides the earliest arrival must agree. The
// reference relaxes every run of every trip of the feed on the three service
// days around the query (no patterns, no binary search, no marking, no pruning),
// one round per ride, walking the timetable's footpaths from the origin and
// after each round. Every
// returned journey is also checked against stop_times and the service calendar.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "mobility/gtfs/feed_loader.h"
#include "mobility/planner/raptor.h"
#include "mobility/planner/timetable.h"

namespace cityos::mobility::planner {
namespace {

constexpr std::int32_t day = 86'400;
constexpr int max_transfers = 4;

std::string const kMuroran = std::string(CITYOS_SHARED_DIR) + "/data/gtfs/donanbus-muroran";

// best[r]: earliest arrival at `to` with at most r rides (r = 0..max_transfers + 1).
std::vector<std::int32_t> reference(timetable const& tt, index_t from, index_t to, std::int32_t date, std::int32_t time) {
  auto const& f = tt.feed();
  std::size_t const n = f.stops.size();
  std::vector<std::int32_t> ready(n, unreachable);
  ready[from] = time;
  for (auto const& fp : tt.footpaths(from)) ready[fp.to] = std::min(ready[fp.to], time + fp.duration);
  std::vector<std::int32_t> best(max_transfers + 2, unreachable);
  best[0] = ready[to];
  for (int r = 1; r <= max_transfers + 1; ++r) {
    std::vector<std::int32_t> ride(n, unreachable), walk(n, unreachable);
    for (auto const& trip : f.trips)
      for (std::int32_t d = -1; d <= 1; ++d) {
        if (!tt.active(trip.service, date + d)) continue;
        bool on = false;
        for (std::uint32_t i = 0; i < trip.stop_time_count; ++i) {
          auto const& st = f.stop_times[trip.first_stop_time + i];
          if (on && st.drop_off_type != 1) ride[st.stop] = std::min(ride[st.stop], st.arrival + d * day);
          if (!on && st.pickup_type != 1 && ready[st.stop] <= st.departure + d * day) on = true;
        }
      }
    std::vector<std::int32_t> next = ready;
    for (index_t s = 0; s < n; ++s) {
      if (ride[s] == unreachable) continue;
      if (tt.change_time(s) != unreachable) next[s] = std::min(next[s], ride[s] + tt.change_time(s));
      for (auto const& fp : tt.footpaths(s)) walk[fp.to] = std::min(walk[fp.to], ride[s] + fp.duration);
    }
    for (index_t s = 0; s < n; ++s) next[s] = std::min(next[s], walk[s]);
    ready = std::move(next);
    best[static_cast<std::size_t>(r)] = std::min({best[static_cast<std::size_t>(r - 1)], ride[to], walk[to]});
  }
  return best;
}

// A journey is consistent with the feed: ride legs match stop_times of a trip
// running on its service date, legs follow each other in time and space.
void check_journey(timetable const& tt, query const& q, journey const& j) {
  auto const& f = tt.feed();
  std::int32_t t = q.time;
  index_t at = q.sources[0].stop;
  index_t last_ride_stop = no_index;
  std::int32_t last_ride_arrival = 0;
  for (auto const& l : j.legs) {
    EXPECT_GE(l.departure, t);
    if (l.kind == leg_kind::ride) {
      EXPECT_EQ(l.from_stop, at);
      auto const& trip = f.trips[l.trip];
      EXPECT_TRUE(tt.active(trip.service, l.service_date)) << f.trip_ids.name(l.trip);
      std::int32_t const shift = (l.service_date - q.date) * day;
      auto const& a = f.stop_times[trip.first_stop_time + l.from_position];
      auto const& b = f.stop_times[trip.first_stop_time + l.to_position];
      EXPECT_EQ(a.stop, l.from_stop);
      EXPECT_EQ(b.stop, l.to_stop);
      EXPECT_EQ(a.departure + shift, l.departure);
      EXPECT_EQ(b.arrival + shift, l.arrival);
      EXPECT_LT(l.from_position, l.to_position);
      EXPECT_EQ(trip.route, l.route);
      if (last_ride_stop == l.from_stop) {
        EXPECT_GE(l.departure, last_ride_arrival + tt.change_time(l.from_stop));
      }
      last_ride_stop = l.to_stop;
      last_ride_arrival = l.arrival;
    } else {
      EXPECT_EQ(l.from_stop, at);
      last_ride_stop = no_index;
    }
    at = l.to_stop;
    t = l.arrival;
  }
  EXPECT_EQ(at, q.targets[0].stop);
  EXPECT_EQ(t, j.arrival);
}

class muroran : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto r = gtfs::load_feed(kMuroran);
    ASSERT_TRUE(r.ok()) << r.err().detail;
    feed_ = new gtfs::feed(std::move(r->data));
    tt_ = new timetable(*feed_);
  }
  static void TearDownTestSuite() {
    delete tt_;
    delete feed_;
  }
  static inline gtfs::feed* feed_ = nullptr;
  static inline timetable* tt_ = nullptr;
};

std::vector<index_t> served_stops(timetable const& tt) {
  std::vector<index_t> out;
  for (index_t s = 0; s < tt.stop_count(); ++s)
    if (!tt.visits(s).empty()) out.push_back(s);
  return out;
}

TEST_F(muroran, earliest_arrival_per_transfer_count_matches_brute_force) {
  ASSERT_TRUE(feed_->frequencies.empty());  // the reference reads stop_times only
  for (auto const& st : feed_->stop_times) ASSERT_TRUE(st.arrival >= 0 && st.departure >= 0);
  auto const stops = served_stops(*tt_);
  std::mt19937 rng(4);
  std::uniform_int_distribution<std::size_t> pick(0, stops.size() - 1);
  std::uniform_int_distribution<std::int32_t> date(tt_->calendar().first_date(), tt_->calendar().last_date());
  std::uniform_int_distribution<std::int32_t> time(0, 23 * 3600);
  int found = 0, with_transfer = 0;
  for (int i = 0; i < 100; ++i) {
    query q{{{stops[pick(rng)], 0}}, {{stops[pick(rng)], 0}}, date(rng), time(rng)};
    auto r = plan(*tt_, q, {.max_transfers = max_transfers});
    ASSERT_TRUE(r.ok());
    auto const ref = reference(*tt_, q.sources[0].stop, q.targets[0].stop, q.date, q.time);
    for (int rides = 0; rides <= max_transfers + 1; ++rides) {
      std::int32_t got = unreachable;
      for (auto const& j : *r) {
        int const j_rides = j.legs.empty() || std::none_of(j.legs.begin(), j.legs.end(), [](auto const& l) {
                              return l.kind == leg_kind::ride;
                            }) ? 0 : j.transfers + 1;
        if (j_rides <= rides) got = std::min(got, j.arrival);
      }
      EXPECT_EQ(got, ref[static_cast<std::size_t>(rides)])
          << "query " << i << " from " << feed_->stop_ids.name(q.sources[0].stop) << " to "
          << feed_->stop_ids.name(q.targets[0].stop) << " date " << q.date << " time " << q.time << " rides " << rides;
    }
    for (auto const& j : *r) check_journey(*tt_, q, j);
    for (std::size_t k = 1; k < r->size(); ++k) {  // Pareto: more transfers only if strictly earlier
      EXPECT_GT((*r)[k].transfers, (*r)[k - 1].transfers);
      EXPECT_LT((*r)[k].arrival, (*r)[k - 1].arrival);
    }
    found += !r->empty();
    with_transfer += r->size() > 1 || (!r->empty() && r->back().transfers > 0);
  }
  EXPECT_GT(found, 10);  // the sample exercises real journeys
  EXPECT_GT(with_transfer, 0);
}

// Arrive-by: for every number of rides, the journey found departs as late as
// possible: the reference reaches the target by the deadline leaving then, and
// not leaving one second later. No journey means none leaves within 6 hours.
TEST_F(muroran, arrive_by_latest_departure_matches_brute_force) {
  auto const stops = served_stops(*tt_);
  std::mt19937 rng(11);
  std::uniform_int_distribution<std::size_t> pick(0, stops.size() - 1);
  std::uniform_int_distribution<std::int32_t> date(tt_->calendar().first_date(), tt_->calendar().last_date());
  std::uniform_int_distribution<std::int32_t> time(6 * 3600, 24 * 3600);
  int found = 0;
  for (int i = 0; i < 100; ++i) {
    query q{{{stops[pick(rng)], 0}}, {{stops[pick(rng)], 0}}, date(rng), time(rng), true};
    if (q.sources[0].stop == q.targets[0].stop) continue;
    auto r = plan(*tt_, q, {.max_transfers = max_transfers});
    ASSERT_TRUE(r.ok());
    for (std::size_t k = 1; k < r->size(); ++k) {  // Pareto: more transfers only if strictly later
      EXPECT_GT((*r)[k].transfers, (*r)[k - 1].transfers);
      EXPECT_GT((*r)[k].departure, (*r)[k - 1].departure);
    }
    for (int rides = 1; rides <= max_transfers + 1; ++rides) {
      std::int32_t latest = -unreachable;
      for (auto const& j : *r)
        if (j.transfers + 1 <= rides) latest = std::max(latest, j.departure);
      auto const where = "query " + std::to_string(i) + " rides " + std::to_string(rides);
      if (latest == -unreachable) {
        EXPECT_GT(reference(*tt_, q.sources[0].stop, q.targets[0].stop, q.date, q.time - 6 * 3600)[rides], q.time)
            << where;
        continue;
      }
      EXPECT_LE(reference(*tt_, q.sources[0].stop, q.targets[0].stop, q.date, latest)[rides], q.time) << where;
      EXPECT_GT(reference(*tt_, q.sources[0].stop, q.targets[0].stop, q.date, latest + 1)[rides], q.time) << where;
    }
    for (auto const& j : *r) {
      EXPECT_LE(j.arrival, q.time);
      query at = q;
      at.time = j.departure;
      check_journey(*tt_, at, j);
    }
    found += !r->empty();
  }
  EXPECT_GT(found, 10);
}

}  // namespace
}  // namespace cityos::mobility::planner
