// SPDX-License-Identifier: Apache-2.0
// Journey planner benchmark (issue 4): loads a GTFS feed, builds the planner's
// timetable and fare index, then runs random queries between served stops and
// between coordinates (a random point up to 300 m from a random stop, with the
// stops within 1 km as access and egress) and prints median and p99 per kind:
// earliest arrival with transfers (RAPTOR), latest departure (arrive-by), and
// the Pareto set with fares (McRAPTOR). Dates are the feed's first Wednesday
// in service; times 06:00-21:00. Deterministic with --seed.
//   planner_bench FEED [--queries N] [--seed S] [--max-transfers K]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "mobility/fares/fare_calculator.h"
#include "mobility/gtfs/feed_loader.h"
#include "mobility/journeys/place.h"
#include "mobility/journeys/stop_index.h"
#include "mobility/planner/fare_table.h"
#include "mobility/planner/raptor.h"
#include "mobility/planner/timetable.h"

using namespace cityos::mobility;

namespace {

using clock_type = std::chrono::steady_clock;

double ms_since(clock_type::time_point t0) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
}

double rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

struct stats {
  std::vector<double> ms;
  std::size_t found = 0, journeys = 0;
  void print(char const* name) {
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) { return ms.empty() ? 0.0 : ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * static_cast<double>(ms.size())))]; };
    std::printf("  %-34s median %7.3f ms  p99 %7.3f ms  (%zu queries, %zu with a journey, %.2f journeys each)\n", name,
                at(0.5), at(0.99), ms.size(), found, found ? static_cast<double>(journeys) / static_cast<double>(found) : 0.0);
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: planner_bench FEED [--queries N] [--seed S] [--max-transfers K]\n");
    return 2;
  }
  std::string const path = argv[1];
  int queries = 1000, max_transfers = 4;
  unsigned seed = 1;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string const a = argv[i];
    if (a == "--queries") queries = std::atoi(argv[i + 1]);
    else if (a == "--seed") seed = static_cast<unsigned>(std::atoi(argv[i + 1]));
    else if (a == "--max-transfers") max_transfers = std::atoi(argv[i + 1]);
  }

  auto t0 = clock_type::now();
  auto loaded = gtfs::load_feed(path);
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s\n", loaded.err().detail.c_str());
    return 1;
  }
  gtfs::feed const f = std::move(loaded->data);
  double const load_ms = ms_since(t0);
  t0 = clock_type::now();
  planner::timetable const tt(f);
  double const tt_ms = ms_since(t0);
  t0 = clock_type::now();
  fares::fare_calculator const calculator(f);
  planner::fare_table const fares(tt, calculator);
  double const fares_ms = ms_since(t0);
  auto const boardable = journeys::boardable_stops(f);
  journeys::stop_index const index(f, boardable);
  std::printf("%s: %zu stops, %zu trips, %zu stop_times, %zu patterns, %zu fare rules\n", path.c_str(),
              f.stops.size(), f.trips.size(), f.stop_times.size(), tt.patterns().size(), f.fare_rules.size());
  std::printf("  import: load %.0f ms, timetable %.0f ms, fares %.0f ms (table %.1f MiB); peak RSS %.0f MiB\n",
              load_ms, tt_ms, fares_ms, static_cast<double>(fares.memory_bytes()) / 1048576.0, rss_mib());

  std::int32_t date = tt.calendar().first_date();
  while (planner::weekday(date) != 2) ++date;
  std::vector<gtfs::index_t> served;
  for (gtfs::index_t s = 0; s < tt.stop_count(); ++s)
    if (!tt.visits(s).empty()) served.push_back(s);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> pick(0, served.size() - 1);
  std::uniform_int_distribution<std::int32_t> when(6 * 3600, 21 * 3600);
  std::uniform_real_distribution<double> unit(0, 1);

  // A coordinate up to 300 m from a random served stop, as planner offsets.
  auto around = [&]() {
    auto const& s = f.stops[served[pick(rng)]];
    double const r = 300 * std::sqrt(unit(rng)), a = 2 * M_PI * unit(rng);
    journeys::place p{journeys::place::kind::coordinate, s.lat + r * std::cos(a) / 111'320.0,
                      s.lon + r * std::sin(a) / (111'320.0 * std::cos(s.lat * M_PI / 180)), {}};
    auto resolved = journeys::resolve_place(p, "bench", f, index, boardable, {});
    return resolved.ok() ? journeys::offsets_of(*resolved) : std::vector<planner::stop_offset>{};
  };

  struct kind {
    char const* name;
    bool coordinates, arrive_by, with_fares;
  };
  for (kind const k : {kind{"stop-to-stop earliest arrival", false, false, false},
                       kind{"stop-to-stop arrive-by", false, true, false},
                       kind{"stop-to-stop Pareto with fares", false, false, true},
                       kind{"coordinates earliest arrival", true, false, false},
                       kind{"coordinates Pareto with fares", true, false, true}}) {
    rng.seed(seed);
    stats st;
    for (int i = 0; i < queries; ++i) {
      planner::query q;
      q.date = date;
      q.time = when(rng);
      q.arrive_by = k.arrive_by;
      auto const t1 = clock_type::now();
      if (k.coordinates) {
        q.sources = around();
        q.targets = around();
      } else {
        q.sources = {{served[pick(rng)], 0}};
        q.targets = {{served[pick(rng)], 0}};
      }
      planner::search_options o{.max_transfers = max_transfers};
      if (k.with_fares) o.fares = &fares;
      auto r = planner::plan(tt, q, o);
      st.ms.push_back(ms_since(t1));
      if (r.ok() && !r->empty()) ++st.found, st.journeys += r->size();
    }
    st.print(k.name);
  }
  std::printf("  peak RSS after queries %.0f MiB\n", rss_mib());
  return 0;
}
