// SPDX-License-Identifier: Apache-2.0
// Online dispatcher benchmark (issue 5): a replayed day of on-demand bookings
// in a 12 x 12 km town (Fujieda-sized) served by a fleet; vehicles follow
// their plans (pickups and drop-offs reported as they fall due), so requests
// open and close as in service. Prints the decision time of every booking
// (median, p99, max) overall and while >= --open-target requests are open,
// the acceptance rate and the largest number of open requests.
//   drt_online_bench [--vehicles 50] [--bookings 4000] [--open-target 500] [--lead-hours 3] [--seed 1]
//                    [--improve-ms 0] [--improve-every 1] [--interval-ms 100]
// Bookings are made between 15 minutes and --lead-hours before their pickup.
// With --improve-ms M, an improvement slice of M ms (dispatcher::improve, as
// the service's background thread runs it) follows every --improve-every
// bookings; its duration is what a booking arriving meanwhile waits at most.
// The service runs a slice every --interval-ms, so a booking arriving at a
// uniform random moment waits max(0, slice - offset), offset uniform in
// [0, interval): "with the wait" adds that, slices drawn from those measured.
// The planned distance (all open plans), sampled every 100 bookings, is printed either way.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "mobility/drt/dispatcher.h"

using namespace cityos;
using namespace cityos::mobility::drt;

namespace {

point offset(point p, double north_m, double east_m) {
  return {p.lat + north_m / 111'320.0, p.lon + east_m / (111'320.0 * std::cos(p.lat * M_PI / 180))};
}

double pct(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  int vehicles = 50, bookings = 4000, open_target = 500;
  unsigned seed = 1;
  double lead_hours = 3, improve_ms = 0, interval_ms = 100;
  int improve_every = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string const a = argv[i];
    if (a == "--vehicles") vehicles = std::atoi(argv[i + 1]);
    else if (a == "--bookings") bookings = std::atoi(argv[i + 1]);
    else if (a == "--open-target") open_target = std::atoi(argv[i + 1]);
    else if (a == "--lead-hours") lead_hours = std::atof(argv[i + 1]);
    else if (a == "--seed") seed = static_cast<unsigned>(std::atoi(argv[i + 1]));
    else if (a == "--improve-ms") improve_ms = std::atof(argv[i + 1]);
    else if (a == "--improve-every") improve_every = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--interval-ms") interval_ms = std::atof(argv[i + 1]);
  }
  point const centre{34.8675, 138.2570};
  epoch_ms const day = *parse_iso8601("2026-11-26T00:00:00+09:00");
  auto at = [&](double h) { return day + static_cast<epoch_ms>(h * 3600'000); };
  std::vector<fleet_vehicle> fleet;
  for (int v = 0; v < vehicles; ++v) {
    std::string id = "v";  // not "v" + to_string: GCC 12 -O2 warns falsely (-Wrestrict)
    id += std::to_string(v);
    fleet.push_back({id, {8, 1, 20}, offset(centre, (v % 7 - 3) * 1000.0, (v / 7 - 3) * 1000.0), at(6), at(23)});
  }
  auto d = dispatcher::make(fleet);
  if (!d.ok()) return 1;

  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> where(-6000, 6000), lead(0.25, lead_hours), hour(7, 20);
  struct job {
    epoch_ms booked, pickup;
    point from, to;
    bool parcel;
  };
  std::vector<job> jobs;
  for (int i = 0; i < bookings; ++i) {
    double const h = hour(rng);
    jobs.push_back({at(h - lead(rng)), at(h), offset(centre, where(rng), where(rng)), offset(centre, where(rng), where(rng)),
                    i % 5 == 4});
  }
  std::sort(jobs.begin(), jobs.end(), [](auto const& a, auto const& b) { return a.booked < b.booked; });

  std::vector<double> all, loaded, slices;
  std::size_t accepted = 0, most_open = 0, adopted = 0, booked = 0;
  double saved_m = 0, planned_m = 0;
  std::size_t samples = 0;
  for (auto const& j : jobs) {
    if (booked % 100 == 99) planned_m += d->total_distance_m(), ++samples;
    if (improve_ms > 0 && booked % static_cast<std::size_t>(improve_every) == 0 && d->open_requests() > 0) {
      auto const s0 = std::chrono::steady_clock::now();
      auto const rep = d->improve({improve_ms, 0, booked});
      slices.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s0).count());
      if (!rep.vehicles_changed.empty()) ++adopted, saved_m += rep.distance_before_m - rep.distance_after_m;
    }
    // Vehicles carry out what falls due before this booking arrives.
    for (auto const& v : d->vehicles())
      for (auto const& s : v.plan) {
        if (s.eta > j.booked) break;
        auto const kind = s.kind == node_kind::pickup ? vehicle_event::kind::picked_up : vehicle_event::kind::dropped_off;
        if (!d->apply_event(v.id, {kind, s.request_id, {}}, s.eta).ok()) break;
      }
    booking b;
    b.pickup = j.from;
    b.dropoff = j.to;
    if (j.parcel) {
      b.kind = booking_kind::parcel;
      b.amount = {0, 0, 2};
      b.pickup_window = {j.pickup, j.pickup + 3600'000};
      b.delivery_window = {j.pickup, j.pickup + 3 * 3600'000};
    } else {
      b.amount = {1 + static_cast<int>(rng() % 3), 0, 0};
      b.pickup_time = j.pickup;
    }
    std::size_t const open = d->open_requests();
    most_open = std::max(most_open, open);
    auto const t0 = std::chrono::steady_clock::now();
    auto r = d->submit(b, j.booked);
    double const ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    all.push_back(ms);
    if (open >= static_cast<std::size_t>(open_target)) loaded.push_back(ms);
    if (r.ok() && r->accepted) ++accepted;
    ++booked;
  }
  std::printf("%d vehicles, %d bookings (1 in 5 parcels): %zu accepted (%.0f %%), most open requests %zu\n", vehicles,
              bookings, accepted, 100.0 * static_cast<double>(accepted) / bookings, most_open);
  std::printf("  decision time, all:        median %.3f ms  p99 %.3f ms  max %.3f ms  (%zu decisions)\n", pct(all, 0.5),
              pct(all, 0.99), pct(all, 1.0), all.size());
  std::printf("  decision time, >= %d open: median %.3f ms  p99 %.3f ms  max %.3f ms  (%zu decisions)\n", open_target,
              pct(loaded, 0.5), pct(loaded, 0.99), pct(loaded, 1.0), loaded.size());
  if (improve_ms > 0 && !slices.empty()) {
    std::uniform_real_distribution<double> offset_ms(0, interval_ms);
    std::vector<double> waited;
    for (double ms : loaded) waited.push_back(ms + std::max(0.0, slices[rng() % slices.size()] - offset_ms(rng)));
    std::printf("  decision time with the wait for a slice every %.0f ms, >= %d open: median %.3f ms  p99 %.3f ms  "
                "max %.3f ms\n",
                interval_ms, open_target, pct(waited, 0.5), pct(waited, 0.99), pct(waited, 1.0));
  }
  if (improve_ms > 0)
    std::printf("  improvement slices of %.1f ms every %d bookings: %zu run, %zu adopted, %.1f km saved; slice time "
                "median %.3f ms  p99 %.3f ms  max %.3f ms\n",
                improve_ms, improve_every, slices.size(), adopted, saved_m / 1000, pct(slices, 0.5), pct(slices, 0.99),
                pct(slices, 1.0));
  std::printf("  planned distance of the open plans, mean of %zu samples: %.1f km\n", samples,
              samples ? planned_m / static_cast<double>(samples) / 1000 : 0.0);
  return 0;
}
