// SPDX-License-Identifier: Apache-2.0
// Cross-check of the checker's exact ride-time / duration test against an
// oracle written here: Cordeau & Laporte's (2003) eight-step scheduling with
// forward time slack. Any schedule that procedure finds is a real schedule,
// so every route it accepts must meet the checker's time rules too (the
// oracle ignores capacity).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "mobility/drt/checker.h"
#include "mobility/drt/instance_reader.h"

namespace cityos::mobility::drt {
namespace {

// Positions 0 (start depot), 1..k (stops), k+1 (end depot).
struct cl_route {
  problem const& p;
  vehicle const& v;
  std::vector<node_index> const& stops;
  std::vector<double> A, B, W, D;

  std::size_t q() const { return stops.size() + 1; }
  std::uint32_t loc(std::size_t i) const {
    return i == 0 ? v.start_location : i == q() ? v.end_location : p.nodes[stops[i - 1]].location;
  }
  double early(std::size_t i) const { return i == 0 || i == q() ? v.shift_start : p.nodes[stops[i - 1]].earliest; }
  double late(std::size_t i) const { return i == 0 || i == q() ? v.shift_end : p.nodes[stops[i - 1]].latest; }
  double service(std::size_t i) const { return i == 0 || i == q() ? 0 : p.nodes[stops[i - 1]].service; }

  // Recomputes A, W, B, D after position `from` (whose D is set).
  void forward(std::size_t from) {
    for (std::size_t i = from + 1; i <= q(); ++i) {
      A[i] = D[i - 1] + p.travel.t(loc(i - 1), loc(i));
      B[i] = std::max(A[i], early(i));
      W[i] = B[i] - A[i];
      D[i] = B[i] + service(i);
    }
  }
  // Position of the pickup of the delivery at position j, or 0 if j is no delivery.
  std::size_t pickup_of(std::size_t j) const {
    if (j == 0 || j == q() || p.nodes[stops[j - 1]].kind != node_kind::delivery) return 0;
    auto const pick = p.requests[p.nodes[stops[j - 1]].request].pickup;
    return static_cast<std::size_t>(std::find(stops.begin(), stops.end(), pick) - stops.begin()) + 1;
  }
  double slack(std::size_t i) const {
    double best = no_limit, waits = 0;
    for (std::size_t j = i; j <= q(); ++j) {
      if (j > i) waits += W[j];
      double room = late(j) - B[j];
      std::size_t const pi = pickup_of(j);
      if (pi != 0 && pi < i) room = std::min(room, p.requests[p.nodes[stops[j - 1]].request].max_ride - (B[j] - D[pi]));
      best = std::min(best, waits + std::max(0.0, room));
    }
    return best;
  }
  double waits_after(std::size_t i) const {
    return std::accumulate(W.begin() + static_cast<long>(i) + 1, W.end(), 0.0);
  }

  bool feasible() {
    A = B = W = D = std::vector<double>(q() + 1, 0);
    B[0] = D[0] = v.shift_start;  // steps 1-2
    forward(0);
    for (std::size_t i = 0; i <= q(); ++i)
      if (B[i] > late(i) + 1e-6) return false;                         // step 3
    D[0] = B[0] = v.shift_start + std::min(slack(0), waits_after(0));  // step 4
    forward(0);                                                        // steps 5-6
    for (std::size_t j = 1; j < q(); ++j) {                            // step 7
      if (p.nodes[stops[j - 1]].kind != node_kind::pickup) continue;
      W[j] += std::min(slack(j), waits_after(j));
      B[j] = A[j] + W[j];
      D[j] = B[j] + service(j);
      forward(j);
    }
    for (std::size_t i = 0; i <= q(); ++i)  // step 8
      if (B[i] > late(i) + 1e-6) return false;
    if (D[q()] - D[0] > v.max_duration + 1e-6 && B[q()] - D[0] > v.max_duration + 1e-6) return false;
    for (std::size_t j = 1; j < q(); ++j)
      if (std::size_t const pi = pickup_of(j);
          pi != 0 && B[j] - D[pi] > p.requests[p.nodes[stops[j - 1]].request].max_ride + 1e-6)
        return false;
    return true;
  }
};

TEST(darp_schedule, checker_accepts_every_route_cordeau_laporte_schedules) {
  for (std::string const name : {"a2-16", "b2-16", "R1a"}) {
    auto p = read_cordeau(std::string(CITYOS_SHARED_DIR) + "/data/darp/cordeau/" + name + ".txt");
    ASSERT_TRUE(p) << p.err().detail;
    std::mt19937 rng(11);
    int accepted_by_both = 0, only_checker = 0;
    for (int round = 0; round < 400; ++round) {
      std::vector<std::uint32_t> reqs(p->requests.size());
      std::iota(reqs.begin(), reqs.end(), 0u);
      std::shuffle(reqs.begin(), reqs.end(), rng);
      reqs.resize(1 + rng() % 3);
      // Stops ordered by window closing, pickups before their deliveries.
      std::vector<node_index> stops;
      for (auto r : reqs) stops.insert(stops.end(), {p->requests[r].pickup, p->requests[r].delivery});
      std::sort(stops.begin(), stops.end(), [&](auto a, auto b) { return p->nodes[a].latest < p->nodes[b].latest; });
      for (auto r : reqs) {
        auto const pi = std::find(stops.begin(), stops.end(), p->requests[r].pickup);
        auto const di = std::find(stops.begin(), stops.end(), p->requests[r].delivery);
        if (di < pi) std::iter_swap(pi, di);
      }
      solution s{{{0, stops}}, {}};
      for (std::uint32_t r = 0; r < p->requests.size(); ++r)
        if (std::find(reqs.begin(), reqs.end(), r) == reqs.end()) s.unserved.push_back(r);
      bool const cl = cl_route{*p, p->vehicles[0], stops, {}, {}, {}, {}}.feasible();
      auto const report = check_solution(*p, s);
      bool const timed = !report.has(violation_kind::time_window) && !report.has(violation_kind::shift_end) &&
                         !report.has(violation_kind::max_ride) && !report.has(violation_kind::max_duration);
      if (cl) {
        EXPECT_TRUE(timed) << name << " round " << round << ": " << report.violations.front().message;
        ++accepted_by_both;
      } else if (timed) {
        ++only_checker;
      }
    }
    EXPECT_GT(accepted_by_both, 20) << name;
    RecordProperty(name + "_only_checker", only_checker);
  }
}

}  // namespace
}  // namespace cityos::mobility::drt
